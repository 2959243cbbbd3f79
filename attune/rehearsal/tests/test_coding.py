import threading
import time

from attune.rehearsal import coding
from attune.skills.coder import SkillCoder


def test_threads_arriving_together_load_the_coder_once(monkeypatch):
    loads = []

    def slow_load(self):
        loads.append(self)
        time.sleep(0.05)
        return self

    monkeypatch.setattr(SkillCoder, "load", slow_load)
    coding._loaded.cache_clear()
    got = []
    threads = [threading.Thread(target=lambda: got.append(coding.coder())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    coding._loaded.cache_clear()

    assert len(loads) == 1
    assert len(got) == 4 and all(c is got[0] for c in got)

"""The skill coder, loaded once per process and shared by every request."""

import threading
from functools import lru_cache

from attune.rehearsal.engine.scenario import Scenario
from attune.skills.coder import SkillCoder

_warmed: set[str] = set()
_warm_lock = threading.Lock()


@lru_cache(maxsize=1)
def coder() -> SkillCoder:
    return SkillCoder().load()


def warm(sha256: str, scenario: Scenario) -> None:
    """Embed every line the person can say, once per scenario text and process.

    Each learner turn is coded with the person's last line as context; with that line's embedding
    already cached, a turn costs one embedding instead of two.
    """
    with _warm_lock:
        if sha256 in _warmed:
            return
        _warmed.add(sha256)
    lines = [*scenario.opening.say]
    for line in (*scenario.lines, *scenario.endings):
        lines.extend(line.say)
    coder().embedder.embed(lines)

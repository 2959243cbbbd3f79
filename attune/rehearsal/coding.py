"""The skill coder, loaded once per process and shared by every request."""

import threading
from functools import lru_cache

from attune.skills.coder import SkillCoder

# Web threads arriving together at start-up wait for one load instead of each loading the network.
_loading = threading.Lock()


def coder() -> SkillCoder:
    with _loading:
        return _loaded()


@lru_cache(maxsize=1)
def _loaded() -> SkillCoder:
    return SkillCoder().load()

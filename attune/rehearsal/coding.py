"""The skill coder, loaded once per process and shared by every request."""

from functools import lru_cache

from attune.skills.coder import SkillCoder


@lru_cache(maxsize=1)
def coder() -> SkillCoder:
    return SkillCoder().load()

"""A Redis cache that never takes a page down with it.

When Redis cannot be reached, reads miss, writes are dropped and `add` reports success (so rate limits
fail open rather than refusing everyone); a warning is logged at most once a minute. Pages keep
working on the database alone, and the cache fills again once Redis is back.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(name: str, fallback):
    """RedisCache's method `name`, answering `fallback(*args)` when Redis cannot be reached."""
    method = getattr(RedisCache, name)

    def tolerant(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _warn(error)
            return fallback(*args, **kwargs)

    tolerant.__name__ = name
    return tolerant


_last_warning = [0.0]


def _warn(error) -> None:
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        logger.warning("cache unreachable, carrying on without it (%s)", type(error).__name__)


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", lambda key, default=None, version=None: default)
    get_many = _tolerant("get_many", lambda *args, **kwargs: {})
    set = _tolerant("set", lambda *args, **kwargs: None)
    # A rate limit's first hit: reported as stored, so the limit fails open.
    add = _tolerant("add", lambda *args, **kwargs: True)
    incr = _tolerant("incr", lambda key, delta=1, version=None: delta)
    delete = _tolerant("delete", lambda *args, **kwargs: False)
    touch = _tolerant("touch", lambda *args, **kwargs: False)
    clear = _tolerant("clear", lambda *args, **kwargs: False)

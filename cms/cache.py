"""Redis as the cache, without making Redis a thing the site cannot live without.

Sessions live in the database (cached_db) and sign-in pacing in its own table, so when Redis is down or
slow, a read is a miss and a write is dropped (logged at most once a minute per process); requests carry on
a little slower instead of failing. Counters kept only in the cache (the help pages' rate limits) start
again from zero meanwhile. Short socket timeouts keep a hung Redis from holding a request."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError)
_last_logged = [0.0]


def _note(error: Exception) -> None:
    now = time.monotonic()
    if now - _last_logged[0] > 60:
        _last_logged[0] = now
        logger.warning("cache unavailable, carrying on without it: %s", error)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)

    def _or(self, default, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except OUTAGE as error:
            _note(error)
            return default

    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._or(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except OUTAGE as error:
            _note(error)
            raise ValueError("cache unavailable") from error  # callers treat it as a missing counter

    def clear(self):
        return self._or(None, super().clear)

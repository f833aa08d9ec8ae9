"""Django's Redis cache, with one redis client per connection pool instead of one per call, and the
read-through of many cached objects that the API's lean answers share.

redis-py builds a table of some 170 response callbacks in every client's ``__init__``, and Django
makes a client for every cache call: on the API's cached reads that was a third of the time spent
in the cache (bench/README.md). A client only holds its pool, and pools are thread-safe.
"""

from django.core.cache import cache
from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


def get_or_build_many(keys, build, timeout):
    """``{id: value}`` for ``keys`` (``{id: cache key}``), in their order: one cache read, and the misses
    made at once by ``build(ids)`` (``{id: value}``; an id it leaves out, gone since, is left out) and
    kept for ``timeout`` seconds."""
    found = cache.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        built = {keys[pk]: value for pk, value in build(missing).items()}
        cache.set_many(built, timeout)
        found.update(built)
    return {pk: found[key] for pk, key in keys.items() if key in found}

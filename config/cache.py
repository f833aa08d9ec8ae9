"""Django's Redis cache, with one redis client per connection pool instead of one per call, and the
read-through of many cached objects that the API's lean answers share.

redis-py builds a table of some 170 response callbacks in every client's ``__init__``, and Django
makes a client for every cache call: on the API's cached reads that was a third of the time spent
in the cache (bench/README.md). A client only holds its pool, and pools are thread-safe.
"""

import threading
from collections import OrderedDict

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


class Recent:
    """The most recently used ``size`` values of keys that name one value for ever, in this process.

    The keys of ``get_or_build_many`` hold the version of what they name (an ``updated_at``), so a value
    kept here is never stale, and a hit costs neither the cache's round trip nor unpickling. Its values are
    shared between requests: they are read, never changed (answers are built from copies).
    """

    def __init__(self, size):
        self.size = size
        self._values = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threads share it

    def get_many(self, keys):
        with self._lock:
            found = {key: self._values[key] for key in keys if key in self._values}
            for key in found:
                self._values.move_to_end(key)
        return found

    def set_many(self, values):
        with self._lock:
            for key, value in values.items():
                self._values[key] = value
                self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self):
        with self._lock:
            self._values.clear()


RECENT = Recent(size=5_000)  # goods objects and orders' own parts: a few KB each


def get_or_build_many(keys, build, timeout):
    """``{id: value}`` for ``keys`` (``{id: cache key}`` of keys that name one value for ever), in their
    order: from this process's recent values, then one cache read, and the misses made at once by
    ``build(ids)`` (``{id: value}``; an id it leaves out, gone since, is left out) and kept for ``timeout``
    seconds."""
    found = RECENT.get_many(keys.values())
    if len(found) < len(keys):
        shared = cache.get_many([key for key in keys.values() if key not in found])
        missing = [pk for pk, key in keys.items() if key not in found and key not in shared]
        if missing:
            built = {keys[pk]: value for pk, value in build(missing).items()}
            cache.set_many(built, timeout)
            shared.update(built)
        RECENT.set_many(shared)
        found.update(shared)
    return {pk: found[key] for pk, key in keys.items() if key in found}

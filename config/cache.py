"""Django's Redis cache, with one redis client per connection pool instead of one per call.

redis-py builds a table of some 170 response callbacks in every client's ``__init__``, and Django
makes a client for every cache call: on the API's cached reads that was a third of the time spent
in the cache (bench/README.md). A client only holds its pool, and pools are thread-safe.
"""

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

"""config.cache: Django's Redis cache with one client per connection pool."""

import pytest
import redis as redis_lib
from django.conf import settings

from config.cache import RedisCache


def test_one_client_serves_every_call():
    cache = RedisCache(settings.REDIS_URL or "redis://127.0.0.1:6379/15", {"KEY_PREFIX": "test-cache-client"})
    try:
        cache.set("answer", {"code": 0, "data": [1, "二"]}, 30)
    except redis_lib.ConnectionError:
        pytest.skip("no Redis server here")
    assert cache.get_many(["answer", "missing"]) == {"answer": {"code": 0, "data": [1, "二"]}}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("answer")

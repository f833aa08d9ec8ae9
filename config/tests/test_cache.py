"""config.cache: Django's Redis cache with one client per connection pool; values kept in this process."""

from unittest import mock

import pytest
import redis as redis_lib
from django.conf import settings
from django.core.cache import cache

from config.cache import RECENT, Recent, RedisCache, get_or_build_many


def test_one_client_serves_every_call():
    cache = RedisCache(settings.REDIS_URL or "redis://127.0.0.1:6379/15", {"KEY_PREFIX": "test-cache-client"})
    try:
        cache.set("answer", {"code": 0, "data": [1, "二"]}, 30)
    except redis_lib.ConnectionError:
        pytest.skip("no Redis server here")
    assert cache.get_many(["answer", "missing"]) == {"answer": {"code": 0, "data": [1, "二"]}}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("answer")


def test_recent_values_keep_the_most_recently_used():
    recent = Recent(size=2)
    recent.set_many({"a": 1, "b": 2})
    assert recent.get_many(["a", "z"]) == {"a": 1}  # "a" is now the most recent
    recent.set_many({"c": 3})
    assert recent.get_many(["a", "b", "c"]) == {"a": 1, "c": 3}


def test_values_built_once_then_kept_in_this_process(monkeypatch):
    """A miss is built and kept in the shared cache and in this process; a key this process has seen
    costs no cache read at all; a key only the shared cache has is read from it."""
    built = []

    def build(pks):
        built.extend(pks)
        return {pk: f"value {pk}" for pk in pks if pk != 3}  # 3 is gone

    keys = {1: "recent-test:1", 2: "recent-test:2", 3: "recent-test:3"}
    assert get_or_build_many(keys, build, 30) == {1: "value 1", 2: "value 2"}
    assert built == [1, 2, 3]
    with mock.patch.object(cache, "get_many", side_effect=AssertionError("read the shared cache")):
        assert get_or_build_many({2: "recent-test:2", 1: "recent-test:1"}, build, 30) == {2: "value 2", 1: "value 1"}
    RECENT.clear()  # as another process, which has seen none of them
    assert get_or_build_many({1: "recent-test:1"}, build, 30) == {1: "value 1"}
    assert built == [1, 2, 3]  # found in the shared cache, not built again

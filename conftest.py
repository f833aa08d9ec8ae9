import os
import threading
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection, connections
from rest_framework.test import APIClient

from config.cache import RECENT
from shop import tokens
from shop.tests.factories import UserFactory


def own_redis_database(url, first):
    """``url`` naming the Redis database of this test process, from ``first`` on: under pytest-xdist each
    process runs on a test database of its own, and must not share what it keeps in Redis."""
    number = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return urlsplit(url)._replace(path=f"/{first + number % 4}").geturl()


def pytest_configure(config):
    """Under pytest-xdist each process caches in a Redis database of its own: emptying the cache before each
    test empties the whole database, and a cached value (the shop's rules) would cross test databases."""
    if os.environ.get("PYTEST_XDIST_WORKER") and settings.CACHES["default"]["BACKEND"] == "config.cache.RedisCache":
        settings.CACHES["default"]["LOCATION"] = own_redis_database(settings.CACHES["default"]["LOCATION"], 4)
        caches.__dict__.pop("settings", None)  # read again from the settings


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached catalogue answers, goods objects, counters), this
    process's recent values too (a rolled-back test's ids and times may come again)."""
    cache.clear()
    RECENT.clear()


@pytest.fixture
def client_api():
    """An API client with no user, as a mini-program before login."""
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


def logged_in_client(user):
    """An API client logged in as ``user`` through the ``token`` header."""
    client = APIClient()
    client.credentials(HTTP_TOKEN=tokens.issue_token(user=user))
    client.user = user
    return client


@pytest.fixture
def api(user):
    return logged_in_client(user)


@pytest.fixture
def other_api(db):
    """A second shopper, for "never another user's object" tests."""
    return logged_in_client(UserFactory())


@pytest.fixture
def staff(client, db):
    """A browser logged in to the admin as a superuser (``staff.admin``)."""
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("races are tested on PostgreSQL, where requests really run in parallel")


def race(*jobs):
    """Run the callables at the same moment, each in its own thread and database connection.

    Returns their results (or the exceptions they raised) in order.
    """
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results

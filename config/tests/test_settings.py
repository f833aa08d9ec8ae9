import os
import subprocess
import sys

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.settings.base import BASE_DIR, SQLITE_OPTIONS


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k3Jf9-qLm2Zx8Rw1Vt6Yp0Hs5Nd4Bc7Ga-Ue2Io8Lk3Mj9Qw1Er5Ty7",
        "ALLOWED_HOSTS": "shop.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", "ALLOWED_HOSTS": "shop.example.com"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_sqlite_is_set_up_for_a_web_server_and_a_worker_writing_together(tmp_path):
    wrapper = DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "shop.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
        }
    )
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 20_000
    finally:
        wrapper.close()
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"


def test_the_embedded_cache_is_shared_by_the_web_processes_and_the_worker(tmp_path):
    """Embedded, each process would keep its own local-memory cache: a change seen by the worker
    would leave the web processes answering from a stale catalogue. Two processes share this one."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.base", "VAR_DIR": str(tmp_path)}
    script = "import django, sys; django.setup(); from django.core.cache import cache; "
    write = subprocess.run([sys.executable, "-c", script + "cache.set('k', 'seen', 60)"], cwd=BASE_DIR, env=env,
                           capture_output=True, text=True, check=False)  # fmt: skip
    read = subprocess.run([sys.executable, "-c", script + "print(cache.get('k'))"], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert (write.returncode, read.stdout.strip()) == (0, "seen"), write.stderr + read.stderr

"""The embedded default runs a real Celery worker and beat with no broker server."""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta

from celery import Celery
from django.conf import settings

from config.settings.base import BASE_DIR


def test_worker_and_beat_start_on_a_fresh_machine_run_a_task_and_tell_of_an_order(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")}
    env |= {"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [*celery, "worker", "--pool", "solo", "--loglevel", "INFO", "--logfile", str(log)], cwd=BASE_DIR, env=env
    )
    beat = subprocess.Popen([*celery, "beat", "--loglevel", "INFO"], cwd=BASE_DIR, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        queue = tmp_path / "celery" / "queue"
        sender = Celery(broker="filesystem://", broker_transport_options={
            "data_folder_in": str(queue), "data_folder_out": str(queue),
            "control_folder": str(tmp_path / "celery" / "control"),
        })  # fmt: skip
        sender.send_task("shop.tasks.purge_expired_tokens")
        # An order placed: the beat's job queues its email (within 5 s), which the worker sends.
        placed = "from orders.tests.factories import place_order; from shop.tests.factories import GoodsFactory, " \
                 "UserFactory; place_order(UserFactory(email='buyer@example.com'), GoodsFactory())"  # fmt: skip
        subprocess.run([sys.executable, "manage.py", "shell", "-c", placed], cwd=BASE_DIR, env=env, check=True)
        done = re.compile(r"Task (\S+)\[\S+\] succeeded in \S+: (\d+)")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            output = log.read_text() if log.exists() else ""
            if {"shop.tasks.purge_expired_tokens", "shop.tasks.send_emails"} <= set(dict(done.findall(output))):
                break
            time.sleep(0.3)
        results = set(done.findall(output))
        assert {("orders.tasks.send_placed_emails", "1"), ("shop.tasks.send_emails", "1")} <= results, output
        assert "shop.tasks.purge_expired_tokens" in dict(results), output
        # The every-5-s job's receipts (and its runs that found nothing) are not logged (config.logs).
        assert not re.search(r"send_placed_emails\[\S+\] (received|succeeded in \S+: 0\b)", output), output
        assert beat.poll() is None, "beat stopped"
        assert worker.poll() is None, "worker stopped"
    finally:
        for process in (worker, beat):
            process.terminate()
            process.wait(timeout=20)


def test_the_beat_schedule_names_real_tasks():
    from config.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_the_payment_and_order_jobs_run_every_minute():
    every_minute = {
        entry["task"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if isinstance(entry["schedule"], timedelta) and entry["schedule"].total_seconds() == 60
    }
    assert every_minute == {
        "payments.tasks.poll_pending_payments",
        "payments.tasks.close_unpaid_orders",
        "payments.tasks.complete_shipped_orders",
    }
    daily = settings.CELERY_BEAT_SCHEDULE["expire-memberships"]["schedule"]
    assert (daily.hour, daily.minute) == ({0}, {5})  # memberships lapse once a day, just after midnight

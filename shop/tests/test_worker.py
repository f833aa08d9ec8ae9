"""The embedded default runs a real Celery worker and beat with no broker server."""

import os
import subprocess
import sys
import time
from datetime import timedelta

from celery import Celery
from django.conf import settings

from config.settings.base import BASE_DIR


def test_worker_and_beat_start_on_a_fresh_machine_and_run_a_task(tmp_path):
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
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if log.exists() and "purge_expired_tokens" in log.read_text() and "succeeded" in log.read_text():
                break
            time.sleep(0.3)
        output = log.read_text() if log.exists() else ""
        assert "Task shop.tasks.purge_expired_tokens" in output and "succeeded" in output, output
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

"""What one more process of each kind adds, measured: gunicorn with 1 and 2 workers, Celery with
1 and 2 worker processes on the Redis broker, one PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop_bench REDIS_URL=redis://127.0.0.1:6379/13 \
        .venv/bin/python bench/scale.py

Web: the bare endpoint, the archive list and the order list, ApacheBench as in bench/reads.py.
Workers: 10,000 due orders among 20,000 closed by real worker processes fed by the beat task's
fan-out; the time runs from sending the task to the last order closed.
"""

import os
import subprocess
import sys
import time

from celery import Celery
from django.conf import settings
from django.db import connection
from jobs import seed
from reads import ROOT, measure, prepare, serving  # also sets Django up

from orders.models import Order
from orders.status import OrderStatus

DUE, TOTAL = 10_000, 20_000


def web(processes, token):
    with serving("--workers", str(processes)) as base:
        return {path: measure(base, token, "GET", path, None, 4)
                for path in ("/bench/bare", "/api/archive/list?pageSize=10", "/api/orders")}  # fmt: skip


def workers(processes):
    seed(total=TOTAL, due=DUE, status=OrderStatus.WAITING)
    connection.close()
    db = settings.DATABASES["default"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "LOG_LEVEL": "WARNING",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}  # fmt: skip
    sender = Celery(broker=settings.CELERY_BROKER_URL)
    sender.connection_for_write().default_channel.client.delete("celery")  # no leftovers
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"]
    started_workers = [
        subprocess.Popen(  # noqa: S603 (our own worker, fixed arguments)
            [*command, "-n", f"scale{n}@%h"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for n in range(processes)
    ]
    try:
        time.sleep(5)  # the workers start and connect
        started = time.perf_counter()
        sender.send_task("payments.tasks.close_unpaid_orders")
        while Order.objects.filter(status=OrderStatus.CLOSED).count() < DUE:
            if time.perf_counter() - started > 600:
                raise SystemExit("FAULT: the workers did not close the due orders in 10 minutes")
            time.sleep(0.2)
        return time.perf_counter() - started
    finally:
        for process in started_workers:
            process.terminate()
            process.wait(timeout=30)


def main():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        raise SystemExit("bench/scale.py needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    token, _, _ = prepare()
    connection.close()
    rates = {n: web(n, token) for n in (1, 2)}
    print("| gunicorn workers | bare req/s | archive list req/s | order list req/s |")
    print("| ---: | ---: | ---: | ---: |")
    for n, figures in rates.items():
        print(f"| {n} | " + " | ".join(f"{value:,.0f}" for value in figures.values()) + " |")
    times = {n: workers(n) for n in (1, 2)}
    print(f"| Celery worker processes | close {DUE:,} due among {TOTAL:,} | orders/s |")
    print("| ---: | ---: | ---: |")
    for n, seconds in times.items():
        print(f"| {n} | {seconds:.1f} s | {DUE / seconds:,.0f} |")


if __name__ == "__main__":
    main()

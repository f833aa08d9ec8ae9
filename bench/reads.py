"""The API's reads (and cart add) under gunicorn on PostgreSQL, each as a ratio to a bare DRF endpoint
served by the same processes in the same run: the ratio, not the machine, is the figure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop_bench .venv/bin/python bench/reads.py [--smoke]

It loads the demo shop, gives a bench shopper 10 orders of 3 lines and a cart of 5, starts gunicorn
(2 workers) on a loopback port, and loads each endpoint with ApacheBench (``ab``, Debian's
apache2-utils: a C client, so the load generator is not the bottleneck), CLIENTS connections for a
few seconds, three rounds, keeping the median. An answer that is not code 0 is a fault and fails it.
"""

import argparse
import contextlib
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from cart.models import CartItem  # noqa: E402
from orders.pricing import Line  # noqa: E402
from orders.services import create_order  # noqa: E402
from shop import tokens  # noqa: E402
from shop.models import Goods, User  # noqa: E402

CLIENTS = 8


def prepare():
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    buyer, _ = User.objects.get_or_create(username="bench-reader")
    goods = list(Goods.objects.filter(status=Goods.Status.PUBLISHED, skus__isnull=True).order_by("pk")[:5])
    Goods.objects.filter(pk__in=[g.pk for g in goods]).update(stock=10**8)
    if not buyer.orders.exists():
        for n in range(10):
            create_order(user=buyer, lines=[Line(g.pk, None, 1) for g in goods[n % 3 : n % 3 + 3]])
    CartItem.objects.filter(user=buyer).delete()
    for g in goods:
        CartItem.objects.create(user=buyer, goods=g, quantity=1, origin_price=g.price)
    order_id = buyer.orders.order_by("-pk").values_list("order_id", flat=True).first()
    return tokens.issue_token(user=buyer, remember=True), goods[0].pk, order_id


def check(base, token, method, path, body):
    """One request first: an answer that is not code 0 is a fault, and the bench stops."""
    answer = requests.request(method, base + path, json=body, headers={"token": token}, timeout=30)
    if answer.status_code != 200 or answer.json()["code"] != 0:
        raise SystemExit(f"FAULT: {method} {path}: {answer.status_code} {answer.text[:200]}")


def measure(base, token, method, path, body, seconds):
    """Requests per second from ApacheBench (a C client: the Python one was the bottleneck)."""
    command = ["ab", "-q", "-k", "-c", str(CLIENTS), "-t", str(seconds), "-n", "1000000", "-H", f"token: {token}"]
    if body is not None:
        payload = ROOT / "var" / "bench-body.json"
        payload.write_text(json.dumps(body))
        command += ["-p", str(payload), "-T", "application/json"]
    output = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return float(re.search(r"Requests per second:\s+([\d.]+)", output).group(1))


@contextlib.contextmanager
def serving(*options):
    """gunicorn serving the shop (and ``/bench/bare``) on a loopback port; yields its base URL."""
    port = 8765
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", *options, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/bench/bare", timeout=1)
                break
            except requests.RequestException:  # not up yet, or still importing the app
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait()


def smoke_or_full(doc, script):
    """Whether ``--smoke`` was asked (CI's short check that a bench runs); a bench needs PostgreSQL."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="one short round: CI's check that it runs")
    if connection.vendor != "postgresql":
        raise SystemExit(f"{script} needs DATABASE_URL pointing at a PostgreSQL bench database")
    return parser.parse_args().smoke


def main():
    rounds, seconds = (1, 1) if smoke_or_full(__doc__, "bench/reads.py") else (3, 4)
    token, goods_id, order_id = prepare()
    connection.close()
    with serving("--workers", "2") as base:
        endpoints = [
            ("bare DRF endpoint", "GET", "/bench/bare", None),
            ("archive list", "GET", "/api/archive/list?pageSize=10", None),
            ("category list", "GET", "/api/category/list", None),
            ("order list (10 orders, 3 lines)", "GET", "/api/orders", None),
            ("order detail", "GET", f"/api/order/detail?order_id={order_id}", None),
            ("cart list (5)", "GET", "/api/cart/list", None),
            ("checkout preview", "POST", "/api/order/checkout", {"goods_id": goods_id, "quantity": 1}),
            ("cart add (again)", "POST", "/api/cart/add", {"archive_id": goods_id, "quantity": 1}),
        ]
        for _name, method, path, body in endpoints:
            check(base, token, method, path, body)
        rates = {name: [] for name, *_ in endpoints}
        for _ in range(rounds):  # rounds interleave, so a slow moment of the machine hits every endpoint
            for name, method, path, body in endpoints:
                rates[name].append(measure(base, token, method, path, body, seconds))
    bare = statistics.median(rates["bare DRF endpoint"])
    print(f"reads bench: gunicorn 2 workers, {CLIENTS} clients, {rounds} rounds of {seconds} s, median")
    print("| endpoint | requests/s | % of bare |")
    print("| --- | ---: | ---: |")
    for name, values in rates.items():
        print(f"| {name} | {statistics.median(values):,.0f} | {100 * statistics.median(values) / bare:.1f}% |")


if __name__ == "__main__":
    main()

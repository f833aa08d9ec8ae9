"""Order create with 32 buyers at once on one hot SKU, under gunicorn on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop_bench .venv/bin/python bench/race.py [--smoke]

gunicorn runs as the Procfile starts it (2 workers of 4 threads), so up to 8 orders contend for
the SKU's row at once. BUYERS shoppers, each with its own token, post ``/api/order/create`` back to
back for a few seconds, three rounds: each buyer is an ApacheBench client of one connection (a C
client, as in bench/reads.py: 32 Python clients took a tenth of the 2 cores the server needs), and
every answer must have made an order (counted in the database). The median rate is a ratio to the
bare DRF endpoint served by the same processes, with each order's p50 and p99. Then the stock is set
to STOCK and every buyer keeps ordering until refused: exactly STOCK orders must be made, the stock
must end at 0 and the sales at STOCK. Any other answer than an order or "only 0 left" is a fault.
"""

import json
import re
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests
from django.core.management import call_command
from django.db import connection
from reads import measure, serving, smoke_or_full  # also sets Django up

from orders.models import Order
from shop import tokens
from shop.models import Category, Goods, GoodsOption, GoodsOptionValue, GoodsSku, User

BUYERS = 32
STOCK = 200


def prepare():
    call_command("migrate", verbosity=0)
    category = Category.objects.get_or_create(url_token="bench-race", defaults={"title": "Bench"})[0]  # noqa: S106
    hot = {"title": "Hot item", "category": category, "price": 100}
    goods = Goods.objects.get_or_create(url_token="bench-hot", defaults=hot)[0]  # noqa: S106
    option = GoodsOption.objects.get_or_create(goods=goods, title="Size")[0]
    value = GoodsOptionValue.objects.get_or_create(option=option, title="One")[0]
    sku = GoodsSku.objects.get_or_create(goods=goods, symbol=str(value.pk), defaults={"title": "One", "price": 100})[0]
    sku.values.set([value])
    Order.objects.filter(details__goods=goods).delete()
    buyers = [User.objects.get_or_create(username=f"bench-buyer-{n}")[0] for n in range(BUYERS)]
    return goods, sku, [tokens.issue_token(user=buyer, remember=True) for buyer in buyers]


def set_stock(goods, sku, stock):
    GoodsSku.objects.filter(pk=sku.pk).update(stock=stock)
    Goods.objects.filter(pk=goods.pk).update(stock=stock, sold_count=0)


def race(base, tokens_, body, seconds):
    """Every buyer (an ``ab`` client of one connection) posts orders back to back for ``seconds``; returns
    (orders a second, each answer's latency). An answer that made no order is a fault."""
    with tempfile.TemporaryDirectory() as folder:
        payload = Path(folder) / "body.json"
        payload.write_text(json.dumps(body))
        before = Order.objects.count()
        start = time.perf_counter()
        command = ["ab", "-q", "-k", "-c", "1", "-t", str(seconds), "-n", "1000000", "-p", str(payload), "-T",
                   "application/json"]  # fmt: skip
        clients = [
            subprocess.Popen(  # noqa: S603 (ab, fixed arguments)
                [*command, "-H", f"token: {token}", "-g", f"{folder}/{n}.tsv", base + "/api/order/create"],
                stdout=subprocess.PIPE,
                text=True,
            )
            for n, token in enumerate(tokens_)
        ]
        answered = sum(int(re.search(r"Complete requests:\s+(\d+)", client.communicate()[0]).group(1))
                       for client in clients)  # fmt: skip
        elapsed = time.perf_counter() - start
        made = settled_orders() - before
        connection.close()
        if made < answered:  # ab may leave a last request unanswered at its time limit: more orders, never fewer
            raise SystemExit(f"FAULT: {answered - made} of {answered} answers made no order")
        latencies = [float(line.split("\t")[4]) / 1000 for n in range(len(tokens_))
                     for line in Path(f"{folder}/{n}.tsv").read_text().splitlines()[1:]]  # fmt: skip
    return answered / elapsed, latencies


def settled_orders():
    """How many orders there are once the server has finished the requests ab left at its time limit."""
    count = Order.objects.count()
    while True:
        time.sleep(1)
        count, before = Order.objects.count(), count
        if count == before:
            return count


def buy_out(base, tokens_, body):
    """Every buyer posts orders back to back (a Python client, which reads each answer) until refused; returns
    (refusals, faults)."""
    refused, faults = [], []

    def buyer(token):
        with requests.Session() as session:
            session.headers.update({"token": token, "Language": "en"})  # the refusal it looks for is English
            while True:
                answer = session.post(base + "/api/order/create", json=body, timeout=60).json()
                if answer["code"] == 0:
                    continue
                if answer["msg"].endswith("only 0 left"):
                    refused.append(answer["msg"])
                else:
                    faults.append(answer)
                return

    threads = [threading.Thread(target=buyer, args=(token,)) for token in tokens_]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return refused, faults


def main():
    rounds, seconds = (1, 2) if smoke_or_full(__doc__, "bench/race.py") else (3, 5)
    goods, sku, buyer_tokens = prepare()
    body = {"goods_id": goods.pk, "goods_sku_id": sku.pk, "quantity": 1}
    set_stock(goods, sku, 10**8)
    connection.close()
    with serving("--workers", "2", "--threads", "4") as base:
        bares, rates, latencies = [], [], []
        for _ in range(rounds):  # interleaved, so a slow moment of the machine hits both
            bares.append(measure(base, buyer_tokens[0], "GET", "/bench/bare", None, 3))
            rate, times = race(base, buyer_tokens, body, seconds)
            rates.append(rate)
            latencies += times
        bare, rate = statistics.median(bares), statistics.median(rates)
        set_stock(goods, sku, STOCK)
        connection.close()
        before = Order.objects.count()
        refused, faults = buy_out(base, buyer_tokens, body)
    made = Order.objects.count() - before
    sku.refresh_from_db()
    goods.refresh_from_db()
    if faults or made != STOCK or sku.stock != 0 or goods.stock != 0 or goods.sold_count != STOCK:
        raise SystemExit(f"FAULT: {made} orders for {STOCK} in stock, SKU stock {sku.stock}, goods {goods.stock} "
                         f"left and {goods.sold_count} sold, {len(refused)} refused, {faults[:1]}")  # fmt: skip
    p50, p99 = statistics.median(latencies), statistics.quantiles(latencies, n=100)[98]
    print(f"write race: {BUYERS} buyers on one SKU, gunicorn 2 workers x 4 threads, {rounds} rounds of {seconds} s")
    print("| orders/s | % of bare | p50 | p99 | p99 / p50 | oversold |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {rate:,.0f} | {100 * rate / bare:.1f}% | {1000 * p50:.0f} ms | {1000 * p99:.0f} ms | "
          f"{p99 / p50:.1f} | 0 of {STOCK} |")  # fmt: skip


if __name__ == "__main__":
    main()

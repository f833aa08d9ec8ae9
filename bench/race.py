"""Order create with 32 buyers at once on one hot SKU, under gunicorn on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop_bench .venv/bin/python bench/race.py [--smoke]

gunicorn runs as the Procfile starts it (2 workers of 4 threads), so up to 8 orders contend for
the SKU's row at once. BUYERS threads, each a shopper with its own token, post ``/api/order/create``
back to back for a few seconds, three rounds: the median rate is a ratio to the bare DRF endpoint served by the same
processes (ApacheBench, as in bench/reads.py), with each order's p50 and p99. Then the stock is set
to STOCK and every buyer keeps ordering until refused: exactly STOCK orders must be made, the stock
must end at 0 and the sales at STOCK. Any other answer than an order or "only 0 left" is a fault.
(The buyers are Python threads, not ``ab``: each needs its own token. At these rates they wait on
the server, not on themselves.)
"""

import statistics
import threading
import time

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


def buy(base, tokens_, body, *, until=None, refused_ends=False):
    """Every buyer posts orders back to back; returns (latencies of orders, refusals, faults)."""
    latencies, refused, faults = [], [], []

    def buyer(token):
        with requests.Session() as session:
            session.headers.update({"token": token, "Language": "en"})  # the refusal it looks for is English
            while until is None or time.perf_counter() < until:
                start = time.perf_counter()
                answer = session.post(base + "/api/order/create", json=body, timeout=60).json()
                if answer["code"] == 0:
                    latencies.append(time.perf_counter() - start)
                elif refused_ends and answer["msg"].endswith("only 0 left"):
                    refused.append(answer["msg"])
                    return
                else:
                    faults.append(answer)
                    return

    threads = [threading.Thread(target=buyer, args=(token,)) for token in tokens_]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, refused, faults


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
            start = time.perf_counter()
            made, _, faults = buy(base, buyer_tokens, body, until=start + seconds)
            rates.append(len(made) / (time.perf_counter() - start))
            latencies += made
            if faults:
                raise SystemExit(f"FAULT: {faults[0]}")
        bare, rate = statistics.median(bares), statistics.median(rates)
        set_stock(goods, sku, STOCK)
        connection.close()
        before = Order.objects.count()
        _, refused, faults = buy(base, buyer_tokens, body, refused_ends=True)
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

"""Races, with real threads on PostgreSQL: each thread is its own connection and transaction."""

import threading

import pytest
from django.db import connection
from django.db.models.signals import post_save

from conftest import logged_in_client, race
from orders import numbers
from orders.models import Order, OrderEvent
from orders.pricing import Line
from orders.services import create_order
from orders.tests.factories import place_order
from shop.tests.factories import GoodsFactory, UserFactory, add_skus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def test_30_buyers_for_5_items_make_exactly_5_orders():
    shirt = GoodsFactory(title="Last Shirts")
    (sku,) = add_skus(shirt, {"Size": ["M"]}, price=5000, stock=5)
    clients = [logged_in_client(UserFactory()) for _ in range(30)]
    body = {"goods_id": shirt.id, "goods_sku_id": sku.id, "quantity": 1}

    answers = race(*[lambda c=c: c.post("/api/order/create", body, format="json").json() for c in clients])

    assert sum(a["code"] == 0 for a in answers) == 5
    assert all(a["msg"] == "Last Shirts (M): only 0 left" for a in answers if a["code"] != 0)
    sku.refresh_from_db()
    shirt.refresh_from_db()
    assert (sku.stock, shirt.stock, shirt.sold_count) == (0, 0, 5)
    assert Order.objects.count() == 5
    print(f"\n30 buyers, stock 5: {Order.objects.count()} orders, final stock {sku.stock}")


def test_cancel_racing_a_cancel_releases_stock_once():
    goods = GoodsFactory(stock=10)
    buyer = UserFactory()
    order = place_order(buyer, goods, quantity=4)
    clients = [logged_in_client(buyer) for _ in range(2)]

    answers = race(*[lambda c=c: c.post("/api/order/cancel", {"order_id": order.order_id}, format="json").json()
                     for c in clients])  # fmt: skip

    assert sorted(a["code"] for a in answers) == [-1, 0]
    goods.refresh_from_db()
    assert (goods.stock, goods.sold_count) == (10, 0)
    print(f"\ncancel x2: stock back to {goods.stock} (once)")


def test_an_idempotent_create_retried_concurrently_makes_one_order():
    goods = GoodsFactory(stock=10)
    buyer = UserFactory()
    clients = [logged_in_client(buyer) for _ in range(6)]

    def create(client):
        return client.post(
            "/api/order/create", {"goods_id": goods.id}, format="json", HTTP_IDEMPOTENCY_KEY="retry-7"
        ).json()

    answers = race(*[lambda c=c: create(c) for c in clients])

    assert all(a["code"] == 0 for a in answers)
    assert len({a["data"]["order_id"] for a in answers}) == 1
    assert Order.objects.count() == 1
    goods.refresh_from_db()
    assert goods.stock == 9


def test_orders_and_stock_of_different_goods_do_not_deadlock():
    a, b = GoodsFactory(stock=50), GoodsFactory(stock=50)
    clients = [logged_in_client(UserFactory()) for _ in range(10)]
    forwards = [{"goods_id": a.id, "quantity": 1}, {"goods_id": b.id, "quantity": 1}]

    answers = race(*[
        lambda c=c, i=i: c.post("/api/order/create", {"details": forwards[:: 1 if i % 2 else -1]},
                                format="json").json()
        for i, c in enumerate(clients)
    ])  # fmt: skip

    assert [x["code"] for x in answers] == [0] * 10
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (40, 40)


def test_numbers_drawn_at_once_never_collide():
    drawn = race(*[lambda: [numbers.next_number("order") for _ in range(20)] for _ in range(8)])
    flat = [n for batch in drawn for n in batch]
    assert len(flat) == len(set(flat)) == 160


def test_an_order_being_placed_does_not_hold_the_hot_rows():
    """The product's and SKU's rows are locked only by the stock UPDATE, the last statement of an
    order: while one buyer's order is still being written, another's goes through at once."""
    shirt = GoodsFactory(title="Hot Shirt")
    (sku,) = add_skus(shirt, {"Size": ["M"]}, price=5000, stock=10)
    slow, quick = UserFactory(), UserFactory()
    writing, go_on = threading.Event(), threading.Event()

    def hold_the_slow_order(sender, instance, **kwargs):
        if instance.actor_id == slow.pk:  # its order and lines are written, its stock not yet taken
            writing.set()
            go_on.wait(10)

    post_save.connect(hold_the_slow_order, sender=OrderEvent)
    try:
        thread = threading.Thread(
            target=lambda: race(lambda: create_order(user=slow, lines=[Line(shirt.pk, sku.pk, 1)]))
        )
        thread.start()
        assert writing.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # a lock held by the slow order fails this, not hangs
        create_order(user=quick, lines=[Line(shirt.pk, sku.pk, 1)])
        go_on.set()
        thread.join(10)
    finally:
        go_on.set()
        post_save.disconnect(hold_the_slow_order, sender=OrderEvent)
    sku.refresh_from_db()
    assert sku.stock == 8 and Order.objects.count() == 2

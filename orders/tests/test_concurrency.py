"""Races, with real threads on PostgreSQL: each thread is its own connection and transaction."""

import pytest

from conftest import logged_in_client, race
from orders import numbers
from orders.models import Order
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

"""Coupon races, with real threads on PostgreSQL."""

import pytest

from conftest import logged_in_client, race
from coupons.models import CouponCode
from coupons.tests.factories import CodeFactory, CouponFactory
from orders.models import Order
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def claim(client, coupon):
    return client.post("/api/coupon/code", {"id": coupon.id}, format="json").json()


def test_50_shoppers_claiming_10_coupons_get_exactly_10():
    coupon = CouponFactory(quantity=10)
    clients = [logged_in_client(UserFactory()) for _ in range(50)]
    answers = race(*[lambda c=c: claim(c, coupon) for c in clients])
    assert sum(a["code"] == 0 for a in answers) == 10
    assert {a["msg"] for a in answers if a["code"]} == {"this coupon has all been claimed"}
    coupon.refresh_from_db()
    assert (coupon.issued, CouponCode.objects.count()) == (10, 10)
    print(f"\n50 claims of a campaign of 10: {CouponCode.objects.count()} codes, issued {coupon.issued}")


def test_one_shopper_claiming_twice_at_once_with_a_limit_of_one_gets_one():
    coupon = CouponFactory(per_user=1)
    user = UserFactory()
    clients = [logged_in_client(user) for _ in range(4)]
    answers = race(*[lambda c=c: claim(c, coupon) for c in clients])
    assert sorted(a["code"] for a in answers) == [-1, -1, -1, 0]
    assert CouponCode.objects.filter(user=user).count() == 1
    print(f"\n4 simultaneous claims, per_user 1: {CouponCode.objects.filter(user=user).count()} code")


def test_two_orders_racing_for_one_code_one_wins_nothing_half_written():
    goods = GoodsFactory(price=10000, stock=10)
    user = UserFactory()
    code = CodeFactory(user=user, coupon=CouponFactory(money=3000))
    clients = [logged_in_client(user) for _ in range(2)]
    body = {"goods_id": goods.id, "coupon_code": code.code}
    answers = race(*[lambda c=c: c.post("/api/order/create", body, format="json").json() for c in clients])
    assert sorted(a["code"] for a in answers) == [-1, 0]
    assert [a["msg"] for a in answers if a["code"]] == ["coupon_code: this coupon has been used"]
    code.refresh_from_db()
    winner = Order.objects.get()
    assert (code.status, code.order_id, winner.amount) == (1, winner.id, 7000)
    goods.refresh_from_db()
    assert goods.stock == 9
    print(f"\n2 orders, 1 code: {Order.objects.count()} order uses it, stock {goods.stock}")


def test_distributed_code_typed_by_two_shoppers_at_once_goes_to_one():
    goods = GoodsFactory(price=10000, stock=10)
    code = CouponCode.objects.create(coupon=CouponFactory(money=1000))
    clients = [logged_in_client(UserFactory()) for _ in range(2)]
    body = {"goods_id": goods.id, "coupon_code": code.code}
    answers = race(*[lambda c=c: c.post("/api/order/create", body, format="json").json() for c in clients])
    assert sorted(a["code"] for a in answers) == [-1, 0]
    code.refresh_from_db()
    assert code.user_id == Order.objects.get().user_id

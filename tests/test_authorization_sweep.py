"""A second shopper tries every endpoint against the first one's objects.

The routes come from the URL conf, so a new endpoint is swept without anyone adding it here:
every ``/api`` endpoint (GET with the victim's ids in the query, POST with them in the body) and
every page (its path ids and its form fields filled with the victim's). Whatever the answer, it
is never a 500, never shows the victim's data, and leaves the victim's objects as they were.
The admin is left out (it is for staff, behind Django's own permissions), and so is the API's description.
"""

import itertools
import re

import pytest
from django.urls import URLResolver, get_resolver

from cart.models import CartItem
from conftest import logged_in_client
from coupons.models import CouponCode
from coupons.tests.factories import CodeFactory
from orders.models import Address, Order
from orders.tests.factories import ADDRESS, AddressFactory, place_order
from payments.models import Payment, Refund
from shop.models import AuthToken, User, WishlistItem
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db
SKIPPED = re.compile(
    r"^(admin/|media|\^media|favicon|\^api|api/schema|api/docs|account/logout/|account/password/reset/<)"
)


def routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return sorted(route for route in walk(get_resolver().url_patterns) if not SKIPPED.match(route))


ROUTES = routes()


@pytest.fixture
def victim():
    owner = UserFactory(username="victim-vance", email="vance@victim.example", phone="13912345678", balance=50000)
    goods = GoodsFactory(price=1000, stock=50)
    address = AddressFactory(user=owner, name="Vance Victim", phone="13987654321", address_info="1 Secret Lane")
    waiting = place_order(owner, goods)
    paid = place_order(owner, goods, status=1)
    payment = Payment.objects.create(payment_id="202611221200000077", order=waiting, user=owner, pay_way="sandbox",
                                     amount=waiting.amount, currency="CNY")  # fmt: skip
    item = CartItem.objects.create(user=owner, goods=goods, quantity=2, origin_price=goods.price)
    wish = WishlistItem.objects.create(user=owner, goods=goods, origin_price=goods.price)
    code = CodeFactory(user=owner)
    ids = {
        "id": [address.pk, item.pk, wish.pk, code.pk, waiting.pk, paid.pk],
        "pk": [address.pk, waiting.pk],
        "order_id": [waiting.order_id, paid.order_id],
        "payment_id": [payment.payment_id],
        "address_id": [address.pk],
        "address": [address.pk],
        "coupon_code_id": [code.pk],
        "coupon_code": [code.code],
        "coupon": [code.pk],
    }
    markers = [owner.username, owner.email, owner.phone, "Vance Victim", "13987654321", "1 Secret Lane",
               waiting.order_id, paid.order_id, payment.payment_id, code.code]  # fmt: skip
    return {"user": owner, "goods": goods, "ids": ids, "markers": markers}


def state_of(owner):
    """Everything of the victim's an intruder might change."""
    return {
        "user": User.objects.filter(pk=owner.pk).values("balance", "email", "phone", "password").get(),
        "orders": list(Order.objects.filter(user=owner).order_by("pk").values("status", "refund_status", "address_id")),
        "addresses": list(Address.objects.filter(user=owner).order_by("pk").values()),
        "cart": list(CartItem.objects.filter(user=owner).order_by("pk").values("goods_id", "quantity")),
        "wishlist": list(WishlistItem.objects.filter(user=owner).order_by("pk").values("goods_id", "remark")),
        "codes": list(CouponCode.objects.filter(user=owner).order_by("pk").values("status", "order_id")),
        "payments": list(Payment.objects.filter(user=owner).order_by("pk").values("status")),
        "refunds": Refund.objects.filter(order__user=owner).count(),
        "tokens": AuthToken.objects.filter(user=owner).count(),
    }


def attempts(victim):
    """The victim's ids, one of each kind at a time, in every field that names an object."""
    kinds = victim["ids"]
    longest = max(len(values) for values in kinds.values())
    for index in range(longest):
        chosen = {field: values[index % len(values)] for field, values in kinds.items()}
        yield {**chosen, **ADDRESS, "goods_id": victim["goods"].pk, "archive_id": victim["goods"].pk, "quantity": 1,
               "pay_way": "balance", "reason": "mine now", "remark": "mine now", "details": [], "place": "1",
               "is_default": True}  # fmt: skip


def path_variants(route, chosen):
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not params:
        return [route]
    variants = []
    for converter, name in params:
        value = chosen.get(name, chosen["id"])
        if converter == "int" and not str(value).isdigit():
            return []
        route = re.sub(rf"<(?:\w+:)?{name}>", str(value), route)
    variants.append(route)
    return variants


def check(response, victim, before, where):
    assert response.status_code != 500, where
    body = response.content.decode(errors="replace")
    leaked = [marker for marker in victim["markers"] if marker in body]
    assert not leaked, f"{where} shows the victim's {leaked}"
    assert state_of(victim["user"]) == before, f"{where} changed the victim's objects"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.startswith("api/")])
def test_an_api_endpoint_never_serves_or_changes_another_shoppers_objects(route, victim):
    intruder = logged_in_client(UserFactory(balance=100000))
    before = state_of(victim["user"])
    for body in attempts(victim):
        query = {k: v for k, v in body.items() if not isinstance(v, list | bool)}
        check(intruder.get(f"/{route}", query), victim, before, f"GET /{route}")
        response = intruder.post(f"/{route}", body, format="json")
        check(response, victim, before, f"POST /{route}")
        assert set(response.json()) >= {"code", "msg", "data"}


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.startswith("api/")])
def test_a_page_never_serves_or_changes_another_shoppers_objects(route, victim, client):
    client.force_login(UserFactory(balance=100000))
    before = state_of(victim["user"])
    swept = 0
    for body in attempts(victim):
        form = {k: v for k, v in body.items() if not isinstance(v, list)}
        for path in path_variants(route, body):
            check(client.get(f"/{path}", form), victim, before, f"GET /{path}")
            check(client.post(f"/{path}", form), victim, before, f"POST /{path}")
            swept += 1
    assert swept or "<int:" in route  # a route whose ids are not numbers is swept with the order numbers


def test_the_sweep_covers_the_routes_that_take_an_id():
    taking_ids = [r for r in ROUTES if "<" in r]
    assert {"orders/<str:order_id>/", "addresses/<int:pk>/delete/", "payment/return/<str:payment_id>/"} <= set(
        taking_ids
    )
    assert len([r for r in ROUTES if r.startswith("api/")]) >= 30
    assert not list(itertools.islice((r for r in ROUTES if r.startswith("admin/")), 1))

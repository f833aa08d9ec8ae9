"""Input nobody should send, sent anyway: a clear refusal every time, never a 500 (spec section 1)."""

import json

import pytest

from cart.models import CartItem
from config.urls import api_patterns
from coupons.tests.factories import CodeFactory
from orders.tests.factories import place_order
from shop.tests.factories import GoodsFactory

pytestmark = pytest.mark.django_db
# Every endpoint that takes a body (logout reads none).
WRITE_PATHS = [
    f"/api/{p.pattern}" for p in api_patterns if hasattr(p.callback.view_class, "post") and str(p.pattern) != "logout"
]
REFUSED_BODIES = {
    "nested": ("[" * 50_000 + "]" * 50_000, "body: "),
    "nested-object": ('{"details": ' + "[" * 25 + "]" * 25 + "}", "body: nested too deeply"),
    "null": ("null", "body: send a JSON object"),
    "list": ("[1, 2]", "body: send a JSON object"),
    "string": ('"hello"', "body: send a JSON object"),
    "not-json": ("{'goods_id': 1", "body: not valid JSON"),
    "not-utf8": (b'{"remark": "\xff\xfe"}', "body: not valid JSON"),
}


@pytest.mark.parametrize("kind", list(REFUSED_BODIES))
@pytest.mark.parametrize("path", WRITE_PATHS)
def test_bodies_that_are_not_a_json_object_are_refused_by_every_endpoint(api, path, kind):
    body, message = REFUSED_BODIES[kind]
    response = api.post(path, body, content_type="application/json")
    assert response.status_code == 200
    answer = response.json()
    assert answer["code"] == -1 and answer["msg"].startswith(message) and answer["data"] is None


def test_a_body_larger_than_django_takes_is_refused(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"remark": "x" * 20_000})
    assert api.post("/api/cart/add", body, content_type="application/json").json()["msg"] == "body: larger than 9 KB"


@pytest.mark.parametrize(
    "path",
    [
        "/api/archive/list?q=%00&categoryId=%00&current=%00&pageSize=%00",
        "/api/archive/detail?id=%00",
        "/api/archive/detail?url_token=a%00b",
        "/api/order/list?status=%00",
        "/api/order/detail?order_id=%00",
        "/api/coupon/list?status=%00",
        "/api/payment/check?order_id=%00",
        "/api/wishlist/list?current=%00",
        "/api/%00",
    ],
)
def test_nul_bytes_in_api_queries_are_refused_in_the_envelope(api, path):
    response = api.get(path)
    assert response.status_code == 200 and response.json()["code"] in (-1, 0)


@pytest.mark.parametrize(
    "path",
    ["/?q=%00", "/?categoryId=%00&page=%00", "/orders/?search=%00&status=%00", "/goods/%00/", "/checkout/?goods_id=%00",
     "/coupons/?page=%00", "/account/login/?next=%00"],
)  # fmt: skip
def test_nul_bytes_in_page_queries_are_no_500(client, user, path):
    client.force_login(user)
    assert client.get(path).status_code in (200, 302, 400, 404)


def test_nul_bytes_in_fields_are_refused(api):
    goods = GoodsFactory()
    answer = api.post("/api/cart/add", {"goods_id": goods.pk, "quantity": 1, "remark": "a\x00"}, format="json").json()
    assert answer["code"] in (0, -1)
    body = {"user_name": "nul\x00name", "password": "Long enough 1"}
    assert api.post("/api/register", body, format="json").json() == {
        "code": -1, "msg": "user_name: Null characters are not allowed.", "data": None}  # fmt: skip


def test_an_over_long_email_is_a_field_error(client_api, client):
    email = "a" * 300 + "@example.com"
    answer = client_api.post("/api/register", {"user_name": "zed", "password": "Long enough 1", "email": email},
                             format="json").json()  # fmt: skip
    assert answer == {"code": -1, "msg": "email: Ensure this field has no more than 254 characters.", "data": None}
    page = client.post("/account/register/", {"user_name": "zed", "email": email, "password": "Long enough 1",
                                              "password_again": "Long enough 1"})  # fmt: skip
    assert page.status_code == 200 and "at most 254 characters" in page.content.decode()


def test_the_checkout_page_with_a_coupon_and_a_sold_out_item_goes_back_to_the_cart_saying_why(client, user):
    goods = GoodsFactory(title="Last teapot", price=5000, stock=1)
    CartItem.objects.create(user=user, goods=goods, quantity=1, origin_price=goods.price)
    code = CodeFactory(user=user)
    place_order(user, goods)  # someone took the last one
    client.force_login(user)
    response = client.get(f"/checkout/?coupon={code.pk}", follow=True)
    assert response.redirect_chain[-1][0] == "/cart/"
    assert "Last teapot" in response.content.decode() and "stock" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/order/create", {"cart_ids": [10**30]}, "cart_ids[0]"),  # found by schemathesis: a 500 before
        ("/api/order/checkout", {"details": [{"goods_id": 10**30, "quantity": 1}]}, "details[0].goods_id"),
        ("/api/order/create", {"goods_id": 1, "coupon_code_id": 2**63}, "coupon_code_id"),
        ("/api/cart/add", {"archive_id": 10**30, "quantity": 1}, "archive_id"),
        ("/api/wishlist/delete", {"id": 10**30}, "id"),
        ("/api/coupon/code", {"id": 10**30}, "id"),
    ],
)
def test_ids_larger_than_any_database_holds_are_a_field_error(api, path, body, field):
    answer = api.post(path, body, format="json").json()
    assert answer == {"code": -1, "msg": f"{field}: Ensure this value is less than or equal to 9223372036854775807.",
                      "data": None}  # fmt: skip

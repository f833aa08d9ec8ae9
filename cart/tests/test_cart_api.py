from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cart.models import CartItem
from shop.models import Goods
from shop.tests.factories import PASSWORD, GoodsFactory, GoodsImageFactory, UserFactory, add_skus

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "id", "archive_id", "sku_id", "sku_values", "quantity", "origin_price", "price", "amount", "title", "thumb",
    "stock", "status", "user_id", "token", "created_time",
}  # fmt: skip


def post(client, path, body, **extra):
    return client.post(path, body, format="json", **extra).json()


@pytest.fixture
def goods():
    teapot = GoodsFactory(title="Teapot", price=3000, stock=5, user_limit=4)
    GoodsImageFactory(goods=teapot)
    shirt = GoodsFactory(title="Shirt")
    small, large = add_skus(shirt, {"Size": ["S", "L"]}, price=5000, stock=3)
    return {"teapot": teapot, "shirt": shirt, "small": small, "large": large}


class TestLoggedIn:
    def test_add_creates_then_adds_up(self, api, goods):
        first = post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})
        assert first["code"] == 0
        assert set(first["data"]) == ITEM_KEYS
        again = post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 2})
        assert again["data"]["id"] == first["data"]["id"]
        assert again["data"]["quantity"] == 3
        assert CartItem.objects.get().quantity == 3

    def test_adding_again_marks_the_row_changed(self, api, goods):
        post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})
        CartItem.objects.update(updated_at=timezone.now() - timedelta(days=1))
        before = timezone.now()
        post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})
        assert CartItem.objects.get().updated_at >= before - timedelta(seconds=1)  # the database's clock

    def test_skus_are_separate_rows(self, api, goods):
        for sku in ("small", "large"):
            post(api, "/api/cart/add", {"archive_id": goods["shirt"].id, "sku_id": goods[sku].id, "quantity": 1})
        assert CartItem.objects.filter(user=api.user).count() == 2

    def test_list_shows_price_when_added_and_now(self, api, goods):
        post(api, "/api/cart/add", {"archive_id": goods["shirt"].id, "sku_id": goods["large"].id, "quantity": 2})
        goods["large"].price = 4500
        goods["large"].save()
        body = api.get("/api/cart/list").json()
        item = body["data"][0]
        assert body["total"] == 1
        assert (item["origin_price"], item["price"], item["amount"]) == (5100, 4500, 9000)
        assert item["sku_values"] == [
            {"id": goods["large"].values.get().id, "option_id": item["sku_values"][0]["option_id"],
             "option_title": "Size", "title": "L"}
        ]  # fmt: skip
        assert (item["title"], item["stock"], item["user_id"]) == ("Shirt", 3, api.user.id)

    def test_update_sets_creates_and_zero_removes(self, api, goods):
        body = post(api, "/api/cart/update", {"archive_id": goods["teapot"].id, "quantity": 3})
        assert body["data"]["quantity"] == 3
        assert post(api, "/api/cart/update", {"archive_id": goods["teapot"].id, "quantity": 1})["data"]["quantity"] == 1
        assert post(api, "/api/cart/update", {"archive_id": goods["teapot"].id, "quantity": 0})["code"] == 0
        assert not CartItem.objects.exists()

    def test_remove_by_cart_id(self, api, goods):
        item = post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})["data"]
        assert post(api, "/api/cart/remove", {"id": item["id"]})["code"] == 0
        assert not CartItem.objects.exists()

    def test_another_users_row_is_never_touched(self, api, other_api, goods):
        theirs = post(other_api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 2})["data"]
        assert post(api, "/api/cart/remove", {"id": theirs["id"]}) == {"code": -1, "msg": "id: not in your cart",
                                                                       "data": None}  # fmt: skip
        assert api.get("/api/cart/list").json()["data"] == []
        post(api, "/api/cart/update", {"archive_id": goods["teapot"].id, "quantity": 1})
        assert CartItem.objects.get(pk=theirs["id"]).quantity == 2

    def test_add_query_count(self, api, goods, django_assert_max_num_queries, django_assert_num_queries):
        small = {"archive_id": goods["shirt"].id, "sku_id": goods["small"].id, "quantity": 1}
        with django_assert_max_num_queries(7):  # a new row: the checked add finds none, then the insert
            post(api, "/api/cart/add", small)
        with django_assert_num_queries(5):  # again: token, SKU, the checked UPDATE, the row, options (goods: cached)
            post(api, "/api/cart/add", small)
        with django_assert_max_num_queries(7):
            post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})
        with django_assert_num_queries(4):
            post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})

    @pytest.mark.parametrize("rows", [1, 20])
    def test_list_query_count_is_flat(self, api, django_assert_num_queries, rows):
        for goods in GoodsFactory.create_batch(rows, stock=5):
            GoodsImageFactory(goods=goods)
            CartItem.objects.create(user=api.user, goods=goods, quantity=1, origin_price=1)
        with django_assert_num_queries(4):  # token, the rows and their count, products (not cached), pictures
            assert len(api.get("/api/cart/list?pageSize=50").json()["data"]) == rows
        with django_assert_num_queries(2):  # the products' objects from the cache
            assert len(api.get("/api/cart/list?pageSize=50").json()["data"]) == rows


BAD = [
    ({}, "archive_id: This field is required."),
    ({"archive_id": "$teapot"}, "quantity: This field is required."),
    ({"archive_id": "$teapot", "quantity": 0}, "quantity: Ensure this value is greater than or equal to 1."),
    ({"archive_id": "$teapot", "quantity": -2}, "quantity: Ensure this value is greater than or equal to 1."),
    ({"archive_id": "$teapot", "quantity": 10**9}, "quantity: Ensure this value is less than or equal to 9999."),
    ({"archive_id": "$teapot", "quantity": "lots"}, "quantity: A valid integer is required."),
    ({"archive_id": "tea", "quantity": 1}, "archive_id: A valid integer is required."),
    ({"archive_id": 999999, "quantity": 1}, "archive_id: no such product"),
    ({"archive_id": "$draft", "quantity": 1}, "archive_id: no such product"),
    ({"archive_id": "$shirt", "quantity": 1}, "sku_id: choose an option of Shirt"),
    ({"archive_id": "$teapot", "sku_id": "$small", "quantity": 1}, "sku_id: not a SKU of Teapot"),
    ({"archive_id": "$shirt", "sku_id": 999999, "quantity": 1}, "sku_id: not a SKU of Shirt"),
    ({"archive_id": "$shirt", "sku_id": "$small", "quantity": 4}, "quantity: only 3 of Shirt in stock"),
    ({"archive_id": "$teapot", "quantity": 5}, "quantity: at most 4 of Teapot per customer"),
    ({"archive_id": "$teapot", "quantity": 6}, "quantity: only 5 of Teapot in stock"),
]


UPDATE_BAD = [
    (body, message.replace("greater than or equal to 1", "greater than or equal to 0"))
    for body, message in BAD
    if body.get("quantity") != 0
]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [("/api/cart/add", *case) for case in BAD] + [("/api/cart/update", *case) for case in UPDATE_BAD],
)
def test_bad_input_is_refused_and_changes_nothing(api, goods, path, body, message):
    names = {**{k: v.id for k, v in goods.items()}, "draft": GoodsFactory(status=Goods.Status.DRAFT).id}
    body = {k: names[v[1:]] if isinstance(v, str) and v.startswith("$") else v for k, v in body.items()}
    before = list(CartItem.objects.values_list("id", "quantity"))
    assert post(api, path, body) == {"code": -1, "msg": message, "data": None}
    assert list(CartItem.objects.values_list("id", "quantity")) == before


def test_adding_up_past_stock_is_refused(api, goods):
    post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 3})
    assert post(api, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 2})["msg"].startswith("quantity:")
    assert CartItem.objects.get().quantity == 3


@pytest.mark.parametrize("body", [{}, {"id": "x"}, {"id": 0}])
def test_remove_bad_input(api, body):
    assert post(api, "/api/cart/remove", body)["msg"].startswith("id:")


class TestGuest:
    def test_first_write_creates_a_token_and_cookie(self, client_api, goods):
        response = client_api.post("/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1}, format="json")
        token = response.json()["data"]["token"]
        assert len(token) > 20
        assert response.cookies["cart"].value == token
        assert response.cookies["cart"]["httponly"]
        assert CartItem.objects.get().token == token

    def test_header_token_names_the_cart(self, goods):
        first, second = APIClient(), APIClient()
        token = post(first, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})["data"]["token"]
        second.credentials(HTTP_CART=token)
        assert second.get("/api/cart/list").json()["total"] == 1
        assert post(second, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})["data"]["quantity"] == 2
        assert APIClient().get("/api/cart/list").json() == {"code": 0, "msg": "", "data": [], "total": 0}

    def test_guests_do_not_see_each_other(self, goods):
        a, b = APIClient(), APIClient()
        item = post(a, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})["data"]
        post(b, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 2})
        assert post(b, "/api/cart/remove", {"id": item["id"]})["code"] == -1
        assert CartItem.objects.count() == 2

    def test_cart_merges_into_the_user_on_login(self, goods):
        user = UserFactory(username="mia")
        CartItem.objects.create(user=user, goods=goods["teapot"], quantity=3, origin_price=3000)
        guest = APIClient()
        post(guest, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 4})
        post(guest, "/api/cart/add", {"archive_id": goods["shirt"].id, "sku_id": goods["small"].id, "quantity": 2})
        assert post(guest, "/api/login", {"user_name": "mia", "password": PASSWORD})["code"] == 0
        mine = {(row.goods_id, row.sku_id): row.quantity for row in CartItem.objects.filter(user=user)}
        assert mine == {
            (goods["teapot"].id, None): 5,
            (goods["shirt"].id, goods["small"].id): 2,
        }  # 3 + 4 capped by stock 5
        assert not CartItem.objects.filter(user=None).exists()

    def test_cart_merges_on_register(self, goods):
        guest = APIClient()
        post(guest, "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 2})
        body = post(guest, "/api/register", {"user_name": "newbie", "password": PASSWORD})
        assert CartItem.objects.get().user_id == body["data"]["id"]

    def test_cart_merges_on_page_login(self, client, goods):
        UserFactory(username="pat")
        token = post(APIClient(), "/api/cart/add", {"archive_id": goods["teapot"].id, "quantity": 1})["data"]["token"]
        client.cookies["cart"] = token
        client.post("/account/login/", {"username": "pat", "password": PASSWORD})
        assert CartItem.objects.get().user.username == "pat"

import pytest

from shop.models import Goods, WishlistItem
from shop.tests.factories import GoodsFactory, GoodsImageFactory, add_skus

pytestmark = pytest.mark.django_db

KEYS = {
    "id", "user_id", "user_name", "archive_id", "sku_id", "sku_title", "title", "description", "thumb", "thumbnail",
    "link", "remark", "priority", "origin_price", "price", "target_price", "status", "created_time",
}  # fmt: skip


def post(client, path, body):
    return client.post(path, body, format="json").json()


def test_add_list_update_and_delete(api):
    goods = GoodsFactory(title="Lamp", price=24900)
    GoodsImageFactory(goods=goods)
    added = post(api, "/api/wishlist/add", {"archive_id": goods.id, "remark": "for the desk", "target_price": 19900})
    assert added["code"] == 0
    assert set(added["data"]) == KEYS
    assert (added["data"]["origin_price"], added["data"]["target_price"]) == (24900, 19900)
    goods.price = 22000
    goods.save()
    again = post(api, "/api/wishlist/add", {"archive_id": goods.id, "priority": 5})
    assert again["data"]["id"] == added["data"]["id"]
    assert (again["data"]["priority"], again["data"]["origin_price"], again["data"]["price"]) == (5, 24900, 22000)
    body = api.get("/api/wishlist/list").json()
    assert body["total"] == 1
    row = body["data"][0]
    assert row["link"].endswith(f"/goods/{goods.id}/")
    assert (row["user_name"], row["sku_title"], row["description"]) == (api.user.username, "", goods.description)
    assert row["thumbnail"] == row["thumb"] and row["thumb"]
    assert post(api, "/api/wishlist/delete", {"id": added["data"]["id"]})["code"] == 0
    assert not WishlistItem.objects.exists()


def test_wishing_for_a_sku_or_any_option(api):
    shirt = GoodsFactory()
    small, _ = add_skus(shirt, {"Size": ["S", "L"]}, price=5000)
    assert post(api, "/api/wishlist/add", {"archive_id": shirt.id})["code"] == 0
    wished = post(api, "/api/wishlist/add", {"archive_id": shirt.id, "sku_id": small.id})["data"]
    assert (wished["sku_id"], wished["sku_title"]) == (small.id, small.title)
    assert WishlistItem.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "archive_id: This field is required."),
        ({"archive_id": 999999}, "archive_id: no such product"),
        ({"archive_id": "$draft"}, "archive_id: no such product"),
        ({"archive_id": "$goods", "sku_id": 999999}, "sku_id: not a SKU of Plain"),
        (
            {"archive_id": "$goods", "target_price": -1},
            "target_price: Ensure this value is greater than or equal to 0.",
        ),
    ],
)
def test_bad_input(api, body, message):
    names = {"goods": GoodsFactory(title="Plain").id, "draft": GoodsFactory(status=Goods.Status.DRAFT).id}
    body = {k: names[v[1:]] if isinstance(v, str) and v.startswith("$") else v for k, v in body.items()}
    assert post(api, "/api/wishlist/add", body) == {"code": -1, "msg": message, "data": None}
    assert not WishlistItem.objects.exists()


def test_someone_elses_wish_is_neither_listed_nor_deleted(api, other_api):
    theirs = post(other_api, "/api/wishlist/add", {"archive_id": GoodsFactory().id})["data"]
    assert api.get("/api/wishlist/list").json()["data"] == []
    assert post(api, "/api/wishlist/delete", {"id": theirs["id"]})["msg"] == "id: not in your wishlist"
    assert WishlistItem.objects.count() == 1


@pytest.mark.parametrize("path", ["/api/wishlist/list", "/api/wishlist/add", "/api/wishlist/delete"])
def test_needs_login(client_api, path):
    call = client_api.get if path.endswith("list") else client_api.post
    assert call(path).json()["code"] == 1001


@pytest.mark.parametrize("count", [1, 20])
def test_list_query_count_is_flat(api, django_assert_num_queries, count):
    for goods in GoodsFactory.create_batch(count):
        GoodsImageFactory(goods=goods)
        WishlistItem.objects.create(user=api.user, goods=goods, origin_price=1)
    with django_assert_num_queries(4):  # token, the rows and their count, goods, images
        assert len(api.get("/api/wishlist/list?pageSize=50").json()["data"]) == count

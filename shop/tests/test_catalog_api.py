import pytest

from shop.models import Goods
from shop.tests.factories import CategoryFactory, GoodsFactory, GoodsImageFactory, add_skus

pytestmark = pytest.mark.django_db

GOODS_KEYS = {
    "id", "title", "seo_title", "url_token", "keywords", "description", "module_id", "category_id", "views",
    "comment_count", "images", "logo", "thumb", "canonical_url", "fixed_link", "link", "created_time",
    "updated_time", "status", "user_id", "price", "stock", "origin_price", "sold_count", "review_count", "user_limit",
}  # fmt: skip


def titles(body):
    return [item["title"] for item in body["data"]]


@pytest.fixture
def catalog():
    kitchen = CategoryFactory(title="Kitchen")
    pans = CategoryFactory(title="Pans", parent=kitchen)
    garden = CategoryFactory(title="Garden")
    return {
        "kitchen": kitchen,
        "pans": pans,
        "garden": garden,
        "teapot": GoodsFactory(title="Blue Teapot", category=kitchen, price=3000, sold_count=5),
        "skillet": GoodsFactory(title="Iron Skillet", category=pans, price=9000, sold_count=50, keywords="cast iron"),
        "rake": GoodsFactory(title="Garden Rake", category=garden, price=1500, sold_count=1),
        "draft": GoodsFactory(title="Secret Draft Teapot", category=kitchen, status=Goods.Status.DRAFT),
    }


class TestArchiveList:
    def test_only_published_goods_newest_first_with_spec_keys(self, client_api, catalog):
        GoodsImageFactory(goods=catalog["rake"])
        body = client_api.get("/api/archive/list").json()
        assert titles(body) == ["Garden Rake", "Iron Skillet", "Blue Teapot"]
        assert body["total"] == 3
        rake = body["data"][0]
        assert set(rake) == GOODS_KEYS
        assert rake["images"][0].startswith("http://testserver/media/goods/")
        assert rake["logo"] == rake["images"][0]
        assert "thumb_" in rake["thumb"]
        assert rake["link"] == f"http://testserver/goods/{catalog['rake'].id}/"
        assert rake["user_id"] == 0

    def test_category_includes_subcategories(self, client_api, catalog):
        body = client_api.get(f"/api/archive/list?categoryId={catalog['kitchen'].id}").json()
        assert titles(body) == ["Iron Skillet", "Blue Teapot"]
        body = client_api.get(f"/api/archive/list?categoryId={catalog['pans'].id}").json()
        assert titles(body) == ["Iron Skillet"]

    @pytest.mark.parametrize(("q", "expected"), [("teapot", ["Blue Teapot"]), ("IRON", ["Iron Skillet"]), ("", None)])
    def test_search_by_title_and_keywords(self, client_api, catalog, q, expected):
        body = client_api.get("/api/archive/list", {"q": q}).json()
        assert titles(body) == (expected or ["Garden Rake", "Iron Skillet", "Blue Teapot"])

    @pytest.mark.parametrize(
        ("order", "expected"),
        [
            ("price asc", ["Garden Rake", "Blue Teapot", "Iron Skillet"]),
            ("price desc", ["Iron Skillet", "Blue Teapot", "Garden Rake"]),
            ("sold desc", ["Iron Skillet", "Blue Teapot", "Garden Rake"]),
            ("id desc", ["Garden Rake", "Iron Skillet", "Blue Teapot"]),
        ],
    )
    def test_orderings(self, client_api, catalog, order, expected):
        assert titles(client_api.get("/api/archive/list", {"order": order}).json()) == expected

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ({"order": "random"}, "order"),
            ({"categoryId": "abc"}, "categoryId"),
            ({"categoryId": "0"}, "categoryId"),
            ({"categoryId": "9.223372036854776e+18"}, "categoryId"),
            ({"categoryId": str(2**63)}, "categoryId"),
        ],
    )
    def test_bad_filters_name_the_field(self, client_api, catalog, query, field):
        body = client_api.get("/api/archive/list", query).json()
        assert body["code"] == -1
        assert body["msg"].startswith(f"{field}:")

    @pytest.mark.parametrize("count", [1, 30])
    def test_query_count_does_not_grow_with_the_page(self, client_api, django_assert_num_queries, count):
        category = CategoryFactory()
        for goods in GoodsFactory.create_batch(count, category=category):
            GoodsImageFactory.create_batch(2, goods=goods)
        with django_assert_num_queries(3):  # the page and its count, the products not in the cache, pictures
            body = client_api.get("/api/archive/list?pageSize=50").json()
        assert len(body["data"]) == count
        assert all(len(item["images"]) == 2 for item in body["data"])


class TestCategoryList:
    def test_all_categories_with_parent_ids(self, client_api, catalog, django_assert_num_queries):
        with django_assert_num_queries(1):
            body = client_api.get("/api/category/list").json()
        by_title = {c["title"]: c for c in body["data"]}
        assert by_title["Pans"]["parent_id"] == catalog["kitchen"].id
        assert by_title["Kitchen"]["parent_id"] == 0
        assert set(by_title["Pans"]) == {"id", "title", "parent_id", "url_token", "description"}


@pytest.fixture
def shirt():
    goods = GoodsFactory(title="Shirt", url_token="shirt")
    skus = add_skus(goods, {"Size": ["S", "M"], "Colour": ["Red", "Blue"]}, price=5000, stock=4)
    return goods, skus


class TestDetailAndSku:
    def test_detail_by_id_and_by_url_token(self, client_api, shirt, django_assert_num_queries):
        goods, _skus = shirt
        with django_assert_num_queries(6):  # goods, images, options, values, skus, sku values
            body = client_api.get(f"/api/archive/detail?id={goods.id}").json()
        assert body["data"]["id"] == goods.id
        assert set(body["data"]) >= GOODS_KEYS | {"options", "skus", "content"}
        assert len(body["data"]["skus"]) == 4
        assert client_api.get("/api/archive/detail?url_token=shirt").json()["data"]["id"] == goods.id

    def test_sku_endpoint_shape(self, client_api, shirt):
        goods, _skus = shirt
        data = client_api.get(f"/api/archive/sku?id={goods.id}").json()["data"]
        assert [o["title"] for o in data["options"]] == ["Size", "Colour"]
        assert [v["title"] for v in data["options"][0]["values"]] == ["S", "M"]
        value = data["options"][1]["values"][0]
        assert value == {"id": value["id"], "option_id": data["options"][1]["id"], "option_title": "Colour",
                         "title": "Red", "price": 0}  # fmt: skip
        first = data["skus"][0]
        assert set(first) == {"id", "title", "symbol", "values", "price", "origin_price", "stock"}
        assert first["title"] == "S / Red"
        assert first["price"] == 5000
        assert first["stock"] == 4
        assert first["symbol"] == "_".join(str(v["id"]) for v in first["values"])
        assert [v["option_title"] for v in first["values"]] == ["Size", "Colour"]

    def test_goods_without_skus_has_empty_lists(self, client_api):
        goods = GoodsFactory()
        assert client_api.get(f"/api/archive/sku?id={goods.id}").json()["data"] == {"options": [], "skus": []}

    @pytest.mark.parametrize("path", ["/api/archive/detail", "/api/archive/sku"])
    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("", "id: this field is required"),
            ("?id=abc", "id: must be a whole number"),
            ("?id=999999", "goods not found"),
        ],
    )
    def test_bad_ids(self, client_api, path, query, message):
        assert client_api.get(f"{path}{query}").json() == {"code": -1, "msg": message, "data": None}

    def test_draft_goods_are_not_found(self, client_api):
        draft = GoodsFactory(status=Goods.Status.DRAFT)
        assert client_api.get(f"/api/archive/detail?id={draft.id}").json()["msg"] == "goods not found"


def test_goods_with_skus_show_lowest_price_and_total_stock(shirt):
    from shop.services import sync_goods_from_skus

    goods, _skus = shirt
    sync_goods_from_skus(goods)
    goods.refresh_from_db()
    assert goods.price == 5000
    assert goods.stock == 16

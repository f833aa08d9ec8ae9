import pytest

from shop.tests.factories import CategoryFactory, GoodsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goods_25():
    category = CategoryFactory()
    return GoodsFactory.create_batch(25, category=category)


def ids(body):
    return [item["id"] for item in body["data"]]


def test_default_page_is_ten_newest_with_total(client_api, goods_25):
    body = client_api.get("/api/archive/list").json()
    assert body["total"] == 25
    assert ids(body) == [g.id for g in reversed(goods_25)][:10]


@pytest.mark.parametrize(
    "query",
    ["current=2&pageSize=7", "page=2&limit=7", "page=2&page_size=7"],
)
def test_every_spelling_of_paging(client_api, goods_25, query):
    body = client_api.get(f"/api/archive/list?{query}").json()
    assert body["total"] == 25
    assert ids(body) == [g.id for g in reversed(goods_25)][7:14]


def test_page_size_is_capped_at_100(client_api, goods_25):
    GoodsFactory.create_batch(90, category=goods_25[0].category)
    body = client_api.get("/api/archive/list?pageSize=500").json()
    assert len(body["data"]) == 100
    assert body["total"] == 115


@pytest.mark.parametrize(("query", "count"), [("current=0", 10), ("current=-3", 10), ("pageSize=0", 1)])
def test_out_of_range_values_are_clamped(client_api, goods_25, query, count):
    body = client_api.get(f"/api/archive/list?{query}").json()
    assert body["code"] == 0
    assert len(body["data"]) == count


def test_page_past_the_end_is_empty_with_total(client_api, goods_25):
    body = client_api.get("/api/archive/list?current=99").json()
    assert body == {"code": 0, "msg": "", "data": [], "total": 25}


@pytest.mark.parametrize("query", ["current=abc", "pageSize=1.5", "limit=ten"])
def test_non_numeric_paging_is_rejected(client_api, goods_25, query):
    body = client_api.get(f"/api/archive/list?{query}").json()
    assert body["code"] == -1
    assert query.split("=")[0] in body["msg"]

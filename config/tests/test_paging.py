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


@pytest.mark.parametrize(
    ("query", "total", "rows"), [("current=3&pageSize=10", 25, 5), ("current=4&pageSize=10", 25, 0)]
)
def test_the_last_page_and_past_it_still_know_the_total(client_api, goods_25, query, total, rows):
    body = client_api.get(f"/api/archive/list?{query}").json()
    assert (body["total"], len(body["data"])) == (total, rows)


def test_a_page_and_its_total_are_one_statement_and_distinct_rows_count_once(rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.request import Request

    from config.api import PagePagination
    from shop.models import Category, Goods

    category = CategoryFactory()
    GoodsFactory.create_batch(3, category=category)
    request = Request(rf.get("/", {"pageSize": 2}))
    paginator = PagePagination()
    with CaptureQueriesContext(connection) as queries:
        page = paginator.paginate_queryset(Goods.objects.order_by("pk").values("pk", "title"), request)
    assert (len(queries), paginator.total, len(page), set(page[0])) == (1, 3, 2, {"pk", "title"})
    joined = Category.objects.filter(goods__isnull=False).order_by("pk")  # a row per product: 3
    assert len(paginator.paginate_queryset(joined.distinct(), request)) == 1 and paginator.total == 1


def test_a_page_number_past_any_database_is_an_empty_page(client_api, goods_25):
    body = client_api.get(f"/api/archive/list?current={2**70}").json()
    assert (body["code"], body["total"], body["data"]) == (0, 25, [])


@pytest.mark.parametrize(
    ("query", "pks", "total"),
    [("pageSize=2", [0, 1], 5), ("current=2&pageSize=2", [2, 3], 5), ("page=3&limit=2", [4], 5),
     ("page=4&page_size=2", [], 5), ("", [0, 1, 2, 3, 4], 5)],
)  # fmt: skip
def test_a_prepared_query_pages_as_its_queryset_in_one_statement_written_once(rf, query, pks, total):
    from unittest import mock

    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler
    from django.test.utils import CaptureQueriesContext
    from rest_framework.request import Request

    from config.api import PagePagination
    from config.queries import Prepared
    from shop.models import Goods

    category = CategoryFactory()
    goods = GoodsFactory.create_batch(5, category=category)
    prepared = Prepared(lambda category_id: Goods.objects.filter(category_id=category_id).order_by("pk").values("pk"))
    request, paginator = Request(rf.get(f"/?{query}")), PagePagination()
    paginator.paginate_prepared(prepared, (category.pk,), request)  # written here
    # A page past the end has no row to carry the total: then the ORM counts them.
    written_again = AssertionError("written again") if pks else None
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=written_again or SQLCompiler.as_sql), \
            CaptureQueriesContext(connection) as queries:  # fmt: skip
        page = paginator.paginate_prepared(prepared, (category.pk,), request)
    assert (page, paginator.total, len(queries)) == ([{"pk": goods[n].pk} for n in pks], total, 1 if pks else 2)

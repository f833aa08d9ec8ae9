"""Goods objects from value rows and the cache (shop.rendering), and the cached catalogue answers
(shop.catalogue): the serializers' bytes, and never an answer older than the last committed change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from orders.pricing import Line
from orders.services import create_order
from shop import rendering, tokens
from shop.models import Goods, GoodsSku
from shop.selectors import categories, published_goods
from shop.serializers import CategorySerializer, GoodsSerializer
from shop.services import sync_goods_from_skus
from shop.tests.factories import CategoryFactory, GoodsFactory, GoodsImageFactory, UserFactory, add_skus

pytestmark = pytest.mark.django_db


def _request(path="/api/archive/list"):
    return Request(APIRequestFactory().get(path))


@pytest.fixture
def catalog():
    parent = CategoryFactory(title="茶")
    child = CategoryFactory(title="Green \u2029", parent=parent)
    shirt = GoodsFactory(title="Shirt", category=child, seller=UserFactory(), origin_price=12000)
    add_skus(shirt, {"Size": ["S", "M"]})
    GoodsImageFactory.create_batch(2, goods=shirt)
    GoodsFactory(title="Cup 杯", category=parent, description="a <cup>")  # no pictures
    GoodsFactory(title="Draft", status=Goods.Status.DRAFT)
    return shirt


def test_archive_list_is_the_serializers_bytes(client_api, catalog):
    expected = GoodsSerializer(published_goods(), many=True, context={"request": _request()}).data
    body = JSONRenderer().render({"code": 0, "msg": "", "data": expected, "total": 2})
    assert client_api.get("/api/archive/list").content == body
    assert client_api.get("/api/archive/list").content == body  # from the cache


def test_category_list_is_the_serializers_bytes(client_api, catalog):
    expected = CategorySerializer(categories(), many=True).data
    for _ in range(2):
        assert client_api.get("/api/category/list").content == JSONRenderer().render(
            {"code": 0, "msg": "", "data": expected}
        )


def _object(request, goods):
    return rendering.objects_of_rows(request, Goods.objects.filter(pk=goods.pk).values(*rendering.COLUMNS))[goods.pk]


def test_a_cached_goods_object_costs_one_query_and_follows_every_change(catalog, django_assert_num_queries):
    request = _request()
    with django_assert_num_queries(3):  # its keys, then (not in the cache) its row and pictures
        first = _object(request, catalog)
    with django_assert_num_queries(1):  # rows; the object from the cache
        assert _object(request, catalog) == first
    GoodsImageFactory(goods=catalog, sort=10)  # a picture: rendered again
    assert len(_object(request, catalog)["images"]) == 3
    create_order(user=UserFactory(), lines=[Line(catalog.pk, catalog.skus.first().pk, 2)])  # stock and sales
    GoodsSku.objects.filter(pk=catalog.skus.last().pk).update(price=100)
    sync_goods_from_skus(catalog)  # the price follows the SKUs
    again = _object(request, catalog)
    expected = GoodsSerializer(published_goods().get(pk=catalog.pk), context={"request": request}).data
    assert again == expected and (again["stock"], again["sold_count"], again["price"]) == (4, 2, 100)


class TestCatalogueCache:
    def test_a_repeated_query_reads_no_table(self, client_api, catalog, django_assert_num_queries):
        parent = catalog.category.parent_id
        first = client_api.get(f"/api/archive/list?pageSize=5&categoryId={parent}").content
        with django_assert_num_queries(0):
            again = client_api.get(f"/api/archive/list?categoryId={parent}&pageSize=5&utm=x")
        assert again.content == first  # the same query in another order, and a parameter it does not read

    def test_a_committed_change_drops_every_cached_answer(
        self, client_api, catalog, django_capture_on_commit_callbacks
    ):
        client_api.get("/api/archive/list")
        client_api.get("/api/category/list")
        with django_capture_on_commit_callbacks(execute=True):
            catalog.title = "Linen shirt"
            catalog.save()
            CategoryFactory(title="New")
        titles = [goods["title"] for goods in client_api.get("/api/archive/list").json()["data"]]
        assert "Linen shirt" in titles
        assert "New" in [c["title"] for c in client_api.get("/api/category/list").json()["data"]]

    def test_an_order_shows_in_the_stock_of_the_list(self, client_api, catalog, django_capture_on_commit_callbacks):
        cup = Goods.objects.get(title="Cup 杯")
        client_api.get("/api/archive/list")
        with django_capture_on_commit_callbacks(execute=True):
            create_order(user=UserFactory(), lines=[Line(cup.pk, None, 3)])
        listed = {g["id"]: g for g in client_api.get("/api/archive/list").json()["data"]}
        assert (listed[cup.pk]["stock"], listed[cup.pk]["sold_count"]) == (7, 3)


class TestCatalogueAuthentication:
    """The catalogue's answers look a token up only when it may be due for renewal."""

    def test_a_known_fresh_token_costs_no_query(self, api, catalog, django_assert_num_queries):
        first = api.get("/api/archive/list")
        with django_assert_num_queries(0):
            again = api.get("/api/archive/list")
        assert again.content == first.content and "Update-Token" not in again

    def test_a_token_near_its_end_is_still_renewed(self, api, catalog, monkeypatch):
        api.get("/api/category/list")  # the process now knows when it expires
        later = timezone.now() + timedelta(hours=23, minutes=30)
        monkeypatch.setattr(tokens.timezone, "now", lambda: later)
        assert api.get("/api/category/list")["Update-Token"]

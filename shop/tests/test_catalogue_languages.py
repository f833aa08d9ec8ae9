"""Catalogue texts in both languages (issue 13): staff write the main (Chinese) title and description and,
optionally, English ones; the API and the pages show the language asked, the main text where no English
was written; search finds a product by either title; the cached answers are kept per language."""

import pytest
from django.test import override_settings
from django.utils import translation

from cart.models import CartItem
from orders.tests.factories import place_order
from shop import rendering
from shop.models import Goods
from shop.tests.factories import CategoryFactory, GoodsFactory
from shop.tests.test_rendering import _request

pytestmark = pytest.mark.django_db
ZH, EN = {"HTTP_LANGUAGE": "zh-CN"}, {"HTTP_LANGUAGE": "en"}


@pytest.fixture
def teapot():
    tea = CategoryFactory(title="茶具", title_en="Tea things", description="喝茶用", description_en="For tea")
    GoodsFactory(title="纸灯笼", category=tea)  # no English written: the main text in both
    return GoodsFactory(title="紫砂壶", title_en="Clay teapot", description="宜兴紫砂", description_en="From Yixing",
                        category=tea)  # fmt: skip


def titles(response):
    return [(row["title"], row["description"]) for row in response.json()["data"]]


def test_the_goods_title_and_description_in_the_language_asked(client_api, teapot):
    assert client_api.get(f"/api/archive/detail?id={teapot.pk}", **ZH).json()["data"]["title"] == "紫砂壶"
    assert client_api.get(f"/api/archive/detail?id={teapot.pk}", **EN).json()["data"]["title"] == "Clay teapot"
    for _ in range(2):  # the second time from the catalogue's cache, which keeps one answer per language
        assert titles(client_api.get("/api/archive/list", **ZH))[:2] == [("紫砂壶", "宜兴紫砂"), ("纸灯笼", "")]
        assert titles(client_api.get("/api/archive/list", **EN))[:2] == [("Clay teapot", "From Yixing"), ("纸灯笼", "")]


def test_the_category_title_in_the_language_asked(client_api, teapot):
    for asked, expected in ((ZH, ("茶具", "喝茶用")), (EN, ("Tea things", "For tea"))):
        for _ in range(2):
            assert titles(client_api.get("/api/category/list", **asked)) == [expected]


def test_search_finds_goods_by_either_title_in_either_language(client_api, client, teapot):
    for q in ("紫砂", "clay TEAPOT"):
        for asked in (ZH, EN):
            assert [row["id"] for row in client_api.get("/api/archive/list", {"q": q}, **asked).json()["data"]] == [
                teapot.pk
            ]
    assert "Clay teapot" in client.get("/", {"q": "紫砂"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "紫砂壶" in client.get("/", {"q": "clay"}, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_the_product_page_and_the_header_in_the_language_asked(client, teapot):
    english = client.get(teapot.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(teapot.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert all(text in english for text in ("<h1>Clay teapot</h1>", "From Yixing", ">Tea things</a>"))
    assert all(text in chinese for text in ("<h1>紫砂壶</h1>", "宜兴紫砂", ">茶具</a>"))


def test_cart_rows_and_refusals_name_the_goods_in_the_language_asked(api, user, teapot):
    CartItem.objects.create(user=user, goods=teapot, quantity=1, origin_price=teapot.price)
    assert api.get("/api/cart/list", **EN).json()["data"][0]["title"] == "Clay teapot"
    assert api.get("/api/cart/list", **ZH).json()["data"][0]["title"] == "紫砂壶"
    body = {"archive_id": teapot.pk, "sku_id": 0, "quantity": teapot.stock + 1}
    assert "Clay teapot" in api.post("/api/cart/add", body, format="json", **EN).json()["msg"]
    assert "紫砂壶" in api.post("/api/cart/add", body, format="json", **ZH).json()["msg"]


def test_an_order_line_keeps_the_main_title_it_was_sold_under(api, user, teapot):
    order = place_order(user, teapot)
    assert order.details.get().title == "紫砂壶"  # what staff read on the order, in any language
    assert (
        api.get(f"/api/order/detail?order_id={order.order_id}", **EN).json()["data"]["details"][0]["goods"]["title"]
        == "Clay teapot"
    )  # the product as it is now, in the language asked


def test_a_cached_goods_object_is_kept_per_language(teapot):
    request, rows = _request(), Goods.objects.filter(pk=teapot.pk).values(*rendering.COLUMNS)
    for language, title in (("en", "Clay teapot"), ("zh-hans", "紫砂壶"), ("en", "Clay teapot")):
        with translation.override(language):
            assert rendering.objects_of_rows(request, rows)[teapot.pk]["title"] == title


@override_settings(LANGUAGE_CODE="zh-hans")
def test_chinese_when_nothing_is_asked(client_api, teapot):
    assert client_api.get(f"/api/archive/detail?id={teapot.pk}").json()["data"]["title"] == "紫砂壶"


def test_staff_find_goods_by_the_english_title_in_the_admin(admin_client, teapot):
    found = admin_client.get("/admin/shop/goods/", {"q": "clay teapot"}).content.decode()
    assert "紫砂壶" in found and "纸灯笼" not in found

"""Cart answers (cart.rendering) are the serializer's bytes (the schema)."""

import pytest
from django.db.models import Prefetch
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from cart.models import CartItem
from cart.serializers import CartItemSerializer
from shop.models import GoodsOption, GoodsOptionValue
from shop.selectors import OPTION_ORDER
from shop.tests.factories import GoodsFactory, GoodsImageFactory, add_skus

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart(api):
    teapot = GoodsFactory(title='茶壶 "Yixing"', price=3000, stock=5)
    GoodsImageFactory.create_batch(2, goods=teapot)
    shirt = GoodsFactory(title="Shirt")
    skus = add_skus(shirt, {"Size": ["S", "L"], "Colour": ["Blue"]}, price=5000, stock=3)
    GoodsOption.objects.filter(goods=shirt, title="Colour").update(sort=-1)  # the options' order, not their ids'
    for goods, sku in ((teapot, None), (shirt, skus[1])):
        answer = api.post("/api/cart/add", {"archive_id": goods.pk, "sku_id": sku.pk if sku else 0, "quantity": 2},
                          format="json").json()  # fmt: skip
        assert answer["code"] == 0, answer
    return api


def _expected(items):
    request = Request(APIRequestFactory().get("/api/cart/list"))
    items = CartItem.objects.filter(pk__in=[i.pk for i in items]).select_related("goods", "sku")
    in_option_order = GoodsOptionValue.objects.select_related("option").order_by(*OPTION_ORDER)
    items = items.prefetch_related(Prefetch("sku__values", queryset=in_option_order))
    return CartItemSerializer(items, many=True, context={"request": request}).data


def test_the_cart_list_is_the_serializers_bytes(cart):
    expected = _expected(CartItem.objects.all())
    assert [v["title"] for v in expected[0]["sku_values"]] == ["Blue", "L"]
    for _ in range(2):  # built, then the products from the cache
        body = JSONRenderer().render({"code": 0, "msg": "", "data": expected, "total": 2})
        assert cart.get("/api/cart/list").content == body


def test_the_answer_of_an_add_is_the_serializers_bytes(cart):
    item = CartItem.objects.filter(sku__isnull=False).get()
    answer = cart.post("/api/cart/add", {"archive_id": item.goods_id, "sku_id": item.sku_id, "quantity": 1},
                       format="json")  # fmt: skip
    expected = {**_expected([item])[0], "token": ""}
    assert expected["quantity"] == 3
    assert answer.content == JSONRenderer().render({"code": 0, "msg": "", "data": expected})

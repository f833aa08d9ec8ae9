"""The order list and detail answers (orders.rendering) are the serializers' bytes (the schema)."""

import pytest
from django.core.files.base import ContentFile
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from coupons.tests.factories import CodeFactory, CouponFactory
from orders import vip
from orders.models import Order
from orders.pricing import Line
from orders.selectors import orders_with_lines
from orders.serializers import CheckoutSerializer, OrderDetailSerializer, OrderListSerializer
from orders.services import cancel_order, checkout_preview, create_order, ship_order
from orders.status import OrderStatus
from payments.models import Refund
from payments.services import approve_refund, pay_with_balance, request_refund, start_payment
from shop.models import Goods
from shop.selectors import published_goods
from shop.serializers import GoodsSerializer
from shop.tests.factories import GoodsFactory, GoodsImageFactory, UserFactory, UserGroupFactory, add_skus, jpeg_bytes

pytestmark = pytest.mark.django_db
ADDRESS = {"name": "王先生", "phone": "13888888888", "province": "河南省", "city": "郑州市", "country": "中原区",
           "address_info": "中原西路233号 \u2028", "postcode": "450000"}  # fmt: skip


@pytest.fixture
def rich(api, user):
    """Orders with everything a line can show: SKUs, pictures (with and without a thumbnail), a seller,
    a coupon, a member discount, a VIP line, a draft product, an order with no address, a shipped one."""
    UserGroupFactory(title="Member", level=0)
    user.group = UserGroupFactory(title="Silver", level=1, discount=5)
    user.balance = 10**7
    user.save()
    shirt = GoodsFactory(title='衬衫 "Oxford"', origin_price=12000, seller=user, description="棉 <b>100%</b>")
    skus = add_skus(shirt, {"Size": ["S", "M"], "Colour": ["Blue"]})
    GoodsImageFactory(goods=shirt)
    plain = GoodsImageFactory.build(goods=shirt, sort=-1)
    plain.thumb = ContentFile(jpeg_bytes(), name="own-thumb.jpg")  # a picture that came with its thumbnail
    plain.save()
    tea = GoodsFactory(title="Tea", price=990, stock=50)
    code = CodeFactory(user=user, coupon=CouponFactory(money=500, min_amount=0))
    with_coupon = create_order(user=user, lines=[Line(shirt.pk, skus[1].pk, 2), Line(tea.pk, None, 1)],
                               address=ADDRESS, coupon={"coupon_code_id": code.pk}, remark="请尽快")  # fmt: skip
    shipped = create_order(user=user, lines=[Line(tea.pk, None, 3)])
    pay_with_balance(user=user, order=shipped)
    ship_order(order=Order.objects.get(pk=shipped.pk), actor=None, express_company="SF", tracking_number="SF1")
    gold = UserGroupFactory(title="Gold", level=2, price=9900, expire_day=30)
    vip.create_vip_order(user=user, lines=[Line(gold.pk, None, 1)])
    Goods.objects.filter(pk=tea.pk).update(status=Goods.Status.DRAFT)  # old orders still show it
    return with_coupon


def _request(user, path):
    request = Request(APIRequestFactory().get(path))
    request.user = user
    return request


def _envelope(data, **extra):
    return JSONRenderer().render({"code": 0, "msg": "", "data": data, **extra})


def test_the_order_list_is_the_serializers_bytes(api, user, rich):
    orders = list(orders_with_lines(user))
    expected = OrderListSerializer(orders, many=True, context={"request": _request(user, "/api/orders")}).data
    assert len(expected) == 3 and any(line["group"] for order in expected for line in order["details"])
    for _ in range(2):  # built, then from the cache
        assert api.get("/api/orders").content == _envelope(expected, total=3)


def test_order_detail_is_the_serializers_bytes(api, user, rich):
    for order in orders_with_lines(user):
        path = f"/api/order/detail?order_id={order.order_id}"
        expected = OrderDetailSerializer(order, context={"request": _request(user, path)}).data
        assert api.get(path).content == _envelope(expected)
    assert Order.objects.filter(user=user, address__isnull=True).exists()


def test_checkout_lines_show_the_serializers_goods(api, user, rich):
    shirt = Goods.objects.get(title__startswith="衬衫")
    sku = shirt.skus.first()
    answer = api.post("/api/order/checkout", {"goods_id": shirt.pk, "goods_sku_id": sku.pk}, format="json").json()
    expected = GoodsSerializer(published_goods().get(pk=shirt.pk), context={"request": _request(user, "/")}).data
    assert answer["data"]["details"][0]["goods"] == expected


@pytest.mark.parametrize("with_coupon", [True, False])
def test_the_checkout_preview_is_the_serializers_bytes(api, user, rich, with_coupon):
    shirt = Goods.objects.get(title__startswith="衬衫")
    sku = shirt.skus.first()
    chosen = CodeFactory(user=user, coupon=CouponFactory(money=700, min_amount=0))
    coupon = {"coupon_code_id": chosen.pk} if with_coupon else None
    CodeFactory(user=user, coupon=CouponFactory(money=300, min_amount=0))  # usable, not chosen
    body = {"goods_id": shirt.pk, "goods_sku_id": sku.pk, "quantity": 2, **(coupon or {})}
    priced, address, usable = checkout_preview(user=user, lines=[Line(shirt.pk, sku.pk, 2)], coupon=coupon)
    request = _request(user, "/api/order/checkout")
    goods = {shirt.pk: GoodsSerializer(published_goods().get(pk=shirt.pk), context={"request": request}).data}
    data = {"priced": priced, "address": address, "usable": usable}
    expected = CheckoutSerializer(data, context={"request": request, "goods": goods}).data
    assert len(expected["coupons"]) == 2 and expected["address"] and expected["details"][0]["sku_values"]
    assert (expected["coupon"] is not None) == with_coupon
    assert api.post("/api/order/checkout", body, format="json").content == _envelope(expected)


def test_a_checkout_with_no_address_is_the_serializers_bytes(api, user):
    tea = GoodsFactory(price=990)
    priced, address, usable = checkout_preview(user=user, lines=[Line(tea.pk, None, 1)])
    request = _request(user, "/api/order/checkout")
    goods = {tea.pk: GoodsSerializer(published_goods().get(pk=tea.pk), context={"request": request}).data}
    expected = CheckoutSerializer({"priced": priced, "address": address, "usable": usable},
                                  context={"request": request, "goods": goods}).data  # fmt: skip
    assert expected["address"] is None and expected["coupon"] is None
    assert api.post("/api/order/checkout", {"goods_id": tea.pk}, format="json").content == _envelope(expected)


def test_every_change_of_an_order_shows_at_once(api, user, rich, settings, django_capture_on_commit_callbacks):
    """Each order's part is cached per ``updated_at``: every way an order changes must touch it."""
    settings.SANDBOX_PAYMENTS = True
    staff = UserFactory(is_staff=True)

    def assert_fresh():
        orders = list(orders_with_lines(user))
        expected = OrderListSerializer(orders, many=True, context={"request": _request(user, "/api/orders")}).data
        assert api.get("/api/orders").content == _envelope(expected, total=len(orders))

    order = Order.objects.filter(user=user, status=OrderStatus.WAITING, type="goods").first()
    assert_fresh()
    start_payment(user=user, order_id=order.order_id, pay_way="sandbox", urls_for=lambda payment: {"absolute": str})
    assert_fresh()  # its payment_id
    pay_with_balance(user=user, order=Order.objects.get(pk=order.pk))
    assert_fresh()
    request_refund(user=user, order_id=order.order_id, reason="wrong size")
    assert_fresh()
    with django_capture_on_commit_callbacks(execute=True):
        approve_refund(refund=Refund.objects.get(order=order), staff=staff)
    assert_fresh()
    cancel_order(order=Order.objects.filter(user=user, status=OrderStatus.WAITING).first(), actor=user)
    assert_fresh()

"""Order bodies exactly as AnQiCMS clients send them (spec section 6 and the seeds in docs/seeds/)."""

import pytest

from cart.models import CartItem
from coupons.tests.factories import CodeFactory, CouponFactory
from orders.models import Order
from orders.tests.factories import ADDRESS
from shop.tests.factories import GoodsFactory, add_skus

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, body, format="json").json()


@pytest.fixture
def goods():
    tea = GoodsFactory(title="Teapot", price=9900, stock=10)
    shirt = GoodsFactory(title="Shirt", stock=0)
    small, large = add_skus(shirt, {"Size": ["Small", "Large"]}, price=5000, stock=10)
    return {"tea": tea, "shirt": shirt, "small": small, "large": large}


def test_the_seeds_single_product_example(api, goods):
    body = {"goods_id": goods["tea"].pk, "quantity": 1, "type": "goods", "remark": "普通商品订单"}
    answer = post(api, "/api/order/create", body)
    assert answer["code"] == 0, answer
    assert (answer["data"]["remark"], answer["data"]["type"], answer["data"]["amount"]) == (
        "普通商品订单",
        "goods",
        9900,
    )
    assert answer["data"]["address_id"] == 0  # an order with no address at all, as in the seed


def test_the_seeds_multiple_products_example(api, goods):
    code = CodeFactory(user=api.user, code="COUPON2023", coupon=CouponFactory(money=1000, min_amount=0))
    body = {
        "details": [
            {"goods_id": goods["shirt"].pk, "quantity": 2, "goods_sku_id": goods["small"].pk,
             "sku_values": [{"id": 156, "archive_id": 32, "option_id": 33, "title": "Small", "option_title": "Size"}]},
            {"goods_id": goods["tea"].pk, "quantity": 1, "goods_sku_id": 0, "price": 1, "total_price": 1},
        ],
        "type": "goods",
        "address": {"name": "王先生", "phone": "13888888888", "province": "河南省", "city": "郑州市",
                    "country": "中原区", "address_info": "中原西路233号", "postcode": "450000"},
        "remark": "多商品订单",
        "coupon_code": "COUPON2023",
    }  # fmt: skip
    for path in ("/api/order/checkout", "/api/order/create"):
        answer = post(api, path, body)
        assert answer["code"] == 0, answer
        assert (answer["data"]["origin_amount"], answer["data"]["amount"]) == (19900, 18900)  # prices from the shop
    code.refresh_from_db()
    assert code.status == 1


def test_every_documented_field_sent_zero_valued_means_not_given(api, goods):
    body = {"goods_id": goods["tea"].pk, "quantity": 0, "goods_sku_id": 0, "details": [], "cart_ids": [], "type": "",
            "remark": "", "coupon_code": "", "coupon_code_id": 0, "coupon_id": 0,
            "address": {"id": 0, **dict.fromkeys(ADDRESS, "")}}  # fmt: skip
    for path in ("/api/order/checkout", "/api/order/create"):
        answer = post(api, path, body)
        assert answer["code"] == 0, answer
    order = Order.objects.get()
    assert (order.type, order.amount, order.details.get().quantity, order.coupon_amount) == ("goods", 9900, 1, 0)


def test_details_win_over_goods_id_and_cart_ids_beside_them_name_the_rows_to_empty(api, goods):
    ordered = CartItem.objects.create(user=api.user, goods=goods["tea"], quantity=1, origin_price=9900)
    kept = CartItem.objects.create(user=api.user, goods=goods["shirt"], sku=goods["large"], quantity=1,
                                   origin_price=5000)  # fmt: skip
    body = {"details": [{"goods_id": goods["tea"].pk, "goods_sku_id": 0, "quantity": 2}],
            "goods_id": goods["shirt"].pk, "goods_sku_id": goods["large"].pk, "quantity": 1,
            "cart_ids": [ordered.pk]}  # fmt: skip
    answer = post(api, "/api/order/create", body)
    assert answer["code"] == 0, answer
    assert answer["data"]["amount"] == 19800  # two teapots: details won
    assert list(CartItem.objects.filter(user=api.user).values_list("pk", flat=True)) == [kept.pk]


def test_goods_id_wins_over_cart_ids_and_cart_ids_alone_are_the_lines(api, goods):
    row = CartItem.objects.create(user=api.user, goods=goods["shirt"], sku=goods["small"], quantity=3,
                                  origin_price=5000)  # fmt: skip
    assert (
        post(api, "/api/order/checkout", {"goods_id": goods["tea"].pk, "cart_ids": [row.pk]})["data"]["amount"] == 9900
    )
    assert post(api, "/api/order/create", {"cart_ids": [row.pk]})["data"]["amount"] == 15000
    assert not CartItem.objects.filter(user=api.user).exists()


def test_cart_ids_of_someone_else_are_refused_beside_details(api, other_api, goods):
    theirs = CartItem.objects.create(user=other_api.user, goods=goods["tea"], quantity=1, origin_price=9900)
    body = {"details": [{"goods_id": goods["tea"].pk, "quantity": 1}], "cart_ids": [theirs.pk]}
    assert post(api, "/api/order/create", body)["msg"] == "cart_ids: some of these are not in your cart"
    assert CartItem.objects.filter(pk=theirs.pk).exists() and not Order.objects.exists()


@pytest.mark.parametrize(("titles", "remark"), [(["Teapot"], "Teapot"), (["Teapot", "Shirt"], "Teapot等")])
def test_an_empty_remark_is_stored_as_anqicms_does(api, goods, titles, remark):
    lines = {"Teapot": {"goods_id": goods["tea"].pk}, "Shirt": {"goods_id": goods["shirt"].pk,
                                                                "goods_sku_id": goods["small"].pk}}  # fmt: skip
    answer = post(api, "/api/order/create", {"details": [lines[t] for t in titles], "remark": ""})
    assert answer["data"]["remark"] == remark

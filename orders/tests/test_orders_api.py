from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cart.models import CartItem
from orders.models import Address, Commission, Order, OrderDetail, OrderEvent
from orders.tests.factories import ADDRESS, AddressFactory, place_order
from shop.models import Goods, GoodsSku, WishlistItem
from shop.tests.factories import GoodsFactory, GoodsImageFactory, UserFactory, UserGroupFactory, add_skus

pytestmark = pytest.mark.django_db

ORDER_KEYS = {
    "id", "order_id", "payment_id", "user_id", "address_id", "remark", "type", "status", "refund_status",
    "origin_amount", "amount", "discount_amount", "coupon_code_id", "paid_time", "end_time", "deliver_time",
    "finished_time", "seller_id", "seller_amount", "share_user_id", "share_parent_user_id", "share_amount",
    "share_parent_amount", "express_company", "tracking_number", "created_time", "updated_time", "is_updated",
}  # fmt: skip
DETAIL_KEYS = {
    "id", "order_id", "user_id", "goods_id", "goods_item_id", "sku_values", "price", "origin_price", "amount",
    "origin_amount", "quantity", "status", "goods", "group", "created_time", "updated_time",
}  # fmt: skip


def post(client, path, body, **extra):
    return client.post(path, body, format="json", **extra).json()


@pytest.fixture
def shop():
    teapot = GoodsFactory(title="Teapot", price=3000, stock=5)
    GoodsImageFactory(goods=teapot)
    shirt = GoodsFactory(title="Shirt", price=0, stock=0)
    small, large = add_skus(shirt, {"Size": ["S", "L"]}, price=5000, stock=4)
    limited = GoodsFactory(title="Rare Print", price=20000, stock=10, user_limit=2)
    other_shirt = GoodsFactory(title="Other Shirt")
    (other_sku,) = add_skus(other_shirt, {"Size": ["M"]})
    return {
        "teapot": teapot,
        "shirt": shirt,
        "small": small,
        "large": large,
        "limited": limited,
        "other_sku": other_sku,
    }


def state():
    """Everything an order write may touch, to assert a refused write changed nothing."""
    return {
        "orders": Order.objects.count(),
        "details": OrderDetail.objects.count(),
        "events": OrderEvent.objects.count(),
        "addresses": Address.objects.count(),
        "cart": sorted(CartItem.objects.values_list("id", "quantity")),
        "goods": sorted(Goods.objects.values_list("id", "stock", "sold_count")),
        "skus": sorted(GoodsSku.objects.values_list("id", "stock")),
    }


class TestCreate:
    def test_single_item(self, api, shop):
        body = post(api, "/api/order/create", {"goods_id": shop["teapot"].id, "quantity": 2, "remark": "gift"})
        assert body["code"] == 0
        data = body["data"]
        assert set(data) == ORDER_KEYS
        assert len(data["order_id"]) == 18
        assert (data["status"], data["origin_amount"], data["amount"], data["remark"]) == (0, 6000, 6000, "gift")
        assert data["address_id"] == 0
        shop["teapot"].refresh_from_db()
        assert (shop["teapot"].stock, shop["teapot"].sold_count) == (3, 2)

    def test_details_with_skus_priced_from_the_database(self, api, shop):
        body = post(
            api,
            "/api/order/create",
            {
                "details": [
                    {"goods_id": shop["shirt"].id, "goods_sku_id": shop["large"].id, "quantity": 2, "price": 1},
                    {"goods_id": shop["teapot"].id, "quantity": 1, "total_price": 1},
                ],
                "address": ADDRESS,
            },
        )
        assert body["code"] == 0
        assert body["data"]["amount"] == 2 * 5100 + 3000
        order = Order.objects.get()
        large = order.details.get(sku=shop["large"])
        assert large.sku_values == [
            {"id": shop["large"].values.get().id, "option_id": large.sku_values[0]["option_id"], "option_title": "Size",
             "title": "L", "price": 0}
        ]  # fmt: skip
        shop["large"].refresh_from_db()
        shop["shirt"].refresh_from_db()
        assert (shop["large"].stock, shop["shirt"].stock) == (2, 6)
        assert order.address_snapshot["address_info"] == ADDRESS["address_info"]
        assert Address.objects.filter(user=api.user).count() == 1

    def test_the_same_item_twice_is_one_line(self, api, shop):
        lines = [{"goods_id": shop["teapot"].id, "quantity": 2}, {"goods_id": shop["teapot"].id, "quantity": 3}]
        assert post(api, "/api/order/create", {"details": lines})["code"] == 0
        assert OrderDetail.objects.get().quantity == 5

    def test_from_cart_removes_only_ordered_rows(self, api, shop):
        ordered = CartItem.objects.create(user=api.user, goods=shop["teapot"], quantity=2, origin_price=1)
        kept = CartItem.objects.create(user=api.user, goods=shop["limited"], quantity=1, origin_price=1)
        body = post(api, "/api/order/create", {"cart_ids": [ordered.id]})
        assert body["code"] == 0
        assert body["data"]["amount"] == 6000
        assert list(CartItem.objects.values_list("id", flat=True)) == [kept.id]

    def test_saved_address_by_id_and_latest_by_default(self, api, shop):
        mine = AddressFactory(user=api.user)
        body = post(api, "/api/order/create", {"goods_id": shop["teapot"].id, "address": {"id": mine.id}})
        assert body["data"]["address_id"] == mine.id
        newer = AddressFactory(user=api.user)
        body = post(api, "/api/order/create", {"goods_id": shop["teapot"].id})
        assert body["data"]["address_id"] == mine.id  # the most recently used, not the newest
        assert newer.id != mine.id

    def test_idempotency_key_returns_the_first_order(self, api, shop):
        first = post(api, "/api/order/create", {"goods_id": shop["teapot"].id}, HTTP_IDEMPOTENCY_KEY="abc-1")
        again = post(api, "/api/order/create", {"goods_id": shop["teapot"].id}, HTTP_IDEMPOTENCY_KEY="abc-1")
        assert first["data"]["order_id"] == again["data"]["order_id"]
        assert Order.objects.count() == 1
        shop["teapot"].refresh_from_db()
        assert shop["teapot"].stock == 4

    def test_idempotency_keys_are_per_user(self, api, other_api, shop):
        post(api, "/api/order/create", {"goods_id": shop["teapot"].id}, HTTP_IDEMPOTENCY_KEY="same")
        post(other_api, "/api/order/create", {"goods_id": shop["teapot"].id}, HTTP_IDEMPOTENCY_KEY="same")
        assert Order.objects.count() == 2

    def test_user_limit_counts_earlier_orders(self, api, shop):
        assert post(api, "/api/order/create", {"goods_id": shop["limited"].id, "quantity": 2})["code"] == 0
        body = post(api, "/api/order/create", {"goods_id": shop["limited"].id, "quantity": 1})
        assert body == {"code": -1, "msg": "Rare Print: at most 2 per customer (0 left for you)", "data": None}

    def test_cancelled_orders_do_not_count_against_the_limit(self, api, shop):
        place_order(api.user, shop["limited"], quantity=2, status=-1)
        assert post(api, "/api/order/create", {"goods_id": shop["limited"].id, "quantity": 2})["code"] == 0

    def test_query_count_with_three_lines_and_an_address(self, api, shop, django_assert_max_num_queries):
        body = {
            "details": [
                {"goods_id": shop["teapot"].id, "quantity": 1},
                {"goods_id": shop["shirt"].id, "goods_sku_id": shop["small"].id, "quantity": 1},
                {"goods_id": shop["shirt"].id, "goods_sku_id": shop["large"].id, "quantity": 1},
            ],
            "address": ADDRESS,
        }
        with django_assert_max_num_queries(20):
            assert post(api, "/api/order/create", body)["code"] == 0

    @pytest.mark.parametrize(("item", "extra", "locks", "queries"), [
        # token, number, goods, SKUs with their values, my address, the order, its lines, its event, SKU stock,
        # goods stock (one round trip on PostgreSQL; in a test's transaction: a savepoint and its release); no
        # seller: not the shop's rules
        ("small", {}, False, 12),  # no rule spans two of my orders: no lock on my row
        ("limited", {}, True, 12),  # a per-customer limit counts my earlier orders (no SKU: 2 fewer)
        ("small", {"HTTP_IDEMPOTENCY_KEY": "k1"}, True, 15),  # a retry must find the first order (twice)
    ])  # fmt: skip
    def test_the_buyer_is_locked_only_when_a_rule_spans_their_orders(
        self, api, shop, django_assert_num_queries, item, extra, locks, queries
    ):
        body = {"goods_id": shop[item].goods_id if item == "small" else shop[item].id, "quantity": 1,
                "goods_sku_id": shop["small"].id if item == "small" else 0}  # fmt: skip
        at_once = item == "small" and connection.vendor == "postgresql"  # the SKU's and the goods' stock
        with django_assert_num_queries(queries - at_once) as captured:
            assert post(api, "/api/order/create", body, **extra)["code"] == 0
        locked = [query for query in captured.captured_queries if 'FROM "shop_user"' in query["sql"]]
        assert len(locked) == locks
        if locks and connection.features.has_select_for_update:
            assert "FOR UPDATE" in locked[0]["sql"]


BAD_BODIES = [
    ({}, "goods_id: give goods_id, details or cart_ids"),
    ({"goods_id": 0, "details": [], "cart_ids": []}, "goods_id: give goods_id, details or cart_ids"),
    ({"goods_id": "teapot"}, "goods_id: A valid integer is required."),
    ({"goods_id": "$teapot", "quantity": -1}, "quantity: Ensure this value is greater than or equal to 1."),
    ({"goods_id": "$teapot", "quantity": 10**6}, "quantity: Ensure this value is less than or equal to 9999."),
    ({"goods_id": "$teapot", "quantity": "two"}, "quantity: A valid integer is required."),
    ({"goods_id": "$teapot", "quantity": 6}, "Teapot: only 5 left"),
    ({"goods_id": 999999}, "details[0].goods_id: no such product"),
    ({"goods_id": "$draft"}, "details[0].goods_id: no such product"),
    ({"goods_id": "$shirt"}, "details[0].goods_sku_id: choose an option of Shirt"),
    ({"goods_id": "$shirt", "goods_sku_id": 999999}, "details[0].goods_sku_id: not a SKU of Shirt"),
    ({"goods_id": "$shirt", "goods_sku_id": "$other_sku"}, "details[0].goods_sku_id: not a SKU of Shirt"),
    ({"goods_id": "$shirt", "goods_sku_id": "$large", "quantity": 5}, "Shirt (L): only 4 left"),
    ({"goods_id": "$limited", "quantity": 3}, "Rare Print: at most 2 per customer (2 left for you)"),
    ({"details": "all"}, "details: Expected a list of items but got type \"str\"."),
    ({"details": [{"goods_id": "$teapot", "quantity": 1}, {"goods_id": 999999, "quantity": 1}]},
     "details[1].goods_id: no such product"),
    ({"cart_ids": ["x"]}, "cart_ids[0]: A valid integer is required."),
    ({"cart_ids": "$others_cart"}, "cart_ids: some of these are not in your cart"),
    ({"goods_id": "$teapot", "cart_ids": "$others_cart"}, "cart_ids: some of these are not in your cart"),
    ({"goods_id": "$teapot", "address": {"name": "Wang"}}, "address.phone: This field is required."),
    ({"goods_id": "$teapot", "address": {"id": "$others_address"}}, "address.id: not one of your addresses"),
    ({"goods_id": "$teapot", "address": "home"}, "address: Invalid data. Expected a dictionary, but got str."),
    ({"goods_id": "$teapot", "address": {"id": "x", "name": "Wang"}}, "address.id: A valid integer is required."),
    ({"goods_id": "$teapot", "address": {"id": -2}}, "address.id: Ensure this value is greater than or equal to 1."),
    ({"goods_id": "$teapot", "remark": "x" * 501}, "remark: Ensure this field has no more than 500 characters."),
    ({"goods_id": "$teapot", "type": "shop"}, 'type: "shop" is not a valid choice.'),
    ({"goods_id": "$teapot", "type": "vip"}, "details[0].goods_id: no such membership on sale"),
]  # fmt: skip


def _resolve(value, names):
    if isinstance(value, str) and value.startswith("$"):
        return names[value[1:]]
    if isinstance(value, dict):
        return {k: _resolve(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, names) for v in value]
    return value


@pytest.fixture
def names(api, other_api, shop):
    draft = GoodsFactory(status=Goods.Status.DRAFT)
    mine = CartItem.objects.create(user=api.user, goods=shop["teapot"], quantity=1, origin_price=1)
    others = CartItem.objects.create(user=other_api.user, goods=shop["teapot"], quantity=1, origin_price=1)
    return {
        **{k: v.id for k, v in shop.items()},
        "draft": draft.id,
        "my_cart": [mine.id],
        "others_cart": [others.id],
        "others_address": AddressFactory(user=other_api.user).id,
    }


@pytest.mark.parametrize("path", ["/api/order/create", "/api/order/checkout"])
@pytest.mark.parametrize(("body", "message"), BAD_BODIES)
def test_bad_input_is_refused_and_changes_nothing(api, names, path, body, message):
    before = state()
    answer = post(api, path, _resolve(body, names))
    assert answer["code"] == -1
    assert answer["msg"] == message
    assert state() == before


class TestCheckout:
    def test_preview_matches_create_and_writes_nothing(self, api, shop):
        inviter = UserFactory(group=UserGroupFactory(discount=10))
        api.user.parent = inviter
        api.user.save()
        body = {"details": [{"goods_id": shop["teapot"].id, "quantity": 2}], "address": ADDRESS}
        before = state()
        preview = post(api, "/api/order/checkout", body)["data"]
        assert state() == before
        assert (preview["origin_amount"], preview["discount_amount"], preview["amount"]) == (6000, 600, 5400)
        assert preview["details"][0]["price"] == 2700
        assert preview["details"][0]["goods"]["title"] == "Teapot"
        assert preview["address"]["address_info"] == ADDRESS["address_info"]
        assert (preview["coupon"], preview["coupons"]) == (None, [])
        assert post(api, "/api/order/create", body)["data"]["amount"] == 5400

    def test_address_is_latest_when_not_given(self, api, shop):
        address = AddressFactory(user=api.user)
        preview = post(api, "/api/order/checkout", {"goods_id": shop["teapot"].id})["data"]
        assert preview["address"]["id"] == address.id

    @pytest.mark.parametrize("invited", [False, True])
    def test_query_count(self, api, shop, django_assert_num_queries, invited):
        if invited:
            api.user.parent = UserFactory(group=UserGroupFactory(discount=10))
            api.user.save()
        AddressFactory(user=api.user)
        cart = [
            CartItem.objects.create(user=api.user, goods=shop["teapot"], quantity=1, origin_price=1).id,
            CartItem.objects.create(user=api.user, goods=shop["shirt"], sku=shop["small"], quantity=1,
                                    origin_price=1).id,
        ]  # fmt: skip
        post(api, "/api/order/checkout", {"cart_ids": cart})  # the products' objects and the rules, cached
        # token, cart rows, goods, SKUs with their values, my address, my codes, products' keys (+ the buyer's
        # inviters, if any)
        with django_assert_num_queries(7 if invited else 6):
            assert post(api, "/api/order/checkout", {"cart_ids": cart})["code"] == 0


class TestListAndDetail:
    def test_mine_only_newest_first_with_details_and_user(self, api, other_api, shop):
        first = place_order(api.user, shop["teapot"])
        second = place_order(api.user, shop["shirt"], sku=shop["small"], status=1)
        place_order(other_api.user, shop["teapot"])
        body = api.get("/api/orders").json()
        assert body["total"] == 2
        assert [o["order_id"] for o in body["data"]] == [second.order_id, first.order_id]
        item = body["data"][0]
        assert set(item) == ORDER_KEYS | {"user", "details"}
        assert item["user"]["id"] == api.user.id
        assert set(item["details"][0]) == DETAIL_KEYS
        assert item["details"][0]["goods"]["title"] == "Shirt"
        assert item["details"][0]["goods_item_id"] == shop["small"].id

    @pytest.mark.parametrize(
        ("name", "status"),
        [("waiting", 0), ("paid", 1), ("delivery", 2), ("finished", 3), ("refunding", 8), ("refunded", 9),
         ("closed", -1)],
    )  # fmt: skip
    def test_status_filter(self, api, name, status):
        goods = GoodsFactory(stock=20)
        orders = {s: place_order(api.user, goods, status=s) for s in (-1, 0, 1, 2, 3, 8, 9)}
        body = api.get(f"/api/orders?status={name}").json()
        assert [o["order_id"] for o in body["data"]] == [orders[status].order_id]
        assert api.get("/api/orders?status=").json()["total"] == 7

    def test_unknown_status_filter(self, api):
        assert api.get("/api/orders?status=lost").json()["msg"].startswith("status:")

    @pytest.mark.parametrize("count", [1, 50])
    def test_query_count_is_the_same_for_1_and_50_orders(self, api, django_assert_num_queries, count):
        goods = GoodsFactory(stock=200)
        GoodsImageFactory(goods=goods)
        for _ in range(count):
            place_order(api.user, goods, quantity=2)
        with django_assert_num_queries(
            7
        ):  # token, the page and its count; orders, lines; products' keys, rows, pictures
            body = api.get("/api/orders?pageSize=50").json()
        assert len(body["data"]) == count
        with django_assert_num_queries(3):  # token, the page and its count, products' keys: the rest cached
            assert api.get("/api/orders?pageSize=50").json() == body

    def test_detail_with_address_and_lines(self, api, shop):
        AddressFactory(user=api.user)
        order = place_order(api.user, shop["teapot"], quantity=2)
        data = api.get(f"/api/order/detail?order_id={order.order_id}").json()["data"]
        assert set(data) == ORDER_KEYS | {"details", "order_address"}
        assert data["order_address"]["name"] == "Wang"
        assert data["details"][0]["quantity"] == 2

    def test_another_users_order_is_not_found(self, api, other_api, shop):
        theirs = place_order(other_api.user, shop["teapot"])
        for path in ("/api/order/cancel", "/api/order/finish"):
            assert post(api, path, {"order_id": theirs.order_id}) == {
                "code": -1,
                "msg": "order not found",
                "data": None,
            }
        body = api.get(f"/api/order/detail?order_id={theirs.order_id}").json()
        assert body == {"code": -1, "msg": "order not found", "data": None}
        theirs.refresh_from_db()
        assert theirs.status == 0

    @pytest.mark.parametrize("order_id", ["", "123", "abcdefghijklmnopqr"])
    def test_bad_order_numbers(self, api, order_id):
        assert api.get(f"/api/order/detail?order_id={order_id}").json()["msg"].startswith("order_id:")


class TestCancelAndFinish:
    def test_cancel_releases_stock(self, api, shop):
        order = place_order(api.user, shop["shirt"], quantity=3, sku=shop["small"])
        body = post(api, "/api/order/cancel", {"order_id": order.order_id})
        assert body["data"]["status"] == -1
        shop["small"].refresh_from_db()
        shop["shirt"].refresh_from_db()
        assert (shop["small"].stock, shop["shirt"].stock, shop["shirt"].sold_count) == (4, 8, 0)

    def test_cancel_twice_releases_once(self, api, shop):
        order = place_order(api.user, shop["teapot"], quantity=2)
        post(api, "/api/order/cancel", {"order_id": order.order_id})
        body = post(api, "/api/order/cancel", {"order_id": order.order_id})
        assert body == {
            "code": -1, "msg": "order is cancelled: only an order waiting for payment can be cancelled", "data": None,
        }  # fmt: skip
        shop["teapot"].refresh_from_db()
        assert shop["teapot"].stock == 5

    def test_paid_order_cannot_be_cancelled(self, api, shop):
        order = place_order(api.user, shop["teapot"], status=1)
        assert post(api, "/api/order/cancel", {"order_id": order.order_id})["msg"].startswith("order is paid")
        shop["teapot"].refresh_from_db()
        assert shop["teapot"].stock == 4

    def test_finish_credits_commissions_once(self, api, shop):
        grand = UserFactory(group=UserGroupFactory(parent_reward=2))
        inviter = UserFactory(parent=grand, group=UserGroupFactory(share_reward=10))
        api.user.parent = inviter
        api.user.save()
        order = place_order(api.user, shop["teapot"], status=2)
        body = post(api, "/api/order/finish", {"order_id": order.order_id})
        assert body["data"]["status"] == 3
        assert body["data"]["finished_time"] > 0
        inviter.refresh_from_db()
        grand.refresh_from_db()
        assert (inviter.balance, inviter.total_reward, grand.balance) == (300, 300, 60)
        assert Commission.objects.count() == 2
        assert post(api, "/api/order/finish", {"order_id": order.order_id})["code"] == -1
        inviter.refresh_from_db()
        assert inviter.balance == 300

    def test_only_shipped_orders_can_be_finished(self, api, shop):
        order = place_order(api.user, shop["teapot"], status=1)
        assert post(api, "/api/order/finish", {"order_id": order.order_id})["msg"].startswith("order is paid")


class TestStatisticsAndChart:
    def test_statistics_count_mine_by_status(self, api, other_api):
        goods = GoodsFactory(stock=20)
        for status in (0, 0, 1, 2, 3, 8, 9, -1):
            place_order(api.user, goods, status=status)
        place_order(other_api.user, goods)
        WishlistItem.objects.create(user=api.user, goods=goods, origin_price=1)
        data = api.get("/api/orders/statistics").json()["data"]
        assert data == {"total": 8, "pending": 2, "paid": 1, "delivery": 1, "finished": 1, "refunding": 1,
                        "refunded": 1, "cancelled": 1, "wishlist": 1, "processing": 2, "completed": 1}  # fmt: skip
        assert (data["processing"], data["completed"]) == (data["paid"] + data["delivery"], data["finished"])

    def test_chart_has_every_day_including_empty_ones(self, api):
        goods = GoodsFactory(price=1000, stock=20)
        place_order(api.user, goods)
        old = place_order(api.user, goods, quantity=2, status=1)
        Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
        chart = api.get("/api/orders/chart?days=3").json()["data"]
        today = timezone.localdate()
        assert [row["date"] for row in chart] == [(today - timedelta(days=d)).isoformat() for d in (2, 1, 0)]
        assert [(row["count"], row["amount"]) for row in chart] == [(1, 2000), (0, 0), (1, 1000)]
        paid = api.get("/api/orders/chart?days=3&status=paid").json()["data"]
        assert [row["count"] for row in paid] == [1, 0, 0]

    @pytest.mark.parametrize("query", ["days=0", "days=400", "days=x", "status=nope"])
    def test_chart_bad_query(self, api, query):
        assert api.get(f"/api/orders/chart?{query}").json()["code"] == -1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/order/address"), ("post", "/api/order/address"), ("get", "/api/order/addresses"),
        ("post", "/api/order/checkout"), ("post", "/api/order/create"), ("get", "/api/orders"),
        ("get", "/api/order/detail"), ("post", "/api/order/cancel"), ("post", "/api/order/finish"),
        ("get", "/api/orders/statistics"), ("get", "/api/orders/chart"),
    ],
)  # fmt: skip
def test_every_order_endpoint_needs_login(client_api, method, path):
    assert getattr(client_api, method)(path).json()["code"] == 1001

from datetime import timedelta

import pytest
from django.utils import timezone

from coupons.models import Coupon, CouponCode
from coupons.tests.factories import CodeFactory, CouponFactory
from orders.models import Order
from orders.tests.factories import place_order
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db

CODE_KEYS = {
    "id", "coupon_id", "code", "user_id", "title", "money_type", "money", "max_money", "min_amount", "start_time",
    "end_time", "get_time", "use_time", "order_id", "status",
}  # fmt: skip


def post(client, path, body):
    return client.post(path, body, format="json").json()


class TestClaim:
    def test_claim_returns_a_new_code(self, api):
        coupon = CouponFactory(quantity=5)
        body = post(api, "/api/coupon/code", {"id": coupon.id})
        assert body["code"] == 0
        assert set(body["data"]) == CODE_KEYS
        assert (body["data"]["coupon_id"], body["data"]["user_id"], body["data"]["status"]) == (
            coupon.id,
            api.user.id,
            0,
        )
        coupon.refresh_from_db()
        assert coupon.issued == 1

    def test_per_user_limit(self, api):
        coupon = CouponFactory(per_user=2)
        assert post(api, "/api/coupon/code", {"id": coupon.id})["code"] == 0
        assert post(api, "/api/coupon/code", {"id": coupon.id})["code"] == 0
        assert post(api, "/api/coupon/code", {"id": coupon.id})["msg"] == "you have claimed all you may"
        assert CouponCode.objects.count() == 2

    @pytest.mark.parametrize(
        ("coupon", "message"),
        [
            ({"quantity": 1, "issued": 1}, "this coupon has all been claimed"),
            ({"status": Coupon.Status.DISABLED}, "this coupon is not available"),
            ({"start_time": timezone.now() + timedelta(days=1), "end_time": timezone.now() + timedelta(days=2)},
             "this coupon starts on"),
            ({"start_time": timezone.now() - timedelta(days=3), "end_time": timezone.now() - timedelta(days=1)},
             "this coupon has expired"),
        ],
    )  # fmt: skip
    def test_refusals_leave_nothing_behind(self, api, coupon, message):
        coupon = CouponFactory(**coupon)
        body = post(api, "/api/coupon/code", {"id": coupon.id})
        assert body["code"] == -1 and body["msg"].startswith(message)
        assert not CouponCode.objects.exists()

    @pytest.mark.parametrize(
        ("body", "message"),
        [({}, "id: This field is required."), ({"id": "x"}, "id: A valid integer is required."),
         ({"id": 999999}, "id: no such coupon")],
    )  # fmt: skip
    def test_bad_input(self, api, body, message):
        assert post(api, "/api/coupon/code", body) == {"code": -1, "msg": message, "data": None}


class TestListings:
    def test_my_codes_by_status(self, api, other_api):
        unused = CodeFactory(user=api.user)
        expired = CodeFactory(user=api.user, coupon=CouponFactory(
            start_time=timezone.now() - timedelta(days=9), end_time=timezone.now() - timedelta(days=1)))  # fmt: skip
        order = place_order(api.user, GoodsFactory(price=5000), coupon={"coupon_code": CodeFactory(user=api.user).code})
        used = order.coupon_code
        CodeFactory(user=other_api.user)

        def ids(status):
            return {c["id"] for c in api.get(f"/api/coupon/codes?status={status}").json()["data"]}

        assert ids("unused") == {unused.id}
        assert ids("used") == {used.id}
        assert ids("expired") == {expired.id}
        assert ids("") == ids("all") == {unused.id, used.id, expired.id}
        used_json = api.get("/api/coupon/codes?status=used").json()["data"][0]
        assert (used_json["order_id"], used_json["status"]) == (order.order_id, 1)
        assert api.get("/api/coupon/codes?status=expired").json()["data"][0]["status"] == -1
        assert api.get("/api/coupon/codes?status=lost").json()["msg"].startswith("status:")

    def test_valid_lists_only_my_usable_codes_with_total(self, api):
        goods = GoodsFactory()
        mine = CodeFactory(user=api.user, coupon=CouponFactory(min_amount=3000))
        scoped = CouponFactory(all_goods=False)
        scoped.goods.set([goods])
        held = CodeFactory(user=api.user, coupon=CouponFactory(per_user=1), claim_number=1)
        CouponFactory(id=mine.id + 1000)  # a campaign whose id could pass for a code's
        answer = api.get(f"/api/coupon/valid?amount=5000&archive_id={goods.id}").json()
        assert {c["id"] for c in answer["data"]} == {mine.id, held.id} and answer["total"] == 2
        assert all("code" in item and "coupon_id" in item for item in answer["data"])  # every item is a code
        below = api.get("/api/coupon/valid?amount=1000").json()["data"]
        assert mine.id not in {d["id"] for d in below}

    def test_list_shows_the_campaigns_open_for_claiming_with_claimable_and_claimed(self, api, client_api):
        goods = GoodsFactory()
        scoped = CouponFactory(all_goods=False)
        scoped.goods.set([goods])
        gone = CouponFactory(quantity=1, issued=1)
        full = CouponFactory(per_user=1)
        CodeFactory(user=api.user, coupon=full, claim_number=1)
        CouponFactory(status=0)  # not active
        answer = api.get("/api/coupon/list?current=1&pageSize=10").json()
        rows = {c["id"]: (c["claimable"], c["claimed"]) for c in answer["data"]}
        assert rows == {scoped.id: (True, 0), gone.id: (False, 0), full.id: (False, 1)} and answer["total"] == 3
        for_goods = api.get(f"/api/coupon/list?archive_id={goods.id}").json()["data"]
        assert {c["id"] for c in for_goods} == {scoped.id, gone.id, full.id}  # the two cover all goods
        other = api.get(f"/api/coupon/list?archive_id={GoodsFactory().id}").json()["data"]
        assert scoped.id not in {c["id"] for c in other}
        guest = client_api.get("/api/coupon/list").json()["data"]
        assert {c["id"]: c["claimed"] for c in guest}[full.id] == 0
        assert api.get("/api/coupon/list?archive_id=x").json()["msg"].startswith("archive_id:")

    @pytest.mark.parametrize("path", ["/api/coupon/valid", "/api/coupon/codes", "/api/coupon/code"])
    def test_need_login(self, client_api, path):
        call = client_api.post if path.endswith("code") else client_api.get
        assert call(path).json()["code"] == 1001


@pytest.fixture
def goods():
    return GoodsFactory(title="Lamp", price=10000, stock=10)


def order_with(client, goods, **coupon):
    return post(client, "/api/order/create", {"goods_id": goods.id, **coupon})


class TestAtOrderTime:
    def test_code_string_in_odd_case_with_spaces(self, api, goods):
        code = CodeFactory(user=api.user, coupon=CouponFactory(money=1500))
        typed = " " + " ".join(code.code[i : i + 4] for i in (0, 4, 8)).lower() + " "
        body = order_with(api, goods, coupon_code=typed)
        assert body["code"] == 0
        assert (body["data"]["amount"], body["data"]["discount_amount"], body["data"]["coupon_code_id"]) == (
            8500, 1500, code.id,
        )  # fmt: skip
        code.refresh_from_db()
        assert (code.status, code.order.order_id) == (1, body["data"]["order_id"])

    def test_by_code_id(self, api, goods):
        code = CodeFactory(user=api.user, coupon=CouponFactory(money_type=1, money=15, max_money=1000))
        assert order_with(api, goods, coupon_code_id=code.id)["data"]["amount"] == 9000  # 15% capped at 1000

    def test_by_campaign_id_claims_and_uses(self, api, goods):
        coupon = CouponFactory(money=2000, quantity=3)
        body = order_with(api, goods, coupon_id=coupon.id)
        assert body["data"]["amount"] == 8000
        code = CouponCode.objects.get()
        assert (code.user, code.status, code.order_id) == (api.user, 1, body["data"]["id"])
        coupon.refresh_from_db()
        assert coupon.issued == 1

    def test_distributed_code_becomes_the_users(self, api, goods):
        code = CouponCode.objects.create(coupon=CouponFactory(money=500))
        assert order_with(api, goods, coupon_code=code.code)["data"]["amount"] == 9500
        code.refresh_from_db()
        assert (code.user, code.claim_number) == (api.user, 1)

    def test_cancel_frees_the_code_and_it_can_be_used_again(self, api, goods):
        code = CodeFactory(user=api.user)
        first = order_with(api, goods, coupon_code_id=code.id)["data"]
        post(api, "/api/order/cancel", {"order_id": first["order_id"]})
        code.refresh_from_db()
        assert (code.status, code.order, code.use_time) == (0, None, None)
        assert order_with(api, goods, coupon_code_id=code.id)["code"] == 0

    def test_member_discount_then_coupon(self, api, goods):
        from shop.tests.factories import UserGroupFactory

        api.user.parent = UserFactory(group=UserGroupFactory(discount=10))
        api.user.save()
        code = CodeFactory(user=api.user, coupon=CouponFactory(money_type=1, money=50))
        data = order_with(api, goods, coupon_code_id=code.id)["data"]
        # member price 9000, then 50% of it off: 4500
        assert (data["origin_amount"], data["discount_amount"], data["amount"]) == (10000, 5500, 4500)
        assert Order.objects.get().coupon_amount == 4500

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda api: {"coupon_code": "NOSUCHCODE12"}, "coupon_code: no such coupon code"),
            (lambda api: {"coupon_code": CodeFactory(user=UserFactory()).code}, "coupon_code: not your coupon"),
            (lambda api: {"coupon_code_id": CodeFactory(user=UserFactory()).id},
             "coupon_code_id: not one of your coupons"),
            (lambda api: {"coupon_code_id": CodeFactory(user=api.user, coupon=CouponFactory(
                start_time=timezone.now() - timedelta(days=3), end_time=timezone.now() - timedelta(days=1))).id},
             "coupon_code: this coupon has expired"),
            (lambda api: {"coupon_code_id": CodeFactory(user=api.user, coupon=CouponFactory(min_amount=20000)).id},
             "coupon_code: needs at least ¥200.00 of eligible goods"),
            (lambda api: {"coupon_code_id": CodeFactory(user=api.user, coupon=CouponFactory(all_goods=False)).id},
             "coupon_code: this coupon does not apply to these goods"),
            (lambda api: {"coupon_id": CouponFactory(quantity=1, issued=1).id}, "this coupon has all been claimed"),
            (lambda api: {"coupon_id": 999999}, "id: no such coupon"),
        ],
    )  # fmt: skip
    def test_refused_coupons_leave_nothing_behind(self, api, goods, make, message):
        body = make(api)
        codes_before = list(CouponCode.objects.values_list("id", "status", "user_id"))
        answer = order_with(api, goods, **body)
        assert answer == {"code": -1, "msg": message, "data": None}
        assert not Order.objects.exists()
        assert list(CouponCode.objects.values_list("id", "status", "user_id")) == codes_before
        goods.refresh_from_db()
        assert goods.stock == 10

    def test_a_used_code_is_refused(self, api, goods):
        code = CodeFactory(user=api.user)
        order_with(api, goods, coupon_code_id=code.id)
        assert order_with(api, goods, coupon_code_id=code.id)["msg"] == "coupon_code: this coupon has been used"


class TestCheckout:
    def test_preview_shows_the_applied_coupon_and_my_usable_ones(self, api, goods):
        small = CodeFactory(user=api.user, coupon=CouponFactory(money=500))
        big = CodeFactory(user=api.user, coupon=CouponFactory(money=2500))
        CodeFactory(user=api.user, coupon=CouponFactory(min_amount=50000))  # not usable here
        data = post(api, "/api/order/checkout", {"goods_id": goods.id, "coupon_code_id": small.id})["data"]
        assert (data["coupon"]["id"], data["coupon"]["discount"], data["amount"]) == (small.id, 500, 9500)
        assert [(c["id"], c["discount"]) for c in data["coupons"]] == [(big.id, 2500), (small.id, 500)]
        small.refresh_from_db()
        assert small.status == 0  # a preview uses nothing

    def test_preview_with_a_campaign_claims_nothing(self, api, goods):
        coupon = CouponFactory(money=700)
        data = post(api, "/api/order/checkout", {"goods_id": goods.id, "coupon_id": coupon.id})["data"]
        assert data["amount"] == 9300
        assert not CouponCode.objects.exists()

"""Every coupon rule, on priced lines as orders compute them."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from config.api import ApiError
from coupons import rules
from coupons.models import Coupon, CouponCode, normalize_code
from coupons.tests.factories import CodeFactory, CouponFactory
from shop.tests.factories import CategoryFactory, GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


def line(goods, amount):
    return SimpleNamespace(goods=goods, amount=amount)


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def goods():
    return GoodsFactory()


class TestDiscount:
    def test_fixed_amount(self):
        assert rules.discount(Coupon(money_type=0, money=1000), 5000) == 1000

    def test_fixed_never_more_than_eligible(self):
        assert rules.discount(Coupon(money_type=0, money=1000), 600) == 600

    @pytest.mark.parametrize(("eligible", "expected"), [(999, 149), (1000, 150), (1, 0), (12345, 1851)])
    def test_percent_rounds_down_to_whole_cents(self, eligible, expected):
        # 15% of 999 is 149.85 -> 149; of 12345 is 1851.75 -> 1851
        assert rules.discount(Coupon(money_type=1, money=15), eligible) == expected

    def test_percent_cap(self):
        assert rules.discount(Coupon(money_type=1, money=15, max_money=5000), 100000) == 5000
        assert rules.discount(Coupon(money_type=1, money=15, max_money=5000), 10000) == 1500

    def test_hundred_percent_is_the_eligible_amount(self):
        assert rules.discount(Coupon(money_type=1, money=100), 4321) == 4321


class TestScope:
    def test_all_goods(self, goods):
        assert rules.eligible_amount(CouponFactory(), [line(goods, 100), line(GoodsFactory(), 50)]) == 150

    def test_chosen_goods_and_categories_with_subcategories(self):
        top = CategoryFactory()
        sub = CategoryFactory(parent=top)
        chosen, in_sub, other = GoodsFactory(), GoodsFactory(category=sub), GoodsFactory()
        coupon = CouponFactory(all_goods=False)
        coupon.goods.set([chosen])
        coupon.categories.set([top])
        lines = [line(chosen, 100), line(in_sub, 40), line(other, 1000)]
        assert rules.eligible_amount(coupon, lines) == 140


class TestCheckCode:
    def test_usable_code_gives_its_discount(self, user, goods):
        code = CodeFactory(user=user, coupon=CouponFactory(money=700))
        assert rules.check_code(code, user=user, lines=[line(goods, 5000)]) == 700

    @pytest.mark.parametrize(
        ("coupon", "message"),
        [
            ({"start_time": timezone.now() + timedelta(days=1)}, "coupon_code: this coupon starts on"),
            ({"end_time": timezone.now() - timedelta(seconds=1), "start_time": timezone.now() - timedelta(days=2)},
             "coupon_code: this coupon has expired"),
            ({"status": Coupon.Status.DISABLED}, "coupon_code: this coupon is not available"),
            ({"min_amount": 5001}, "coupon_code: needs at least ¥50.01 of eligible goods"),
        ],
    )  # fmt: skip
    def test_refusals(self, user, goods, coupon, message):
        code = CodeFactory(user=user, coupon=CouponFactory(**coupon))
        with pytest.raises(ApiError) as refused:
            rules.check_code(code, user=user, lines=[line(goods, 5000)])
        assert str(refused.value.detail).startswith(message)

    def test_threshold_counts_only_eligible_goods(self, user, goods):
        coupon = CouponFactory(all_goods=False, min_amount=3000)
        coupon.goods.set([goods])
        code = CodeFactory(user=user, coupon=coupon)
        with pytest.raises(ApiError, match="needs at least"):
            rules.check_code(code, user=user, lines=[line(goods, 2000), line(GoodsFactory(), 9000)])
        assert rules.check_code(code, user=user, lines=[line(goods, 3000)]) == 1000

    def test_out_of_scope(self, user, goods):
        coupon = CouponFactory(all_goods=False)
        code = CodeFactory(user=user, coupon=coupon)
        with pytest.raises(ApiError, match="does not apply to these goods"):
            rules.check_code(code, user=user, lines=[line(goods, 5000)])

    def test_another_users_code(self, user, goods):
        code = CodeFactory(user=UserFactory())
        with pytest.raises(ApiError, match="not your coupon"):
            rules.check_code(code, user=user, lines=[line(goods, 5000)])

    def test_used_code(self, user, goods):
        code = CodeFactory(user=user)
        code.status = CouponCode.Status.USED
        with pytest.raises(ApiError, match="has been used"):
            rules.check_code(code, user=user, lines=[line(goods, 5000)])


@pytest.mark.parametrize("typed", ["abcd efgh jkmn", " ABCD-EFGH-JKMN ", "abcdefghjkmn"])
def test_codes_accept_odd_case_spaces_and_dashes(typed):
    assert normalize_code(typed) == "ABCDEFGHJKMN"


def test_generated_codes_are_long_random_and_unambiguous():
    codes = {CouponCode().code for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 12 and not set(c) & set("01IO") for c in codes)

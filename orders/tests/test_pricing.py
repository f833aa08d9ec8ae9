from unittest import mock

import pytest

from orders.models import ShopSettings
from orders.selectors import shop_settings
from orders.tests.factories import place_order
from shop.tests.factories import GoodsFactory, UserFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    """grand invited inviter, who invited buyer."""
    grand = UserFactory(group=UserGroupFactory(parent_reward=3))
    inviter = UserFactory(parent=grand, group=UserGroupFactory(discount=5, share_reward=10))
    buyer = UserFactory(parent=inviter)
    return grand, inviter, buyer


def test_no_inviter_no_discount_no_commission():
    order = place_order(UserFactory(), GoodsFactory(price=9999, stock=3), quantity=2)
    assert (order.origin_amount, order.discount_amount, order.amount) == (19998, 0, 19998)
    assert (order.share_user, order.share_amount, order.share_parent_user, order.share_parent_amount) == (
        None,
        0,
        None,
        0,
    )


def test_member_discount_rounds_each_unit_price_down_to_whole_cents(family):
    _, _, buyer = family
    order = place_order(buyer, GoodsFactory(price=9999, stock=3), quantity=3)
    # 5% of 9999 is 499.95 -> 499 off each unit: 9500 a unit
    detail = order.details.get()
    assert (detail.origin_price, detail.price, detail.amount) == (9999, 9500, 28500)
    assert (order.origin_amount, order.discount_amount, order.amount) == (29997, 1497, 28500)


def test_commissions_go_to_inviter_and_inviters_inviter(family):
    grand, inviter, buyer = family
    order = place_order(buyer, GoodsFactory(price=10001, stock=3))
    assert order.amount == 9501  # 10001 - 500
    assert (order.share_user, order.share_amount) == (inviter, 950)  # 10% of 9501, rounded down
    assert (order.share_parent_user, order.share_parent_amount) == (grand, 285)  # 3% of 9501


def test_seller_percent_applies_when_one_seller_sells_every_line():
    ShopSettings.objects.update_or_create(pk=1, defaults={"seller_percent": 80})
    seller = UserFactory()
    order = place_order(UserFactory(), GoodsFactory(price=9900, seller=seller, stock=2))
    assert (order.seller_id, order.seller_amount) == (seller.id, 7920)


def test_no_seller_amount_when_setting_is_off():
    order = place_order(UserFactory(), GoodsFactory(price=9900, seller=UserFactory(), stock=2))
    assert (order.seller_id, order.seller_amount) == (None, 0)


def test_the_shops_rules_are_read_only_when_a_seller_may_earn_a_share():
    with mock.patch("orders.services.shop_settings", wraps=shop_settings) as read:
        place_order(UserFactory(), GoodsFactory(stock=2))
        place_order(UserFactory(), GoodsFactory(seller=UserFactory(), stock=2))
    assert read.call_count == 1

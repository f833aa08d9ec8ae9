"""The three Celery jobs, called in-process: what they do to due orders and what they leave alone."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from coupons.tests.factories import CodeFactory
from orders.models import Order
from orders.tests.factories import place_order
from payments import tasks
from payments.gateways import GatewayError, Verified
from payments.gateways.stripe_checkout import StripeCheckout
from payments.gateways.wechat import WeChatNative
from payments.models import Payment
from payments.tests.fake_stripe import fake_stripe
from shop.tests.factories import GoodsFactory, UserFactory, UserGroupFactory

pytestmark = pytest.mark.django_db


def age(order, **delta):
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(**delta))


def test_close_unpaid_orders_releases_stock_and_coupon_and_leaves_others(user):
    goods = GoodsFactory(stock=10)
    code = CodeFactory(user=user)
    due = place_order(user, goods, quantity=3, coupon={"coupon_code_id": code.id})
    young = place_order(user, goods)
    paid = place_order(user, goods, status=1)
    age(due, minutes=31)
    age(paid, minutes=90)
    assert tasks.close_unpaid_orders() == 1
    due.refresh_from_db()
    young.refresh_from_db()
    paid.refresh_from_db()
    code.refresh_from_db()
    goods.refresh_from_db()
    assert (due.status, young.status, paid.status) == (-1, 0, 1)
    assert (code.status, code.order_id) == (0, None)
    assert goods.stock == 8  # 10 - 1 (young) - 1 (paid); the 3 of the closed order are back
    assert due.events.last().note == "not paid in time"
    assert tasks.close_unpaid_orders() == 0  # idempotent


def test_close_asks_the_gateway_first(user, stripe_keys):
    order = place_order(user, GoodsFactory(price=5000))
    Payment.objects.create(payment_id="202611221200000001", order=order, user=user, pay_way="stripe",
                           amount=5000, currency="CNY", gateway_ref="cs_1")  # fmt: skip
    age(order, minutes=45)
    paid = Verified(payment_id="202611221200000001", paid=True, txn_id="pi_1", amount=5000, currency="CNY")
    with mock.patch("payments.gateways.stripe_checkout.StripeCheckout.query", return_value=paid):
        tasks.close_unpaid_orders()
    order.refresh_from_db()
    assert order.status == 1


def test_close_uses_the_admin_setting(user):
    from orders.models import ShopSettings

    ShopSettings.objects.create(pk=1, auto_close_minute=120)
    order = place_order(user, GoodsFactory())
    age(order, minutes=60)
    assert tasks.close_unpaid_orders() == 0
    age(order, minutes=121)
    assert tasks.close_unpaid_orders() == 1


def test_complete_shipped_orders_past_end_time_with_commissions(user):
    inviter = UserFactory(group=UserGroupFactory(share_reward=10))
    user.parent = inviter
    user.save()
    due = place_order(user, GoodsFactory(price=10000), status=2)
    later = place_order(user, GoodsFactory(price=10000), status=2)
    Order.objects.filter(pk=due.pk).update(end_at=timezone.now() - timedelta(minutes=1))
    assert tasks.complete_shipped_orders() == 1
    due.refresh_from_db()
    later.refresh_from_db()
    inviter.refresh_from_db()
    assert (due.status, later.status, inviter.balance) == (3, 2, 1000)
    assert tasks.complete_shipped_orders() == 0


def pending(order, number, pay_way="stripe"):
    return Payment.objects.create(payment_id=number, order=order, user=order.user, pay_way=pay_way, amount=5000,
                                  currency="CNY", gateway_ref=f"cs_{number}")  # fmt: skip


def test_poll_asks_stripe_once_for_a_batch_and_confirms_the_paid_within_the_age_limit(user, stripe_keys, settings):
    fresh, unpaid, stale = (place_order(user, GoodsFactory(price=5000)) for _ in range(3))
    for order, number in ((fresh, "202611221200000001"), (unpaid, "202611221200000002"), (stale, "202611221200000003")):
        pending(order, number)
    Payment.objects.filter(payment_id="202611221200000003").update(created_at=timezone.now() - timedelta(hours=3))
    with fake_stripe() as fake:
        settings.STRIPE_API_BASE, fake.amount = fake.url, 5000
        fake.paid = {"cs_202611221200000001", "cs_202611221200000003"}
        assert tasks.poll_pending_payments() == 1  # one chunk: the fresh and the unpaid
        assert fake.lists == 1  # one listing for the batch, not a call per payment
        assert tasks.poll_pending_payments() == 0  # polled a moment ago: not again yet
    for order in (fresh, unpaid, stale):
        order.refresh_from_db()
    assert (fresh.status, unpaid.status, stale.status) == (1, 0, 0)
    assert Payment.objects.get(payment_id="202611221200000002").polled_at is not None


def test_a_failed_stripe_listing_leaves_the_batch_for_the_next_round(user, stripe_keys):
    order = place_order(user, GoodsFactory(price=5000))
    pending(order, "202611221200000001")
    with mock.patch.object(StripeCheckout, "query_many", side_effect=GatewayError("down")):
        assert tasks.poll_pending_payments() == 1
    order.refresh_from_db()
    assert order.status == 0


def test_a_failed_or_refused_payment_does_not_stop_the_others_in_its_batch(user, wechat_keys):
    first, second, third = (place_order(user, GoodsFactory(price=5000)) for _ in range(3))
    for order, number in ((first, "202611221200000001"), (second, "202611221200000002"), (third, "202611221200000003")):
        pending(order, number, pay_way="wechat")

    def query(self, payment):
        if payment.payment_id.endswith("1"):
            raise GatewayError("timed out")
        amount = 1 if payment.payment_id.endswith("2") else 5000  # the second is refused: not what we asked
        return Verified(payment_id=payment.payment_id, paid=True, txn_id=f"wx{payment.pk}", amount=amount,
                        currency="CNY")  # fmt: skip

    with mock.patch.object(WeChatNative, "query", query):
        assert tasks.poll_pending_payments() == 1
    for order in (first, second, third):
        order.refresh_from_db()
    assert (first.status, second.status, third.status) == (0, 0, 1)

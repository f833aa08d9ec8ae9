"""A notification and a poll confirming the same payment at the same moment, on PostgreSQL."""

from unittest import mock

import pytest

from conftest import race
from orders.models import OrderEvent
from orders.tests.factories import place_order
from payments import services
from payments.gateways import Verified
from payments.gateways.sandbox import notification_for
from payments.models import Payment, PaymentEvent
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def test_notification_and_poll_at_once_mark_it_paid_once(client, stripe_keys):
    order = place_order(UserFactory(), GoodsFactory(price=5000))
    payment = Payment.objects.create(payment_id="202611221200000001", order=order, user=order.user,
                                     pay_way="stripe", amount=5000, currency="CNY", gateway_ref="cs_1")  # fmt: skip
    paid = Verified(payment_id=payment.payment_id, paid=True, txn_id="pi_1", amount=5000, currency="CNY")

    def notify():
        return services.confirm_payment(pay_way="stripe", verified=paid, source="notify").status

    with mock.patch("payments.gateways.stripe_checkout.StripeCheckout.query", return_value=paid):
        answers = race(notify, lambda: services.ask_gateway(payment), notify, lambda: services.ask_gateway(payment))

    assert answers == [1, True, 1, True]
    order.refresh_from_db()
    assert order.status == 1
    assert OrderEvent.objects.filter(order=order, action="pay").count() == 1
    assert PaymentEvent.objects.filter(outcome="paid").count() == 1
    print(f"\n2 notifications + 2 polls at once: {OrderEvent.objects.filter(action='pay').count()} pay event")


def test_replayed_notifications_at_once_change_nothing_more(client):
    order = place_order(UserFactory(), GoodsFactory(price=5000))
    payment = Payment.objects.create(payment_id="202611221200000001", order=order, user=order.user,
                                     pay_way="sandbox", amount=5000, currency="CNY")  # fmt: skip
    fields = notification_for(payment, paid=True)
    from django.test import Client

    answers = race(*[lambda: Client().post("/notify/sandbox/pay", fields).status_code for _ in range(5)])
    assert answers == [200] * 5
    assert OrderEvent.objects.filter(order=order, action="pay").count() == 1

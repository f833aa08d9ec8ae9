"""What real gateways do that a happy-path test never shows: their own coupons, retried and
reordered notifications, a refused notice followed by a good one, an answer that does not come."""

import json
from datetime import timedelta
from unittest import mock

import pytest
import requests
import responses
from django.utils import timezone

from orders.models import Order
from payments import tasks
from payments.gateways import GatewayError, Verified
from payments.gateways.sandbox import notification_for, sign
from payments.models import Payment, PaymentEvent
from payments.tests.conftest import pending_payment
from payments.tests.test_alipay import signed_notification
from payments.tests.test_stripe_paypal import PAYPAL, capture_event, paypal_token, stripe_event
from payments.tests.test_wechat import notification, transaction

pytestmark = pytest.mark.django_db


def paid_state(order):
    order.refresh_from_db()
    payment = Payment.objects.get(order=order)
    return order.status, payment.status, payment.paid_amount, payment.payer_amount


def test_wechat_paid_with_a_wechat_coupon_is_paid_for_the_order_total(client, wechat_keys, waiting_order):
    pending_payment(waiting_order, "wechat")
    body, headers = notification(wechat_keys, transaction(amount={"total": 12345, "payer_total": 11345,
                                                                  "currency": "CNY"}))  # fmt: skip
    response = client.post("/notify/wechat/pay", body, content_type="application/json", **headers)
    assert response.status_code == 200
    assert paid_state(waiting_order) == (1, 1, 12345, 11345)


def test_alipay_paid_with_an_alipay_discount_is_paid_for_the_order_total(client, alipay_keys, waiting_order):
    pending_payment(waiting_order, "alipay")
    params = signed_notification(alipay_keys, total_amount="123.45", receipt_amount="123.45", buyer_pay_amount="113.45")
    assert client.post("/notify/alipay/pay", params).content == b"success"
    assert paid_state(waiting_order) == (1, 1, 12345, 11345)


def test_stripe_paid_with_a_promotion_code_is_paid_for_the_order_total(client, stripe_keys, waiting_order):
    pending_payment(waiting_order, "stripe")
    payload, header = stripe_event(amount=12345, charged=10000)
    response = client.post("/notify/stripe/pay", payload, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)  # fmt: skip
    assert response.status_code == 200
    assert paid_state(waiting_order) == (1, 1, 12345, 10000)


def test_a_refused_notice_does_not_swallow_the_good_one_after_it(client, waiting_order):
    payment = pending_payment(waiting_order, "sandbox")
    good = notification_for(payment, paid=True)
    wrong = {**good, "amount": "100"}
    wrong["sign"] = sign(wrong)  # genuinely signed, but for an amount the shop did not ask
    assert client.post("/notify/sandbox/pay", wrong).status_code == 400
    assert client.post("/notify/sandbox/pay", wrong).status_code == 400  # the gateway retries it
    assert client.post("/notify/sandbox/pay", good).status_code == 200
    assert paid_state(waiting_order)[:2] == (1, 1)
    outcomes = sorted(PaymentEvent.objects.values_list("outcome", flat=True))
    assert outcomes == ["paid", "refused: amount or currency differs"]  # the retried refusal is recorded once


def test_a_late_unpaid_notice_after_the_paid_one_changes_nothing(client, waiting_order):
    payment = pending_payment(waiting_order, "sandbox")
    assert client.post("/notify/sandbox/pay", notification_for(payment, paid=True)).status_code == 200
    assert client.post("/notify/sandbox/pay", notification_for(payment, paid=False)).status_code == 200
    assert client.post("/notify/sandbox/pay", notification_for(payment, paid=True)).status_code == 200
    assert paid_state(waiting_order)[:2] == (1, 1)
    assert list(waiting_order.events.values_list("action", flat=True)) == ["create", "pay"]


def overdue(order):
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(hours=2))


@pytest.mark.parametrize(
    "answer",
    [
        GatewayError("timed out"),  # the gateway could not say
        Verified(payment_id="202611221200000001", paid=True, txn_id="pi_1", amount=1, currency="CNY"),  # refused
    ],
    ids=["gateway-down", "paid-but-refused"],
)
def test_auto_close_never_closes_an_order_its_gateway_may_have_been_paid_for(stripe_keys, waiting_order, answer):
    pending_payment(waiting_order, "stripe", gateway_ref="cs_1")
    overdue(waiting_order)
    with mock.patch("payments.gateways.stripe_checkout.StripeCheckout.query", side_effect=[answer]):
        tasks.close_unpaid_orders()
    waiting_order.refresh_from_db()
    assert waiting_order.status == 0
    unpaid = Verified(payment_id="202611221200000001", paid=False)
    with mock.patch("payments.gateways.stripe_checkout.StripeCheckout.query", return_value=unpaid):
        tasks.close_unpaid_orders()  # the next run, told "not paid", closes it
    waiting_order.refresh_from_db()
    assert waiting_order.status == -1


class TestMalformedNotices:
    def test_a_wechat_notice_that_is_not_utf8_is_refused(self, client, wechat_keys):
        _, headers = notification(wechat_keys, transaction())
        body = b'{"id": "\xff\xfe"}'
        assert client.post("/notify/wechat/pay", body, content_type="application/json", **headers).status_code == 400

    @pytest.mark.parametrize("pay_way", ["wechat", "stripe", "alipay", "paypal", "sandbox"])
    def test_non_ascii_signatures_are_refused(
        self, client, pay_way, wechat_keys, alipay_keys, stripe_keys, paypal_keys
    ):
        headers = {"HTTP_WECHATPAY_SIGNATURE": "签名", "HTTP_WECHATPAY_TIMESTAMP": "\uff11\uff12",
                   "HTTP_STRIPE_SIGNATURE": "t=1,v1=签", "HTTP_PAYPAL_TRANSMISSION_SIG": "签"}  # fmt: skip
        with responses.RequestsMock(assert_all_requests_are_fired=False) as gateway:
            gateway.post(f"{PAYPAL}/v1/oauth2/token", json={"access_token": "A21"})
            gateway.post(f"{PAYPAL}/v1/notifications/verify-webhook-signature", json={"verification_status": "FAILURE"})
            body = {"sign": "签名", "sign_type": "RSA2", "amount": "\uff11", "app_id": "2021000000000001"}
            assert client.post(f"/notify/{pay_way}/pay", body, **headers).status_code == 400

    @responses.activate
    def test_a_paypal_notice_paypal_cannot_verify_now_is_asked_again_and_then_taken(self, client, paypal_keys,
                                                                                      waiting_order):  # fmt: skip
        pending_payment(waiting_order, "paypal")
        paypal_token()
        verify = f"{PAYPAL}/v1/notifications/verify-webhook-signature"
        responses.post(verify, body=requests.ConnectionError("PayPal is down"))
        body = json.dumps(capture_event())
        response = client.post("/notify/paypal/pay", body, content_type="application/json")
        assert response.status_code == 503  # PayPal sends it again later
        waiting_order.refresh_from_db()
        assert waiting_order.status == 0
        responses.replace(responses.POST, verify, json={"verification_status": "SUCCESS"})
        assert client.post("/notify/paypal/pay", body, content_type="application/json").status_code == 200
        assert paid_state(waiting_order) == (1, 1, 12345, 12345)

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs

import pytest
import responses
from django.test import RequestFactory

from payments.gateways.base import InvalidNotification
from payments.gateways.paypal import PayPal
from payments.gateways.stripe_checkout import StripeCheckout
from payments.models import Refund
from payments.tests.conftest import pending_payment

pytestmark = pytest.mark.django_db
URLS = {"notify": "https://shop.example/notify/x/pay", "return": "https://shop.example/ok", "cancel": "https://c"}
STRIPE = "https://api.stripe.com"
PAYPAL = "https://api-m.sandbox.paypal.com"


def stripe_event(
    payment_id="202611221200000001", amount=12345, secret="whsec_test_secret", event_type=None, charged=None
):
    payload = json.dumps({
        "id": "evt_1", "object": "event", "type": event_type or "checkout.session.completed",
        "data": {"object": {"id": "cs_test_1", "object": "checkout.session", "client_reference_id": payment_id,
                            "payment_status": "paid", "amount_subtotal": amount,
                            "amount_total": amount if charged is None else charged, "currency": "cny",
                            "payment_intent": "pi_1"}},
    })  # fmt: skip
    timestamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return payload, f"t={timestamp},v1={signature}"


def stripe_request(payload, header):
    return RequestFactory().post("/notify/stripe/pay", payload, content_type="application/json",
                                 HTTP_STRIPE_SIGNATURE=header)  # fmt: skip


class TestStripe:
    def test_genuine_webhook_is_verified(self, stripe_keys):
        verified = StripeCheckout().verify_notification(stripe_request(*stripe_event()))
        assert (verified.payment_id, verified.paid, verified.txn_id, verified.amount, verified.currency) == (
            "202611221200000001", True, "pi_1", 12345, "CNY",
        )  # fmt: skip

    def test_tampered_body_is_refused(self, stripe_keys):
        payload, header = stripe_event()
        with pytest.raises(InvalidNotification):
            StripeCheckout().verify_notification(stripe_request(payload.replace("12345", "1"), header))

    def test_signature_with_another_secret_is_refused(self, stripe_keys):
        with pytest.raises(InvalidNotification):
            StripeCheckout().verify_notification(stripe_request(*stripe_event(secret="whsec_other")))

    def test_other_events_are_not_payments(self, stripe_keys):
        with pytest.raises(InvalidNotification, match="ignored"):
            StripeCheckout().verify_notification(stripe_request(*stripe_event(event_type="customer.created")))

    @responses.activate
    def test_checkout_session_create_query_refund(self, stripe_keys, waiting_order):
        payment = pending_payment(waiting_order, "stripe")
        session = {"id": "cs_test_1", "object": "checkout.session", "url": "https://checkout.stripe.com/c/pay/cs_1",
                   "payment_status": "unpaid", "amount_subtotal": 12345, "amount_total": 12345, "currency": "cny",
                   "payment_intent": None,
                   "client_reference_id": payment.payment_id}  # fmt: skip
        responses.post(f"{STRIPE}/v1/checkout/sessions", json=session)
        answer, reference = StripeCheckout().start(payment, urls=URLS)
        assert (answer, reference) == ({"jump_url": "https://checkout.stripe.com/c/pay/cs_1"}, "cs_test_1")
        sent = responses.calls[0].request
        form = parse_qs(sent.body)
        assert form["client_reference_id"] == [payment.payment_id]
        assert form["line_items[0][price_data][unit_amount]"] == ["12345"]
        assert sent.headers["Idempotency-Key"] == f"session-{payment.payment_id}"

        payment.gateway_ref = "cs_test_1"
        responses.get(f"{STRIPE}/v1/checkout/sessions/cs_test_1",
                      json={**session, "payment_status": "paid", "payment_intent": "pi_1"})  # fmt: skip
        verified = StripeCheckout().query(payment)
        assert (verified.paid, verified.txn_id, verified.amount) == (True, "pi_1", 12345)

        payment.gateway_txn_id = "pi_1"
        refund = Refund(order=waiting_order, payment=payment, amount=12345, captured_amount=12345,
                        idempotency_key="refund-s")  # fmt: skip
        responses.post(f"{STRIPE}/v1/refunds", json={"id": "re_1", "object": "refund", "status": "succeeded"})
        assert StripeCheckout().refund(refund) == "re_1"
        assert responses.calls[-1].request.headers["Idempotency-Key"] == "refund-s"
        assert parse_qs(responses.calls[-1].request.body) == {"payment_intent": ["pi_1"], "amount": ["12345"]}


def paypal_token():
    responses.post(f"{PAYPAL}/v1/oauth2/token", json={"access_token": "A21", "expires_in": 32400})


def capture_event(payment_id="202611221200000001", value="123.45"):
    return {"id": "WH-EV-1", "event_type": "PAYMENT.CAPTURE.COMPLETED",
            "resource": {"id": "CAP-1", "status": "COMPLETED", "custom_id": payment_id,
                         "amount": {"currency_code": "CNY", "value": value}}}  # fmt: skip


def paypal_request(event):
    return RequestFactory().post(
        "/notify/paypal/pay", json.dumps(event), content_type="application/json",
        HTTP_PAYPAL_TRANSMISSION_ID="t-1", HTTP_PAYPAL_TRANSMISSION_SIG="sig", HTTP_PAYPAL_TRANSMISSION_TIME="now",
        HTTP_PAYPAL_AUTH_ALGO="SHA256withRSA", HTTP_PAYPAL_CERT_URL="https://api.paypal.com/cert",
    )  # fmt: skip


class TestPayPal:
    @responses.activate
    def test_webhook_verified_by_paypal(self, paypal_keys):
        paypal_token()
        responses.post(f"{PAYPAL}/v1/notifications/verify-webhook-signature", json={"verification_status": "SUCCESS"})
        verified = PayPal().verify_notification(paypal_request(capture_event()))
        assert (verified.payment_id, verified.paid, verified.txn_id, verified.amount) == (
            "202611221200000001", True, "CAP-1", 12345,
        )  # fmt: skip
        check = json.loads(responses.calls[-1].request.body)
        assert (check["webhook_id"], check["transmission_sig"], check["webhook_event"]["id"]) == (
            "WH-1", "sig", "WH-EV-1",
        )  # fmt: skip

    @responses.activate
    def test_webhook_paypal_does_not_vouch_for_is_refused(self, paypal_keys):
        paypal_token()
        responses.post(f"{PAYPAL}/v1/notifications/verify-webhook-signature", json={"verification_status": "FAILURE"})
        with pytest.raises(InvalidNotification, match="does not verify"):
            PayPal().verify_notification(paypal_request(capture_event(value="0.01")))

    @responses.activate
    def test_create_capture_on_query_and_refund(self, paypal_keys, waiting_order):
        payment = pending_payment(waiting_order, "paypal")
        paypal_token()
        responses.post(f"{PAYPAL}/v2/checkout/orders", json={
            "id": "5O190127TN364715T", "status": "PAYER_ACTION_REQUIRED",
            "links": [{"rel": "self", "href": "x"},
                      {"rel": "payer-action", "href": "https://www.paypal.com/checkoutnow?token=5O19"}]})  # fmt: skip
        answer, reference = PayPal().start(payment, urls=URLS)
        assert (answer["jump_url"], reference) == ("https://www.paypal.com/checkoutnow?token=5O19", "5O190127TN364715T")
        created = responses.calls[-1].request
        unit = json.loads(created.body)["purchase_units"][0]
        assert (unit["custom_id"], unit["amount"]) == (payment.payment_id, {"currency_code": "CNY", "value": "123.45"})
        assert created.headers["PayPal-Request-Id"] == f"order-{payment.payment_id}"

        payment.gateway_ref = reference
        responses.get(f"{PAYPAL}/v2/checkout/orders/{reference}", json={"id": reference, "status": "APPROVED"})
        captured = {
            "id": reference,
            "status": "COMPLETED",
            "purchase_units": [
                {
                    "payments": {
                        "captures": [
                            {
                                "id": "CAP-1",
                                "status": "COMPLETED",
                                "amount": {"currency_code": "CNY", "value": "123.45"},
                            }
                        ]
                    }
                }
            ],
        }
        responses.post(f"{PAYPAL}/v2/checkout/orders/{reference}/capture", json=captured)  # fmt: skip
        verified = PayPal().query(payment)
        assert (verified.paid, verified.txn_id, verified.amount) == (True, "CAP-1", 12345)

        payment.gateway_txn_id = "CAP-1"
        refund = Refund(order=waiting_order, payment=payment, amount=12345, captured_amount=12345,
                        idempotency_key="refund-p")  # fmt: skip
        responses.post(f"{PAYPAL}/v2/payments/captures/CAP-1/refund", json={"id": "RF-1", "status": "COMPLETED"})
        assert PayPal().refund(refund) == "RF-1"
        assert responses.calls[-1].request.headers["PayPal-Request-Id"] == "refund-p"


@responses.activate
def test_paypal_token_is_asked_once_while_it_lasts(paypal_keys, waiting_order):
    payment = pending_payment(waiting_order, "paypal", gateway_ref="ORDER-1")
    paypal_token()
    responses.get(f"{PAYPAL}/v2/checkout/orders/ORDER-1", json={"id": "ORDER-1", "status": "CREATED"})
    for _ in range(3):
        assert PayPal().query(payment).paid is False
    assert [call.request.url.endswith("/v1/oauth2/token") for call in responses.calls] == [True, False, False, False]

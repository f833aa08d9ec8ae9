"""PayPal Orders v2: create an order, the shopper approves it at PayPal, we capture it on return
(or when polling); webhooks are verified by PayPal's verify-webhook-signature API."""

import json

from django.conf import settings
from django.core.cache import cache

from .base import Gateway, GatewayError, InvalidNotification, Verified, cents, http, yuan


def _token():
    """An access token, kept in the cache for its lifetime (PayPal's are good for hours) less a margin."""
    key = f"paypal-token:{settings.PAYPAL_API}:{settings.PAYPAL_CLIENT_ID}"
    token = cache.get(key)
    if token is None:
        response = http(
            "POST", f"{settings.PAYPAL_API}/v1/oauth2/token", data={"grant_type": "client_credentials"},
            auth=(settings.PAYPAL_CLIENT_ID, settings.PAYPAL_CLIENT_SECRET),
        )  # fmt: skip
        if response.status_code != 200:
            raise GatewayError(f"paypal token: {response.status_code}")
        answer = response.json()
        token = answer["access_token"]
        cache.set(key, token, max(int(answer.get("expires_in", 0)) - 300, 0))
    return token


def _call(method, path, payload=None, request_id=None):
    headers = {"Authorization": f"Bearer {_token()}", "Content-Type": "application/json"}
    if request_id:
        headers["PayPal-Request-Id"] = request_id  # PayPal's idempotency key
    response = http(method, settings.PAYPAL_API + path, json=payload, headers=headers)
    if response.status_code >= 300:
        raise GatewayError(f"paypal {path}: {response.status_code} {response.text[:300]}", status=response.status_code)
    return response.json()


def _from_order(order, payment_id):
    """What a PayPal order says about our payment: paid once a capture of it has completed."""
    unit = (order.get("purchase_units") or [{}])[0]
    captures = (unit.get("payments") or {}).get("captures") or []
    done = next((c for c in captures if c.get("status") == "COMPLETED"), None)
    if done is None:
        return Verified(payment_id=payment_id, paid=False, raw={"status": order.get("status")})
    return Verified(
        payment_id=payment_id,
        paid=True,
        txn_id=done["id"],
        amount=cents(done["amount"]["value"]),
        currency=done["amount"]["currency_code"],
        raw={"order": order.get("id"), "capture": done["id"]},
    )


class PayPal(Gateway):
    pay_way = "paypal"
    notification_ok = ""

    @classmethod
    def configured(cls):
        return bool(settings.PAYPAL_CLIENT_ID and settings.PAYPAL_CLIENT_SECRET and settings.PAYPAL_WEBHOOK_ID)

    def start(self, payment, *, urls):
        order = _call("POST", "/v2/checkout/orders", {
            "intent": "CAPTURE",
            "purchase_units": [{"custom_id": payment.payment_id, "invoice_id": payment.payment_id,
                                "amount": {"currency_code": payment.currency, "value": yuan(payment.amount)}}],
            "payment_source": {"paypal": {"experience_context": {
                "return_url": urls["return"], "cancel_url": urls["cancel"], "user_action": "PAY_NOW"}}},
        }, request_id=f"order-{payment.payment_id}")  # fmt: skip
        approve = next(link["href"] for link in order["links"] if link["rel"] in ("payer-action", "approve"))
        return {"jump_url": approve}, order["id"]

    def verify_notification(self, request):
        try:
            event = json.loads(request.body)
        except ValueError as exc:
            raise InvalidNotification("not JSON") from exc
        headers = request.headers
        check = _call("POST", "/v1/notifications/verify-webhook-signature", {
            "auth_algo": headers.get("Paypal-Auth-Algo", ""), "cert_url": headers.get("Paypal-Cert-Url", ""),
            "transmission_id": headers.get("Paypal-Transmission-Id", ""),
            "transmission_sig": headers.get("Paypal-Transmission-Sig", ""),
            "transmission_time": headers.get("Paypal-Transmission-Time", ""),
            "webhook_id": settings.PAYPAL_WEBHOOK_ID, "webhook_event": event,
        })  # fmt: skip
        if check.get("verification_status") != "SUCCESS":
            raise InvalidNotification("paypal says the signature does not verify")
        if event.get("event_type") != "PAYMENT.CAPTURE.COMPLETED":
            raise InvalidNotification(f"ignored event {event.get('event_type')}")
        capture = event["resource"]
        return Verified(
            payment_id=capture.get("custom_id", ""),
            paid=capture.get("status") == "COMPLETED",
            txn_id=capture["id"],
            amount=cents(capture["amount"]["value"]),
            currency=capture["amount"]["currency_code"],
            raw={"event": event.get("id")},
        )

    def query(self, payment):
        """The order's state; an approved order is captured here, as the shopper asked."""
        order = _call("GET", f"/v2/checkout/orders/{payment.gateway_ref}")
        if order.get("status") == "APPROVED":
            order = _call("POST", f"/v2/checkout/orders/{payment.gateway_ref}/capture", {},
                          request_id=f"capture-{payment.payment_id}")  # fmt: skip
        return _from_order(order, payment.payment_id)

    def refund(self, refund):
        answer = _call(
            "POST", f"/v2/payments/captures/{refund.payment.gateway_txn_id}/refund",
            {"amount": {"value": yuan(refund.amount), "currency_code": refund.payment.currency}},
            request_id=refund.idempotency_key,
        )  # fmt: skip
        if answer.get("status") not in ("COMPLETED", "PENDING"):
            raise GatewayError(f"paypal refund is {answer.get('status')}")
        return answer["id"]

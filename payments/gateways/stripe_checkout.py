"""Stripe Checkout Sessions through the official ``stripe`` package; webhooks verified with the
endpoint's signing secret."""

import stripe
from django.conf import settings

from .base import Gateway, GatewayError, InvalidNotification, Verified


def _client():
    # RequestsClient: one HTTP stack for every gateway (and one place tests stub it).
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, http_client=stripe.RequestsClient(timeout=20), base_addresses=base
    )


def _verified(session, payment_id):
    return Verified(
        payment_id=payment_id,
        paid=getattr(session, "payment_status", "") == "paid",
        txn_id=getattr(session, "payment_intent", None) or "",
        # amount_subtotal is what the shop asked; amount_total is less after a Stripe promotion code
        amount=getattr(session, "amount_subtotal", None) or 0,
        currency=(getattr(session, "currency", None) or "").upper(),
        raw={"session": session.id},
        payer_amount=getattr(session, "amount_total", None),
    )


class StripeCheckout(Gateway):
    pay_way = "stripe"
    notification_ok = ""

    @classmethod
    def configured(cls):
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)

    def start(self, payment, *, urls):
        params = {
            "mode": "payment",
            "client_reference_id": payment.payment_id,
            "metadata": {"payment_id": payment.payment_id},
            "line_items": [{
                "quantity": 1,
                "price_data": {"currency": payment.currency.lower(), "unit_amount": payment.amount,
                               "product_data": {"name": f"Order {payment.order.order_id}"}},
            }],
            "success_url": urls["return"],
            "cancel_url": urls["cancel"],
        }  # fmt: skip
        try:
            session = _client().v1.checkout.sessions.create(
                params=params, options={"idempotency_key": f"session-{payment.payment_id}"}
            )
        except stripe.StripeError as exc:
            raise GatewayError(str(exc)) from exc
        return {"jump_url": session.url}, session.id

    def verify_notification(self, request):
        try:
            event = stripe.Webhook.construct_event(
                request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
            )
        except (ValueError, stripe.SignatureVerificationError) as exc:
            raise InvalidNotification(str(exc)) from exc
        if event.type not in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
            raise InvalidNotification(f"ignored event type {event.type}")
        session = event.data.object
        return _verified(session, getattr(session, "client_reference_id", None) or "")

    def query(self, payment):
        try:
            session = _client().v1.checkout.sessions.retrieve(payment.gateway_ref)
        except stripe.StripeError as exc:
            raise GatewayError(str(exc)) from exc
        return _verified(session, payment.payment_id)

    def refund(self, refund):
        try:
            created = _client().v1.refunds.create(
                params={"payment_intent": refund.payment.gateway_txn_id, "amount": refund.amount},
                options={"idempotency_key": refund.idempotency_key},
            )
        except stripe.StripeError as exc:
            raise GatewayError(str(exc)) from exc
        if created.status not in ("succeeded", "pending"):
            raise GatewayError(f"stripe refund {created.id} is {created.status}")
        return created.id

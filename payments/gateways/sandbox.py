"""A local test gateway for the embedded default: its page has pay and fail buttons whose form is
a notification signed like a real gateway's, posted to ``/notify/sandbox/pay``."""

import hashlib
import hmac

from django.conf import settings
from django.urls import reverse

from .base import Gateway, InvalidNotification, Verified

FIELDS = ("payment_id", "txn_id", "amount", "currency", "status")


def _secret():
    return hashlib.sha256(f"sandbox-gateway:{settings.SECRET_KEY}".encode()).digest()


def sign(fields):
    message = "&".join(f"{name}={fields[name]}" for name in FIELDS)
    return hmac.new(_secret(), message.encode(), hashlib.sha256).hexdigest()


def notification_for(payment, *, paid):
    """The signed notification the sandbox page posts when its shopper presses pay (or fail)."""
    fields = {
        "payment_id": payment.payment_id,
        "txn_id": f"SBX{payment.payment_id}",
        "amount": str(payment.amount),
        "currency": payment.currency,
        "status": "paid" if paid else "failed",
    }
    return {**fields, "sign": sign(fields)}


class Sandbox(Gateway):
    pay_way = "sandbox"

    @classmethod
    def configured(cls):
        return settings.SANDBOX_PAYMENTS

    def start(self, payment, *, urls):
        return {"jump_url": urls["absolute"](reverse("payments:sandbox", args=[payment.payment_id]))}, ""

    def verify_notification(self, request):
        fields = {name: request.POST.get(name, "") for name in FIELDS}
        if not hmac.compare_digest(sign(fields), request.POST.get("sign", "")):
            raise InvalidNotification("bad sandbox signature")
        try:
            amount = int(fields["amount"])
        except ValueError:
            raise InvalidNotification("amount is not a whole number of cents") from None
        return Verified(
            payment_id=fields["payment_id"],
            paid=fields["status"] == "paid",
            txn_id=fields["txn_id"],
            amount=amount,
            currency=fields["currency"],
            raw=fields,
        )

    def query(self, payment):
        return Verified(payment_id=payment.payment_id, paid=False)  # it only ever tells by notification

    def refund(self, refund):
        return f"SBXR{refund.idempotency_key}"

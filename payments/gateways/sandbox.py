"""A local test gateway for the embedded default: its page has pay and fail buttons whose form is
a notification signed like a real gateway's, posted to ``/notify/sandbox/pay``.

It confirms payments nobody made, so it is offered only where nothing real is: switched on
(``SANDBOX_PAYMENTS``, off unless ``DEBUG``) and no real gateway configured. Its page opens only
through the signed, expiring ``jump_url`` given to the payment's buyer.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .base import Gateway, InvalidNotification, Verified

FIELDS = ("payment_id", "txn_id", "amount", "currency", "status")
LINK_SALT = "payments.sandbox.page"
LINK_MAX_AGE = timedelta(hours=2)


def _secret():
    return hashlib.sha256(f"sandbox-gateway:{settings.SECRET_KEY}".encode()).digest()


def sign(fields):
    message = "&".join(f"{name}={fields[name]}" for name in FIELDS)
    return hmac.new(_secret(), message.encode(), hashlib.sha256).hexdigest()


def page_token(payment):
    return signing.dumps(payment.payment_id, salt=LINK_SALT)


def payment_id_in(token):
    """The payment a page link was made for; ``signing.BadSignature`` when forged or expired."""
    return signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)


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
        from . import GATEWAYS  # the registry, which lists this gateway too

        return settings.SANDBOX_PAYMENTS and not any(g.configured() for g in GATEWAYS.values() if g is not cls)

    def start(self, payment, *, urls):
        return {"jump_url": urls["absolute"](reverse("payments:sandbox", args=[page_token(payment)]))}, ""

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

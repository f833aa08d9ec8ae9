import logging
import threading
from dataclasses import dataclass
from decimal import Decimal

import requests

logger = logging.getLogger(__name__)
TIMEOUT = (5, 20)  # connect, read: a gateway call never holds a worker for long


class GatewayError(Exception):
    """The gateway could not be reached or refused the request; safe to retry later."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class InvalidNotification(Exception):
    """A notification whose signature, origin or content does not check out."""


@dataclass
class Verified:
    """What a gateway vouched for about one of our payments."""

    payment_id: str
    paid: bool
    txn_id: str = ""
    amount: int = 0  # what the shop asked for: compared with the payment
    currency: str = ""
    raw: dict | None = None
    payer_amount: int | None = None  # what the payer paid, after the gateway's own coupons; None: the same

    @property
    def paid_by_payer(self):
        return self.amount if self.payer_amount is None else self.payer_amount


def yuan(cents):
    """12345 -> "123.45", the decimal string Alipay and PayPal want."""
    return f"{Decimal(cents) / 100:.2f}"


def cents(value):
    """ "123.45" -> 12345; refuses anything with fractions of a cent."""
    amount = Decimal(str(value)) * 100
    if amount != amount.to_integral_value():
        raise InvalidNotification(f"amount {value} has fractions of a cent")
    return int(amount)


_sessions = threading.local()


def http(method, url, **kwargs):
    """One HTTP call to a gateway; transport problems become ``GatewayError``. Each thread keeps
    its connections open (a polling worker asks the same gateway thousands of times)."""
    if not hasattr(_sessions, "session"):
        _sessions.session = requests.Session()
    try:
        response = _sessions.session.request(method, url, timeout=TIMEOUT, **kwargs)
    except requests.RequestException as exc:
        raise GatewayError(f"{url}: {exc}") from exc
    return response


class Gateway:
    """The interface each gateway implements."""

    pay_way = ""
    notification_ok = "success"  # the body a gateway expects back once we have processed its notification

    @classmethod
    def configured(cls):
        raise NotImplementedError

    def start(self, payment, *, urls):
        """Ask the gateway to collect ``payment``; returns (answer for the client, gateway reference).

        ``urls`` has the absolute ``notify``, ``return`` and ``cancel`` addresses for this payment.
        """
        raise NotImplementedError

    def verify_notification(self, request):
        """The ``Verified`` fact in a notification, or ``InvalidNotification``."""
        raise NotImplementedError

    def query(self, payment):
        """Ask the gateway how ``payment`` stands: a ``Verified``."""
        raise NotImplementedError

    def query_many(self, payments):
        """(payment, ``Verified``) for each of ``payments`` the gateway answered about, for the
        polling job: one query each here; a gateway that can list its paid sessions asks once.
        A payment the gateway could not be asked about is logged and left for the next round."""
        for payment in payments:
            try:
                yield payment, self.query(payment)
            except (GatewayError, InvalidNotification) as exc:
                logger.warning("polling %s failed: %s", payment.payment_id, exc)

    def refund(self, refund):
        """Return ``refund.amount`` of ``refund.payment``; the gateway's refund id. Idempotent by
        ``refund.idempotency_key``, so a retry after a failure never refunds twice."""
        raise NotImplementedError

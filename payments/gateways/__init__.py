"""Payment gateways behind one small interface, chosen by ``pay_way`` (spec section 7).

Each module holds one gateway; ``available()`` lists those configured for this deployment: a
gateway without credentials is not offered.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.api import ApiError

from .alipay import Alipay
from .base import Gateway, GatewayError, InvalidNotification, Verified
from .paypal import PayPal
from .sandbox import Sandbox
from .stripe_checkout import StripeCheckout
from .wechat import WeChatNative, WeChatWeapp

GATEWAYS = {g.pay_way: g for g in (Sandbox, StripeCheckout, PayPal, Alipay, WeChatNative, WeChatWeapp)}
PAY_WAYS = ("balance", *GATEWAYS)
# How people read each pay way, translated where shown (the pay page, the order's timeline).
PAY_WAY_NAMES = {"balance": gettext_noop("Balance"), "sandbox": gettext_noop("Test gateway"),
                 "stripe": gettext_noop("Card (Stripe)"), "paypal": "PayPal", "alipay": gettext_noop("Alipay"),
                 "wechat": gettext_noop("WeChat Pay"), "weapp": gettext_noop("WeChat mini-program"),
                 "offline": gettext_noop("Paid offline")}  # fmt: skip

__all__ = ["GATEWAYS", "PAY_WAYS", "PAY_WAY_NAMES", "Gateway", "GatewayError", "InvalidNotification", "Verified",
           "available", "get", "pay_way_name"]  # fmt: skip


def pay_way_name(pay_way):
    """How people read ``pay_way``, in the current language."""
    return _(PAY_WAY_NAMES.get(pay_way, pay_way))


def available():
    """The pay ways this shop offers now: balance and every configured gateway."""
    return ["balance", *[way for way, gateway in GATEWAYS.items() if gateway.configured()]]


def get(pay_way):
    """The gateway for ``pay_way``, or ``ApiError`` when it is unknown or not configured here."""
    gateway = GATEWAYS.get(pay_way)
    if gateway is None or not gateway.configured():
        raise ApiError(_("pay_way: %(pay_way)s is not available in this shop") % {"pay_way": pay_way})
    return gateway()

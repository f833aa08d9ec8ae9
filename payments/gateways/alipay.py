"""Alipay page pay (``alipay.trade.page.pay``) with RSA2 signatures, asynchronous notifications,
trade query and refund, over Alipay's OpenAPI gateway."""

import json

import requests
from django.conf import settings
from django.utils import timezone

from . import rsa
from .base import Gateway, GatewayError, InvalidNotification, Verified, cents, http, yuan

PAID_STATES = ("TRADE_SUCCESS", "TRADE_FINISHED")


def signing_string(params, *, unsigned=("sign", "sign_type")):
    """Sorted ``key=value`` pairs joined by ``&``, without empty values and the ``unsigned`` keys:
    a notification's ``sign`` and ``sign_type``; a request's ``sign`` only (Alipay's rules)."""
    return "&".join(f"{k}={params[k]}" for k in sorted(params) if k not in unsigned and params[k] != "")


def _common(method, biz, **extra):
    params = {
        "app_id": settings.ALIPAY_APP_ID,
        "method": method,
        "format": "JSON",
        "charset": "utf-8",
        "sign_type": "RSA2",
        "timestamp": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        "version": "1.0",
        "biz_content": json.dumps(biz, separators=(",", ":"), ensure_ascii=False),
        **extra,
    }
    return {**params, "sign": rsa.sign(signing_string(params, unsigned=("sign",)), settings.ALIPAY_PRIVATE_KEY)}


def _call(method, biz):
    """Call an OpenAPI method; returns its response node after checking Alipay's signature on it."""
    response = http("POST", settings.ALIPAY_GATEWAY, data=_common(method, biz))
    try:
        body = response.json()
    except ValueError as exc:
        raise GatewayError(f"alipay {method}: not JSON ({response.status_code})") from exc
    node_name = method.replace(".", "_") + "_response"
    # Alipay signs the response node exactly as it wrote it, so the check needs the raw text.
    raw = response.text
    start = raw.find(f'"{node_name}"')
    node_text = raw[raw.find("{", start) : raw.rfind(',"sign"')] if start >= 0 and '"sign"' in raw else ""
    if not node_text or not rsa.verify(node_text, body.get("sign", ""), settings.ALIPAY_PUBLIC_KEY):
        raise GatewayError(f"alipay {method}: response signature does not check out")
    return body[node_name]


def _verified(trade, payment_id):
    """A trade as a notification or a query tells it. ``total_amount`` is what the shop asked;
    after an Alipay-side discount the buyer paid ``buyer_pay_amount`` (the shop got ``receipt_amount``)."""
    paid_by_buyer = trade.get("buyer_pay_amount") or trade.get("receipt_amount")
    return Verified(
        payment_id=payment_id,
        paid=trade.get("trade_status") in PAID_STATES,
        txn_id=trade.get("trade_no", ""),
        amount=cents(trade.get("total_amount") or "0"),
        currency="CNY",
        raw=trade,
        payer_amount=cents(paid_by_buyer) if paid_by_buyer else None,
    )


class Alipay(Gateway):
    pay_way = "alipay"

    @classmethod
    def configured(cls):
        return bool(settings.ALIPAY_APP_ID and settings.ALIPAY_PRIVATE_KEY and settings.ALIPAY_PUBLIC_KEY)

    def start(self, payment, *, urls):
        biz = {
            "out_trade_no": payment.payment_id,
            "total_amount": yuan(payment.amount),
            "subject": f"Order {payment.order.order_id}",
            "product_code": "FAST_INSTANT_TRADE_PAY",
        }
        params = _common("alipay.trade.page.pay", biz, notify_url=urls["notify"], return_url=urls["return"])
        return {"jump_url": requests.Request("GET", settings.ALIPAY_GATEWAY, params=params).prepare().url}, ""

    def verify_notification(self, request):
        params = {key: request.POST.get(key, "") for key in request.POST}
        if params.get("app_id") != settings.ALIPAY_APP_ID:
            raise InvalidNotification("notification for another app")
        if not rsa.verify(signing_string(params), params.get("sign", ""), settings.ALIPAY_PUBLIC_KEY):
            raise InvalidNotification("bad alipay signature")
        return _verified(params, params.get("out_trade_no", ""))

    def query(self, payment):
        node = _call("alipay.trade.query", {"out_trade_no": payment.payment_id})
        if node.get("code") != "10000":
            if node.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
                return Verified(payment_id=payment.payment_id, paid=False)
            raise GatewayError(f"alipay query: {node.get('sub_msg') or node.get('msg')}")
        return _verified(node, node.get("out_trade_no", payment.payment_id))

    def refund(self, refund):
        node = _call(
            "alipay.trade.refund",
            {
                "out_trade_no": refund.payment.payment_id,
                "refund_amount": yuan(refund.amount),
                "out_request_no": refund.idempotency_key,  # Alipay's idempotency key for refunds
            },
        )
        if node.get("code") != "10000":
            raise GatewayError(f"alipay refund: {node.get('sub_msg') or node.get('msg')}")
        return node.get("trade_no", "")

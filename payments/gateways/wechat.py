"""WeChat Pay API v3: Native (a QR code the shopper scans) and JSAPI for the mini-program.

Requests are signed with the merchant key (``WECHATPAY2-SHA256-RSA2048``); notifications are
checked against WeChat Pay's public key and their resource decrypted with the APIv3 key
(AEAD_AES_256_GCM). Query and refund use the same signed client.
"""

import base64
import io
import json
import secrets
import time

import qrcode
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from . import rsa
from .base import Gateway, GatewayError, InvalidNotification, Verified, http

API = "https://api.mch.weixin.qq.com"
MAX_CLOCK_SKEW = 300  # seconds a notification's timestamp may differ from ours


def authorization(method, path, body):
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    message = f"{method}\n{path}\n{timestamp}\n{nonce}\n{body}\n"
    signature = rsa.sign(message, settings.WECHAT_PRIVATE_KEY)
    return (
        f'WECHATPAY2-SHA256-RSA2048 mchid="{settings.WECHAT_MCHID}",nonce_str="{nonce}",'
        f'signature="{signature}",timestamp="{timestamp}",serial_no="{settings.WECHAT_CERT_SERIAL}"'
    )


def _signed_by_wechat(headers, body):
    """Whether ``headers`` carry WeChat Pay's signature of ``body`` (its answers and notifications alike)."""
    timestamp = headers.get("Wechatpay-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
        return False
    message = f"{timestamp}\n{headers.get('Wechatpay-Nonce', '')}\n{body}\n"
    return rsa.verify(message, headers.get("Wechatpay-Signature", ""), settings.WECHAT_PLATFORM_PUBLIC_KEY)


def _call(method, path, payload=None):
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False) if payload is not None else ""
    headers = {"Authorization": authorization(method, path, body), "Accept": "application/json",
               "Content-Type": "application/json"}  # fmt: skip
    response = http(method, API + path, data=body.encode() or None, headers=headers)
    if response.status_code >= 300:
        try:
            message = response.json().get("message", response.text)
        except ValueError:
            message = response.text
        raise GatewayError(f"wechat {path}: {response.status_code} {message}", status=response.status_code)
    if not _signed_by_wechat(response.headers, response.text):
        raise GatewayError(f"wechat {path}: the answer is not signed by WeChat Pay")
    return response.json() if response.content else {}


def decrypt(resource):
    """The plaintext of a notification's ``resource``, decrypted with the APIv3 key."""
    try:
        plain = AESGCM(settings.WECHAT_APIV3_KEY.encode()).decrypt(
            resource["nonce"].encode(), base64.b64decode(resource["ciphertext"]),
            (resource.get("associated_data") or "").encode(),
        )  # fmt: skip
    except Exception as exc:
        raise InvalidNotification(f"cannot decrypt: {exc.__class__.__name__}") from exc
    return json.loads(plain)


def _verified(transaction):
    amount = transaction.get("amount") or {}
    return Verified(
        payment_id=transaction.get("out_trade_no", ""),
        paid=transaction.get("trade_state") == "SUCCESS",
        txn_id=transaction.get("transaction_id", ""),
        amount=int(amount.get("total") or 0),  # the order's total; payer_total is less after a WeChat coupon
        currency=amount.get("currency", "CNY"),
        raw=transaction,
        payer_amount=int(amount["payer_total"]) if "payer_total" in amount else None,
    )


class _WeChat(Gateway):
    notification_ok = ""
    appid_setting = "WECHAT_APPID"

    @classmethod
    def configured(cls):
        return all(
            getattr(settings, name)
            for name in (cls.appid_setting, "WECHAT_MCHID", "WECHAT_PRIVATE_KEY", "WECHAT_CERT_SERIAL",
                         "WECHAT_APIV3_KEY", "WECHAT_PLATFORM_PUBLIC_KEY")
        )  # fmt: skip

    def order_body(self, payment, urls):
        return {
            "appid": getattr(settings, self.appid_setting),
            "mchid": settings.WECHAT_MCHID,
            "description": f"Order {payment.order.order_id}",
            "out_trade_no": payment.payment_id,
            "notify_url": urls["notify"],
            "amount": {"total": payment.amount, "currency": payment.currency},
        }

    def verify_notification(self, request):
        if not _signed_by_wechat(request.headers, request.body.decode()):
            raise InvalidNotification("bad wechat pay signature or stale timestamp")
        event = json.loads(request.body)
        if event.get("event_type") != "TRANSACTION.SUCCESS":
            raise InvalidNotification(f"ignored event {event.get('event_type')}")
        transaction = decrypt(event["resource"])
        if transaction.get("mchid") != settings.WECHAT_MCHID:
            raise InvalidNotification("notification for another merchant")
        return _verified(transaction)

    def query(self, payment):
        path = f"/v3/pay/transactions/out-trade-no/{payment.payment_id}?mchid={settings.WECHAT_MCHID}"
        try:
            return _verified(_call("GET", path))
        except GatewayError as exc:
            if exc.status == 404:  # the shopper never opened the QR code: no transaction yet
                return Verified(payment_id=payment.payment_id, paid=False)
            raise

    def refund(self, refund):
        answer = _call("POST", "/v3/refund/domestic/refunds", {
            "out_trade_no": refund.payment.payment_id,
            "out_refund_no": refund.idempotency_key,  # WeChat's idempotency key for refunds
            "amount": {"refund": refund.amount, "total": refund.payment.paid_amount,
                       "currency": refund.payment.currency},
        })  # fmt: skip
        if answer.get("status") not in ("SUCCESS", "PROCESSING"):
            raise GatewayError(f"wechat refund is {answer.get('status')}")
        return answer.get("refund_id", "")


class WeChatNative(_WeChat):
    """``wechat``: a Native order whose ``code_url`` the shop shows as a QR code."""

    pay_way = "wechat"

    def start(self, payment, *, urls):
        answer = _call("POST", "/v3/pay/transactions/native", self.order_body(payment, urls))
        picture = io.BytesIO()
        qrcode.make(answer["code_url"]).save(picture, format="PNG")
        return {"code_url": "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()}, ""


class WeChatWeapp(_WeChat):
    """``weapp``: JSAPI parameters for ``wx.requestPayment`` in the mini-program."""

    pay_way = "weapp"
    appid_setting = "WECHAT_WEAPP_APPID"

    def start(self, payment, *, urls):
        if not payment.openid:
            raise GatewayError("openid: the mini-program must send the shopper's openid")
        body = {**self.order_body(payment, urls), "payer": {"openid": payment.openid}}
        prepay_id = _call("POST", "/v3/pay/transactions/jsapi", body)["prepay_id"]
        app_id, timestamp, nonce = settings.WECHAT_WEAPP_APPID, str(int(time.time())), secrets.token_hex(16)
        package = f"prepay_id={prepay_id}"
        pay_sign = rsa.sign(f"{app_id}\n{timestamp}\n{nonce}\n{package}\n", settings.WECHAT_PRIVATE_KEY)
        return {"appId": app_id, "timeStamp": timestamp, "nonceStr": nonce, "package": package,
                "signType": "RSA", "paySign": pay_sign}, prepay_id  # fmt: skip

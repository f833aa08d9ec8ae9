import base64
import json
import os
import time

import pytest
import responses
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.test import RequestFactory

from payments.gateways import rsa
from payments.gateways.base import InvalidNotification
from payments.gateways.wechat import WeChatNative, WeChatWeapp
from payments.models import Refund
from payments.tests.conftest import pending_payment

pytestmark = pytest.mark.django_db
API = "https://api.mch.weixin.qq.com"
URLS = {"notify": "https://shop.example/notify/wechat/pay", "return": "r", "cancel": "c"}
APIV3_KEY = b"0123456789abcdef0123456789abcdef"


def transaction(**fields):
    return {"mchid": "1900000001", "appid": "wx0000000000000001", "out_trade_no": "202611221200000001",
            "transaction_id": "4200001", "trade_state": "SUCCESS",
            "amount": {"total": 12345, "payer_total": 12345, "currency": "CNY"}, **fields}  # fmt: skip


def notification(keys, plain, *, timestamp=None, key=APIV3_KEY):
    nonce = base64.b64encode(os.urandom(9)).decode()[:12]
    ciphertext = AESGCM(key).encrypt(nonce.encode(), json.dumps(plain).encode(), b"transaction")
    resource = {"algorithm": "AEAD_AES_256_GCM", "ciphertext": base64.b64encode(ciphertext).decode(),
                "nonce": nonce, "associated_data": "transaction"}  # fmt: skip
    body = json.dumps({"id": "EV-1", "event_type": "TRANSACTION.SUCCESS", "resource": resource})
    timestamp = str(timestamp or int(time.time()))
    header_nonce = "n" * 16
    signature = rsa.sign(f"{timestamp}\n{header_nonce}\n{body}\n", keys["platform_private"])
    headers = {"HTTP_WECHATPAY_TIMESTAMP": timestamp, "HTTP_WECHATPAY_NONCE": header_nonce,
               "HTTP_WECHATPAY_SIGNATURE": signature, "HTTP_WECHATPAY_SERIAL": "PUB_KEY_ID_1"}  # fmt: skip
    return body, headers


def signed_answer(keys, payload):
    """A WeChat Pay answer as ``responses`` keyword arguments, signed with the platform key."""
    body, timestamp, nonce = json.dumps(payload), str(int(time.time())), "a" * 16
    signature = rsa.sign(f"{timestamp}\n{nonce}\n{body}\n", keys["platform_private"])
    headers = {"Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature,
               "Wechatpay-Serial": "PUB_KEY_ID_1"}  # fmt: skip
    return {"body": body, "headers": headers, "content_type": "application/json"}


def request_for(body, headers):
    return RequestFactory().post("/notify/wechat/pay", body, content_type="application/json", **headers)


def test_genuine_notification_is_decrypted_and_verified(wechat_keys):
    verified = WeChatNative().verify_notification(request_for(*notification(wechat_keys, transaction())))
    assert (verified.payment_id, verified.paid, verified.txn_id, verified.amount, verified.currency) == (
        "202611221200000001", True, "4200001", 12345, "CNY",
    )  # fmt: skip


def test_tampered_body_is_refused(wechat_keys):
    body, headers = notification(wechat_keys, transaction())
    with pytest.raises(InvalidNotification, match="signature"):
        WeChatNative().verify_notification(request_for(body.replace("EV-1", "EV-2"), headers))


def test_wrong_signature_is_refused(wechat_keys):
    from payments.tests.keys import keypair

    body, headers = notification({"platform_private": keypair("forger")[0]}, transaction())
    with pytest.raises(InvalidNotification, match="signature"):
        WeChatNative().verify_notification(request_for(body, headers))


def test_stale_timestamp_is_refused(wechat_keys):
    body, headers = notification(wechat_keys, transaction(), timestamp=int(time.time()) - 3600)
    with pytest.raises(InvalidNotification, match="stale"):
        WeChatNative().verify_notification(request_for(body, headers))


def test_resource_not_encrypted_with_our_key_is_refused(wechat_keys):
    body, headers = notification(wechat_keys, transaction(), key=b"f" * 32)
    with pytest.raises(InvalidNotification, match="decrypt"):
        WeChatNative().verify_notification(request_for(body, headers))


def test_another_merchants_transaction_is_refused(wechat_keys):
    body, headers = notification(wechat_keys, transaction(mchid="1999999999"))
    with pytest.raises(InvalidNotification, match="another merchant"):
        WeChatNative().verify_notification(request_for(body, headers))


def _check_authorization(request, keys):
    """The request is signed as WeChat Pay v3 documents: METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nBODY\\n."""
    scheme, _, rest = request.headers["Authorization"].partition(" ")
    fields = dict(part.split("=", 1) for part in rest.split(","))
    fields = {k: v.strip('"') for k, v in fields.items()}
    path = request.path_url
    body = request.body.decode() if request.body else ""
    message = f"{request.method}\n{path}\n{fields['timestamp']}\n{fields['nonce_str']}\n{body}\n"
    assert scheme == "WECHATPAY2-SHA256-RSA2048"
    assert fields["mchid"] == "1900000001"
    assert rsa.verify(message, fields["signature"], keys["merchant_public"])


@responses.activate
def test_native_order_is_signed_and_its_code_becomes_a_png(wechat_keys, waiting_order):
    payment = pending_payment(waiting_order, "wechat")
    responses.post(f"{API}/v3/pay/transactions/native",
                   **signed_answer(wechat_keys, {"code_url": "weixin://wxpay/bizpayurl?pr=abc"}))  # fmt: skip
    answer, _ = WeChatNative().start(payment, urls=URLS)
    assert answer["code_url"].startswith("data:image/png;base64,")
    assert base64.b64decode(answer["code_url"].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    sent = responses.calls[0].request
    _check_authorization(sent, wechat_keys)
    body = json.loads(sent.body)
    assert (body["out_trade_no"], body["amount"], body["mchid"]) == (
        payment.payment_id, {"total": 12345, "currency": "CNY"}, "1900000001",
    )  # fmt: skip


@responses.activate
def test_weapp_gives_signed_jsapi_parameters(wechat_keys, waiting_order):
    payment = pending_payment(waiting_order, "weapp")
    payment.openid = "o-buyer"
    responses.post(f"{API}/v3/pay/transactions/jsapi",
                   **signed_answer(wechat_keys, {"prepay_id": "wx201410272009395522657a690389285100"}))  # fmt: skip
    answer, reference = WeChatWeapp().start(payment, urls=URLS)
    assert json.loads(responses.calls[0].request.body)["payer"] == {"openid": "o-buyer"}
    assert (answer["appId"], answer["package"], answer["signType"]) == (
        "wx0000000000000002", f"prepay_id={reference}", "RSA",
    )  # fmt: skip
    message = f"{answer['appId']}\n{answer['timeStamp']}\n{answer['nonceStr']}\n{answer['package']}\n"
    assert rsa.verify(message, answer["paySign"], wechat_keys["merchant_public"])


@responses.activate
def test_query_and_unknown_transaction(wechat_keys, waiting_order):
    payment = pending_payment(waiting_order, "wechat")
    url = f"{API}/v3/pay/transactions/out-trade-no/{payment.payment_id}"
    responses.get(url, **signed_answer(wechat_keys, transaction()))
    assert WeChatNative().query(payment).paid is True
    _check_authorization(responses.calls[0].request, wechat_keys)
    responses.replace(responses.GET, url, status=404, json={"code": "ORDER_NOT_EXIST", "message": "no"})
    assert WeChatNative().query(payment).paid is False


@responses.activate
def test_refund_uses_out_refund_no_as_idempotency_key(wechat_keys, waiting_order):
    payment = pending_payment(waiting_order, "wechat", status=1, gateway_txn_id="4200001", paid_amount=12345)
    refund = Refund(order=waiting_order, payment=payment, amount=12345, captured_amount=12345,
                    idempotency_key="refund-y")  # fmt: skip
    responses.post(f"{API}/v3/refund/domestic/refunds",
                   **signed_answer(wechat_keys, {"refund_id": "50000001", "status": "PROCESSING"}))  # fmt: skip
    assert WeChatNative().refund(refund) == "50000001"
    body = json.loads(responses.calls[0].request.body)
    assert body == {"out_trade_no": payment.payment_id, "out_refund_no": "refund-y",
                    "amount": {"refund": 12345, "total": 12345, "currency": "CNY"}}  # fmt: skip


@responses.activate
def test_an_answer_not_signed_by_wechat_pay_is_not_believed(wechat_keys, waiting_order):
    from payments.gateways.base import GatewayError
    from payments.tests.keys import keypair

    payment = pending_payment(waiting_order, "wechat")
    url = f"{API}/v3/pay/transactions/out-trade-no/{payment.payment_id}"
    responses.get(url, json=transaction())  # no signature at all
    with pytest.raises(GatewayError, match="not signed"):
        WeChatNative().query(payment)
    responses.replace(responses.GET, url, **signed_answer({"platform_private": keypair("forger")[0]}, transaction()))
    with pytest.raises(GatewayError, match="not signed"):
        WeChatNative().query(payment)


@responses.activate
def test_a_mini_program_payment_uses_the_openid_its_shopper_signed_in_with(wechat_keys, waiting_order):
    from payments.services import start_payment
    from shop.models import WechatAccount

    WechatAccount.objects.create(user=waiting_order.user, platform="weapp", openid="o-signed-in")
    responses.post(f"{API}/v3/pay/transactions/jsapi", **signed_answer(wechat_keys, {"prepay_id": "wx2014"}))
    answer = start_payment(user=waiting_order.user, order_id=waiting_order.order_id, pay_way="weapp",
                           urls_for=lambda p: {**URLS, "absolute": str})  # fmt: skip
    assert json.loads(responses.calls[0].request.body)["payer"] == {"openid": "o-signed-in"}
    assert answer["package"] == "prepay_id=wx2014"

import json
from urllib.parse import parse_qs, urlparse

import pytest
import responses
from django.test import RequestFactory

from payments.gateways import rsa
from payments.gateways.alipay import Alipay, signing_string
from payments.gateways.base import GatewayError, InvalidNotification
from payments.models import Refund
from payments.tests.conftest import pending_payment

pytestmark = pytest.mark.django_db
GATEWAY = "https://openapi.alipay.com/gateway.do"
URLS = {"notify": "https://shop.example/notify/alipay/pay", "return": "https://shop.example/r", "cancel": "x"}


def signed_notification(keys, **fields):
    params = {"app_id": "2021000000000001", "out_trade_no": "202611221200000001", "trade_no": "2026112222001",
              "trade_status": "TRADE_SUCCESS", "total_amount": "123.45", "notify_id": "n1", **fields}  # fmt: skip
    params["sign"] = rsa.sign(signing_string(params), keys["alipay_private"])
    params["sign_type"] = "RSA2"
    return params


def alipay_answer(keys, method, node):
    """A response as Alipay writes it: the node, and its signature over the node's exact text."""
    node_text = json.dumps(node, separators=(",", ":"))
    name = method.replace(".", "_") + "_response"
    return f'{{"{name}":{node_text},"sign":"{rsa.sign(node_text, keys["alipay_private"])}"}}'


def test_page_pay_url_is_signed_with_the_shops_key(alipay_keys, waiting_order):
    payment = pending_payment(waiting_order, "alipay")
    answer, _ = Alipay().start(payment, urls=URLS)
    params = {k: v[0] for k, v in parse_qs(urlparse(answer["jump_url"]).query).items()}
    assert params["method"] == "alipay.trade.page.pay"
    biz = json.loads(params["biz_content"])
    assert (biz["out_trade_no"], biz["total_amount"], biz["product_code"]) == (
        payment.payment_id, "123.45", "FAST_INSTANT_TRADE_PAY",
    )  # fmt: skip
    message = "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "sign")
    assert rsa.verify(message, params["sign"], alipay_keys["shop_public"])


def test_genuine_notification_is_verified(alipay_keys):
    request = RequestFactory().post("/notify/alipay/pay", signed_notification(alipay_keys))
    verified = Alipay().verify_notification(request)
    assert (verified.payment_id, verified.paid, verified.txn_id, verified.amount, verified.currency) == (
        "202611221200000001", True, "2026112222001", 12345, "CNY",
    )  # fmt: skip


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: p.update(total_amount="0.01"),
        lambda p: p.update(sign=p["sign"][:-4] + "AAAA"),
        lambda p: p.update(app_id="2021999999999999"),
        lambda p: p.pop("sign"),
    ],
)
def test_tampered_notification_is_refused(alipay_keys, tamper):
    params = signed_notification(alipay_keys)
    tamper(params)
    with pytest.raises(InvalidNotification):
        Alipay().verify_notification(RequestFactory().post("/notify/alipay/pay", params))


def test_notification_signed_by_another_key_is_refused(alipay_keys):
    from payments.tests.keys import keypair

    forged = signed_notification({"alipay_private": keypair("forger")[0]})
    with pytest.raises(InvalidNotification):
        Alipay().verify_notification(RequestFactory().post("/notify/alipay/pay", forged))


@responses.activate
def test_query_reads_the_trade(alipay_keys, waiting_order):
    payment = pending_payment(waiting_order, "alipay")
    node = {"code": "10000", "msg": "Success", "out_trade_no": payment.payment_id, "trade_no": "2026112222001",
            "trade_status": "TRADE_SUCCESS", "total_amount": "123.45"}  # fmt: skip
    responses.post(GATEWAY, body=alipay_answer(alipay_keys, "alipay.trade.query", node))
    verified = Alipay().query(payment)
    assert (verified.paid, verified.txn_id, verified.amount) == (True, "2026112222001", 12345)
    sent = parse_qs(responses.calls[0].request.body)
    assert sent["method"] == ["alipay.trade.query"]


@responses.activate
def test_query_of_an_unknown_trade_is_unpaid(alipay_keys, waiting_order):
    payment = pending_payment(waiting_order, "alipay")
    node = {"code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST"}
    responses.post(GATEWAY, body=alipay_answer(alipay_keys, "alipay.trade.query", node))
    assert Alipay().query(payment).paid is False


@responses.activate
def test_answer_with_a_forged_signature_is_an_error(alipay_keys, waiting_order):
    from payments.tests.keys import keypair

    payment = pending_payment(waiting_order, "alipay")
    node = {"code": "10000", "trade_status": "TRADE_SUCCESS", "total_amount": "123.45", "trade_no": "1"}
    responses.post(GATEWAY, body=alipay_answer({"alipay_private": keypair("forger")[0]}, "alipay.trade.query", node))
    with pytest.raises(GatewayError, match="signature"):
        Alipay().query(payment)


@responses.activate
def test_refund_sends_the_idempotency_key(alipay_keys, waiting_order):
    payment = pending_payment(waiting_order, "alipay", status=1, gateway_txn_id="T1", paid_amount=12345)
    refund = Refund(order=waiting_order, payment=payment, amount=12345, captured_amount=12345,
                    idempotency_key="refund-x")  # fmt: skip
    node = {"code": "10000", "msg": "Success", "trade_no": "T1", "refund_fee": "123.45"}
    responses.post(GATEWAY, body=alipay_answer(alipay_keys, "alipay.trade.refund", node))
    assert Alipay().refund(refund) == "T1"
    biz = json.loads(parse_qs(responses.calls[0].request.body)["biz_content"][0])
    assert biz == {"out_trade_no": payment.payment_id, "refund_amount": "123.45", "out_request_no": "refund-x"}

"""Our hand-written gateway clients, held to the gateways' published examples and to the
well-kept SDKs merchants use against the real gateways (``wechatpayv3``, ``python-alipay-sdk``),
which serve here only as references: the shop does not import them.

Sources:
- WeChat Pay APIv3 signature rules and their example message:
  https://pay.weixin.qq.com/docs/merchant/development/interface-rules/signature-generation.html
- Alipay's signing rules and example request string ("自行实现签名"):
  https://opendocs.alipay.com/common/02kf5q and https://opendocs.alipay.com/common/02mse7
- PayPal verify-webhook-signature request sample:
  https://developer.paypal.com/docs/api/webhooks/v1/#verify-webhook-signature_post
"""

import json
import time
from unittest import mock

import pytest
import responses
from alipay import AliPay
from django.test import RequestFactory
from wechatpayv3 import utils as wechat_sdk

from payments.gateways import rsa, wechat
from payments.gateways.alipay import Alipay, signing_string
from payments.gateways.paypal import PayPal
from payments.tests.conftest import pending_payment
from payments.tests.test_stripe_paypal import PAYPAL, capture_event, paypal_request, paypal_token
from payments.tests.test_wechat import APIV3_KEY, notification, transaction

pytestmark = pytest.mark.django_db


class TestWeChatPay:
    def test_the_signed_message_is_the_documented_one(self, wechat_keys):
        """The documentation's example: GET /v3/certificates at 1554208460 with nonce 593BEC0C...242."""
        signed = []
        with (
            mock.patch.object(wechat.time, "time", return_value=1554208460),
            mock.patch.object(wechat.secrets, "token_hex", return_value="593BEC0C930BF1AFEB40B4A08C8FB242"),
            mock.patch.object(wechat.rsa, "sign", side_effect=lambda message, key: signed.append(message) or "sig"),
        ):
            header = wechat.authorization("GET", "/v3/certificates", "")
        assert signed == ["GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"]
        assert header.startswith(
            'WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242"'
        )

    def test_our_authorization_header_is_the_sdks_byte_for_byte(self, wechat_keys, settings):
        body = json.dumps({"appid": "wx0000000000000001", "amount": {"total": 100}}, separators=(",", ":"))
        nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"
        # One clock for both: each signs the second it reads, and a second may pass between the two.
        with (
            mock.patch.object(wechat.secrets, "token_hex", return_value=nonce),
            mock.patch("time.time", return_value=1764590400.0),
        ):
            ours = wechat.authorization("POST", "/v3/pay/transactions/native", body)
            theirs = wechat_sdk.build_authorization(
                "/v3/pay/transactions/native", "POST", settings.WECHAT_MCHID, settings.WECHAT_CERT_SERIAL,
                wechat_sdk.load_private_key(settings.WECHAT_PRIVATE_KEY), data=body, nonce_str=nonce,
            )  # fmt: skip
        assert ours == theirs

    def test_what_the_sdk_accepts_as_wechat_signed_we_accept_and_the_reverse(self, wechat_keys, settings):
        timestamp, nonce, body = str(int(time.time())), "c" * 32, '{"code_url":"weixin://wxpay/bizpayurl?pr=x"}'
        platform_private = wechat_sdk.load_private_key(wechat_keys["platform_private"])
        signature = wechat_sdk.rsa_sign(platform_private, f"{timestamp}\n{nonce}\n{body}\n")
        headers = {"Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature}
        assert wechat._signed_by_wechat(headers, body)
        public = wechat_sdk.load_public_key(settings.WECHAT_PLATFORM_PUBLIC_KEY)
        ours = rsa.sign(f"{timestamp}\n{nonce}\n{body}\n", wechat_keys["platform_private"])
        assert wechat_sdk.rsa_verify(timestamp, nonce, body, ours, public)
        assert not wechat._signed_by_wechat({**headers, "Wechatpay-Nonce": "d" * 32}, body)

    def test_a_notification_decrypts_as_the_sdk_decrypts_it(self, wechat_keys):
        body, _ = notification(wechat_keys, transaction())
        resource = json.loads(body)["resource"]
        theirs = wechat_sdk.aes_decrypt(resource["nonce"], resource["ciphertext"], resource["associated_data"],
                                        APIV3_KEY.decode())  # fmt: skip
        assert wechat.decrypt(resource) == json.loads(theirs) == transaction()

    def test_the_mini_programs_pay_sign_is_the_sdks(self, wechat_keys, settings):
        app_id, timestamp, nonce, package = "wx0000000000000002", "1414561699", "5K8264ILTKCH16CQ2502SI8ZNMTM67VS", \
            "prepay_id=wx201410272009395522657a690389285100"  # fmt: skip
        merchant = wechat_sdk.load_private_key(settings.WECHAT_PRIVATE_KEY)
        theirs = wechat_sdk.rsa_sign(merchant, "\n".join([app_id, timestamp, nonce, package]) + "\n")
        assert rsa.sign(f"{app_id}\n{timestamp}\n{nonce}\n{package}\n", settings.WECHAT_PRIVATE_KEY) == theirs


class TestAlipay:
    def test_the_request_string_is_the_documented_one(self):
        """Alipay's own example: every parameter but ``sign``, sorted, ``key=value`` joined by ``&``."""
        params = {
            "app_id": "2014072300007148", "method": "alipay.mobile.public.menu.add", "charset": "GBK",
            "sign_type": "RSA2", "timestamp": "2014-07-24 03:07:50", "version": "1.0",
            "biz_content": '{"button":[{"actionParam":"ZFB_HFCZ","actionType":"out","name":"话费充值"}]}',
            "sign": "ignored",
        }  # fmt: skip
        assert signing_string(params, unsigned=("sign",)) == (
            'app_id=2014072300007148&biz_content={"button":[{"actionParam":"ZFB_HFCZ","actionType":"out",'
            '"name":"话费充值"}]}&charset=GBK&method=alipay.mobile.public.menu.add&sign_type=RSA2'
            "&timestamp=2014-07-24 03:07:50&version=1.0"
        )

    def test_our_page_pay_request_verifies_with_the_sdk(self, alipay_keys, waiting_order, settings):
        from urllib.parse import parse_qs, urlparse

        payment = pending_payment(waiting_order, "alipay")
        answer, _ = Alipay().start(payment, urls={"notify": "https://s.example/n", "return": "https://s.example/r"})
        params = {k: v[0] for k, v in parse_qs(urlparse(answer["jump_url"]).query).items()}
        sdk = AliPay(appid=settings.ALIPAY_APP_ID, app_notify_url=None,
                     app_private_key_string=settings.ALIPAY_PRIVATE_KEY,
                     alipay_public_key_string=alipay_keys["shop_public"])  # fmt: skip
        signature = params.pop("sign")
        # A request signs sign_type too; the SDK's verify (written for notifications) drops it, so sign it back in.
        assert sdk._verify(signing_string(params, unsigned=()), signature)

    def test_a_notification_the_sdk_signs_is_verified_by_us(self, alipay_keys, settings):
        fields = {"app_id": settings.ALIPAY_APP_ID, "out_trade_no": "202611221200000001", "trade_no": "2026112222001",
                  "trade_status": "TRADE_SUCCESS", "total_amount": "123.45", "buyer_pay_amount": "100.00",
                  "notify_time": "2026-11-22 12:00:00", "subject": "订单 1"}  # fmt: skip
        alipay_side = AliPay(appid=settings.ALIPAY_APP_ID, app_notify_url=None,
                             app_private_key_string=alipay_keys["alipay_private"],
                             alipay_public_key_string=settings.ALIPAY_PUBLIC_KEY)  # fmt: skip
        sign = alipay_side._sign("&".join(f"{k}={v}" for k, v in sorted(fields.items())))
        request = RequestFactory().post("/notify/alipay/pay", {**fields, "sign": sign, "sign_type": "RSA2"})
        verified = Alipay().verify_notification(request)
        assert (verified.paid, verified.amount, verified.payer_amount) == (True, 12345, 10000)
        assert alipay_side.verify(dict(fields), sign)  # and the SDK agrees it is Alipay's


class TestPayPal:
    @responses.activate
    def test_the_verify_call_sends_what_paypals_sample_sends(self, paypal_keys):
        paypal_token()
        responses.post(f"{PAYPAL}/v1/notifications/verify-webhook-signature", json={"verification_status": "SUCCESS"})
        event = capture_event()
        PayPal().verify_notification(paypal_request(event))
        sent = json.loads(responses.calls[-1].request.body)
        assert set(sent) == {"auth_algo", "cert_url", "transmission_id", "transmission_sig", "transmission_time",
                             "webhook_id", "webhook_event"}  # fmt: skip
        assert (sent["webhook_id"], sent["webhook_event"]) == ("WH-1", event)
        assert responses.calls[-1].request.headers["Authorization"] == "Bearer A21"

import pytest

from orders.tests.factories import place_order
from payments.models import Payment
from payments.tests.keys import keypair
from shop.tests.factories import GoodsFactory


@pytest.fixture
def alipay_keys(settings):
    shop_private, shop_public = keypair("alipay-shop")
    alipay_private, alipay_public = keypair("alipay-gateway")
    settings.ALIPAY_APP_ID = "2021000000000001"
    settings.ALIPAY_PRIVATE_KEY = shop_private
    settings.ALIPAY_PUBLIC_KEY = alipay_public
    return {"shop_public": shop_public, "alipay_private": alipay_private}


@pytest.fixture
def wechat_keys(settings):
    merchant_private, merchant_public = keypair("wechat-merchant")
    platform_private, platform_public = keypair("wechat-platform")
    settings.WECHAT_APPID = "wx0000000000000001"
    settings.WECHAT_WEAPP_APPID = "wx0000000000000002"
    settings.WECHAT_MCHID = "1900000001"
    settings.WECHAT_PRIVATE_KEY = merchant_private
    settings.WECHAT_CERT_SERIAL = "5157F09EFDC096DE15EBE81A47057A72"
    settings.WECHAT_APIV3_KEY = "0123456789abcdef0123456789abcdef"
    settings.WECHAT_PLATFORM_PUBLIC_KEY = platform_public
    return {"merchant_public": merchant_public, "platform_private": platform_private}


@pytest.fixture
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def paypal_keys(settings):
    settings.PAYPAL_CLIENT_ID = "client"
    settings.PAYPAL_CLIENT_SECRET = "secret"
    settings.PAYPAL_WEBHOOK_ID = "WH-1"
    settings.PAYPAL_API = "https://api-m.sandbox.paypal.com"


@pytest.fixture
def waiting_order(user):
    return place_order(user, GoodsFactory(price=12345, stock=5))


def pending_payment(order, pay_way, payment_id="202611221200000001", **extra):
    return Payment.objects.create(
        payment_id=payment_id,
        order=order,
        user=order.user,
        pay_way=pay_way,
        amount=order.amount,
        currency="CNY",
        **extra,
    )

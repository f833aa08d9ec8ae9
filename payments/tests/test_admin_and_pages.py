import os
import subprocess
import sys
import time
from unittest import mock

import pytest

from orders.tests.factories import place_order
from payments import gateways
from payments.gateways.sandbox import LINK_MAX_AGE, notification_for, page_token
from payments.models import Payment, Refund
from payments.tests.test_payments_api import pay_sandbox
from shop.models import User
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refund_requested(api):
    order = place_order(api.user, GoodsFactory(price=5000))
    pay_sandbox(api, order)
    api.post("/api/order/refund", {"order_id": order.order_id, "reason": "too small"}, format="json")
    return Refund.objects.get()


def test_staff_approve_refund(staff, refund_requested, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff.post("/admin/payments/refund/", {"action": "approve", "_selected_action": [refund_requested.pk]})
    refund_requested.refresh_from_db()
    refund_requested.order.refresh_from_db()
    assert (refund_requested.status, refund_requested.order.status) == (Refund.Status.SUCCEEDED, 9)
    assert refund_requested.decided_by == staff.admin


def test_staff_reject_refund_with_a_reason(staff, refund_requested):
    data = {"action": "reject", "_selected_action": [refund_requested.pk]}
    assert "Reject refunds" in staff.post("/admin/payments/refund/", data).content.decode()
    staff.post("/admin/payments/refund/", {**data, "apply": "1", "reason": "opened and used"})
    refund_requested.refresh_from_db()
    refund_requested.order.refresh_from_db()
    assert (refund_requested.status, refund_requested.decision_note) == (Refund.Status.REJECTED, "opened and used")
    assert (refund_requested.order.status, refund_requested.order.refund_status) == (1, -1)


def test_failed_refund_shows_its_error_to_staff(staff, refund_requested, django_capture_on_commit_callbacks):
    from payments.gateways import GatewayError

    with (
        mock.patch("payments.gateways.sandbox.Sandbox.refund", side_effect=GatewayError("card expired")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        staff.post("/admin/payments/refund/", {"action": "approve", "_selected_action": [refund_requested.pk]})
    page = staff.get("/admin/payments/refund/").content.decode()
    assert "card expired" in page
    order_page = staff.get(f"/admin/orders/order/{refund_requested.order_id}/change/").content.decode()
    assert "card expired" in order_page


def test_mark_paid_offline(staff, api):
    order = place_order(api.user, GoodsFactory(price=5000))
    api.post("/api/order/payment", {"order_id": order.order_id, "pay_way": "sandbox"}, format="json")
    payment = Payment.objects.get()
    staff.post("/admin/payments/payment/", {"action": "mark_paid_offline", "_selected_action": [payment.pk]})
    order.refresh_from_db()
    assert order.status == 1
    assert order.events.last().actor == staff.admin


def test_pay_page_offers_the_configured_ways_and_pays_by_balance(client):
    user = UserFactory(balance=10000)
    client.force_login(user)
    order = place_order(user, GoodsFactory(price=5000))
    page = client.get(f"/orders/{order.order_id}/pay/").content.decode()
    assert 'value="balance"' in page and 'value="sandbox"' in page and 'value="stripe"' not in page
    response = client.post(f"/orders/{order.order_id}/pay/", {"pay_way": "balance"}, follow=True)
    assert "Paid from your balance" in response.content.decode()
    order.refresh_from_db()
    assert order.status == 1
    assert User.objects.get(pk=user.pk).balance == 5000


def test_pay_page_sandbox_round_trip(client):
    user = UserFactory()
    client.force_login(user)
    order = place_order(user, GoodsFactory(price=5000))
    gateway_page = client.post(f"/orders/{order.order_id}/pay/", {"pay_way": "sandbox"}, follow=True)
    assert "Test gateway" in gateway_page.content.decode()
    fields = gateway_page.context["paid"]
    back = client.post("/notify/sandbox/pay", {**fields, "return_url": f"/payment/return/{fields['payment_id']}/"},
                       follow=True)  # fmt: skip
    assert "Thank you!" in back.content.decode()
    order.refresh_from_db()
    assert order.status == 1


def test_wechat_pay_page_shows_the_qr_and_polls(client, wechat_keys):
    user = UserFactory()
    client.force_login(user)
    order = place_order(user, GoodsFactory(price=5000))
    answer = ({"code_url": "data:image/png;base64,iVBOR"}, "")
    with mock.patch("payments.gateways.wechat.WeChatNative.start", return_value=answer):
        page = client.post(f"/orders/{order.order_id}/pay/", {"pay_way": "wechat"}).content.decode()
    assert 'src="data:image/png;base64,iVBOR"' in page
    assert f"/api/payment/check?order_id={order.order_id}" in page


def test_order_page_refund_action(client):
    user = UserFactory()
    client.force_login(user)
    order = place_order(user, GoodsFactory(price=5000))
    client.post(f"/orders/{order.order_id}/pay/", {"pay_way": "sandbox"})
    fields = Payment.objects.get()

    client.post("/notify/sandbox/pay", notification_for(fields, paid=True))
    assert "Request refund" in client.get(f"/orders/{order.order_id}/").content.decode()
    response = client.post(f"/orders/{order.order_id}/refund/", {"reason": "changed my mind"}, follow=True)
    assert "Refund requested" in response.content.decode()
    assert Refund.objects.get().reason == "changed my mind"


def test_unknown_gateway_notify_is_404(client):
    assert client.post("/notify/bitcoin/pay", {}).status_code == 404


def test_sandbox_is_off_in_production_settings(settings, client):
    settings.SANDBOX_PAYMENTS = False
    user = UserFactory()
    order = place_order(user, GoodsFactory())
    client.force_login(user)
    page = client.get(f"/orders/{order.order_id}/pay/").content.decode()
    assert 'value="sandbox"' not in page
    payment = Payment.objects.create(payment_id="202611221200000001", order=order, user=user, pay_way="sandbox",
                                     amount=order.amount, currency="CNY")  # fmt: skip
    assert client.get(f"/sandbox/pay/{page_token(payment)}/").status_code == 404
    assert client.post("/notify/sandbox/pay", notification_for(payment, paid=True)).status_code == 400


def test_sandbox_is_not_offered_beside_a_real_gateway(settings, api, stripe_keys):
    order = place_order(api.user, GoodsFactory())
    assert "sandbox" not in gateways.available()
    body = api.post("/api/order/payment", {"order_id": order.order_id, "pay_way": "sandbox"}, format="json").json()
    assert body == {"code": -1, "msg": "pay_way: sandbox is not available in this shop", "data": None}
    payment = Payment.objects.create(payment_id="202611221200000001", order=order, user=api.user, pay_way="sandbox",
                                     amount=order.amount, currency="CNY")  # fmt: skip
    assert api.post("/notify/sandbox/pay", notification_for(payment, paid=True)).status_code == 400
    order.refresh_from_db()
    assert order.status == 0


@pytest.mark.parametrize(
    ("debug", "asked", "offered"),
    [("false", None, "False"), ("true", None, "True"), ("false", "true", "True"), ("true", "false", "False")],
)
def test_sandbox_is_off_with_debug_off_unless_asked_for(debug, asked, offered):
    env = {k: v for k, v in os.environ.items() if k not in ("SANDBOX_PAYMENTS", "DEBUG")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": debug,
            **({"SANDBOX_PAYMENTS": asked} if asked else {}),
        }
    )
    code = "import django; django.setup(); from django.conf import settings; print(settings.SANDBOX_PAYMENTS)"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == offered


def test_sandbox_page_opens_only_through_its_signed_fresh_link(client):
    order = place_order(UserFactory(), GoodsFactory())
    payment = Payment.objects.create(payment_id="202611221200000001", order=order, user=order.user, pay_way="sandbox",
                                     amount=order.amount, currency="CNY")  # fmt: skip
    token = page_token(payment)
    assert client.get(f"/sandbox/pay/{token}/").status_code == 200
    assert client.get(f"/sandbox/pay/{payment.payment_id}/").status_code == 404  # a payment id alone opens nothing
    assert client.get(f"/sandbox/pay/{token[:-2]}xx/").status_code == 404
    with mock.patch("django.core.signing.time.time", return_value=time.time() + LINK_MAX_AGE.total_seconds() + 60):
        assert client.get(f"/sandbox/pay/{token}/").status_code == 404


def test_sandbox_return_url_cannot_send_the_browser_elsewhere(client):

    user = UserFactory()
    order = place_order(user, GoodsFactory())
    payment = Payment.objects.create(payment_id="202611221200000001", order=order, user=user, pay_way="sandbox",
                                     amount=order.amount, currency="CNY")  # fmt: skip
    fields = notification_for(payment, paid=True)
    response = client.post("/notify/sandbox/pay", {**fields, "return_url": "//evil.example/steal"})
    assert (response.status_code, response.content) == (200, b"success")


def test_return_page_is_for_the_buyer_only(client):
    user = UserFactory()
    order = place_order(user, GoodsFactory())
    Payment.objects.create(payment_id="202611221200000001", order=order, user=user, pay_way="sandbox",
                           amount=order.amount, currency="CNY")  # fmt: skip
    client.force_login(UserFactory())
    assert client.get("/payment/return/202611221200000001/").status_code == 404
    assert client.get("/payment/cancelled/202611221200000001/").status_code == 404
    client.force_login(user)
    assert client.get("/payment/return/202611221200000001/").status_code == 200


def test_pay_page_of_someone_elses_order_is_404(client):
    order = place_order(UserFactory(), GoodsFactory())
    client.force_login(UserFactory())
    assert client.get(f"/orders/{order.order_id}/pay/").status_code == 404
    assert client.post(f"/orders/{order.order_id}/pay/", {"pay_way": "sandbox"}).status_code == 404
    assert not Payment.objects.exists()

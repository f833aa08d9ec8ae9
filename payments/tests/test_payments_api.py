from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from coupons.tests.factories import CodeFactory
from orders.models import Order
from orders.tests.factories import place_order
from payments import services
from payments.gateways import InvalidNotification, Verified
from payments.gateways.sandbox import notification_for
from payments.models import Payment, PaymentEvent, Refund
from shop.models import User
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, body, format="json").json()


@pytest.fixture
def order(api):
    return place_order(api.user, GoodsFactory(price=5000, stock=5), quantity=2)


def pay_sandbox(client, order):
    """Start a sandbox payment, open its gateway page and press Pay, as a shopper would."""
    answer = post(client, "/api/order/payment", {"order_id": order.order_id, "pay_way": "sandbox"})["data"]
    page = client.get(answer["jump_url"].replace("http://testserver", ""))
    fields = page.context["paid"]
    return client.post("/notify/sandbox/pay", {**fields, "return_url": "/"}), answer


class TestSandboxEndToEnd:
    def test_create_order_pay_via_jump_url_then_check_is_paid(self, api, order):
        response, answer = pay_sandbox(api, order)
        assert answer["pay_way"] == "sandbox" and "/sandbox/pay/" in answer["jump_url"]
        assert response.status_code == 302
        check = api.get(f"/api/payment/check?order_id={order.order_id}").json()
        assert check == {"code": 0, "msg": "", "data": {"paid": True, "status": 1}}
        order.refresh_from_db()
        payment = Payment.objects.get()
        assert (order.status, order.payment_id, payment.status, payment.paid_amount) == (
            1,
            payment.payment_id,
            1,
            10000,
        )

    def test_unpaid_check_answers_unpaid(self, api, order):
        post(api, "/api/order/payment", {"order_id": order.order_id, "pay_way": "sandbox"})
        assert api.get(f"/api/payment/check?order_id={order.order_id}").json() == {
            "code": -1, "msg": "unpaid", "data": None}  # fmt: skip

    def test_a_replayed_notification_changes_nothing(self, api, order):
        pay_sandbox(api, order)
        fields = notification_for(Payment.objects.get(), paid=True)
        assert api.post("/notify/sandbox/pay", fields).status_code == 200
        assert PaymentEvent.objects.filter(outcome="paid").count() == 1
        assert list(Order.objects.get().events.values_list("action", flat=True)) == ["create", "pay"]

    def test_forged_notification_is_refused(self, api, order):
        post(api, "/api/order/payment", {"order_id": order.order_id, "pay_way": "sandbox"})
        fields = notification_for(Payment.objects.get(), paid=True)
        fields["amount"] = "1"
        assert api.post("/notify/sandbox/pay", fields).status_code == 400
        order.refresh_from_db()
        assert order.status == 0

    def test_failed_button_leaves_the_order_waiting(self, api, order):
        post(api, "/api/order/payment", {"order_id": order.order_id, "pay_way": "sandbox"})
        fields = notification_for(Payment.objects.get(), paid=False)
        assert api.post("/notify/sandbox/pay", fields).status_code == 200
        order.refresh_from_db()
        assert order.status == 0


class TestConfirmPayment:
    def test_amount_mismatch_is_refused_and_logged(self, order):
        payment = Payment.objects.create(payment_id="202611221200000009", order=order, user=order.user,
                                         pay_way="sandbox", amount=order.amount, currency="CNY")  # fmt: skip
        verified = Verified(payment_id=payment.payment_id, paid=True, txn_id="T", amount=order.amount - 1,
                            currency="CNY")  # fmt: skip
        with pytest.raises(InvalidNotification, match="amount"):
            services.confirm_payment(pay_way="sandbox", verified=verified, source="notify")
        order.refresh_from_db()
        assert order.status == 0
        assert PaymentEvent.objects.get().outcome == "refused: amount or currency differs"

    def test_currency_mismatch_is_refused(self, order):
        payment = Payment.objects.create(payment_id="202611221200000009", order=order, user=order.user,
                                         pay_way="sandbox", amount=order.amount, currency="CNY")  # fmt: skip
        verified = Verified(payment_id=payment.payment_id, paid=True, txn_id="T", amount=order.amount, currency="USD")
        with pytest.raises(InvalidNotification):
            services.confirm_payment(pay_way="sandbox", verified=verified, source="notify")

    def test_unknown_payment_is_refused(self):
        verified = Verified(payment_id="202611221299999999", paid=True, txn_id="T", amount=1, currency="CNY")
        with pytest.raises(InvalidNotification, match="no sandbox payment"):
            services.confirm_payment(pay_way="sandbox", verified=verified, source="notify")

    def test_payment_for_a_closed_order_is_kept_and_refunded(self, order, django_capture_on_commit_callbacks):
        payment = Payment.objects.create(payment_id="202611221200000009", order=order, user=order.user,
                                         pay_way="sandbox", amount=order.amount, currency="CNY")  # fmt: skip
        from orders.services import cancel_order

        cancel_order(order=order, note="closed")
        verified = Verified(payment_id=payment.payment_id, paid=True, txn_id="LATE", amount=order.amount,
                            currency="CNY")  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_payment(pay_way="sandbox", verified=verified, source="notify")
        payment.refresh_from_db()
        refund = Refund.objects.get()
        assert (payment.status, payment.orphaned) == (1, True)
        assert (refund.automatic, refund.amount, refund.status) == (True, order.amount, Refund.Status.SUCCEEDED)
        order.refresh_from_db()
        assert order.status == -1


class TestStartPayment:
    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({"pay_way": "sandbox"}, "order_id: This field is required."),
            ({"order_id": "$order", "pay_way": "bitcoin"}, 'pay_way: "bitcoin" is not a valid choice.'),
            ({"order_id": "$order", "pay_way": "stripe"}, "pay_way: stripe is not available in this shop"),
            ({"order_id": "$order", "pay_way": "alipay"}, "pay_way: alipay is not available in this shop"),
            ({"order_id": "$other", "pay_way": "sandbox"}, "order not found"),
            ({"order_id": "$paid", "pay_way": "sandbox"},
             "order is paid: only an order waiting for payment can be paid"),
        ],
    )  # fmt: skip
    def test_refusals_create_no_payment(self, api, order, body, message):
        names = {"order": order.order_id, "other": place_order(UserFactory(), GoodsFactory()).order_id,
                 "paid": place_order(api.user, GoodsFactory(), status=1).order_id}  # fmt: skip
        body = {k: names.get(v[1:], v) if v.startswith("$") else v for k, v in body.items()}
        assert post(api, "/api/order/payment", body) == {"code": -1, "msg": message, "data": None}
        assert not Payment.objects.exists()

    def test_balance_pays_at_once(self, api, order):
        User.objects.filter(pk=api.user.pk).update(balance=15000)
        data = post(api, "/api/order/payment", {"order_id": order.order_id, "pay_way": "balance"})["data"]
        assert (data["order_id"], data["status"]) == (order.order_id, 1)
        api.user.refresh_from_db()
        order.refresh_from_db()
        assert (api.user.balance, order.status, order.payment_id) == (5000, 1, data["payment_id"])

    def test_not_enough_balance_changes_nothing(self, api, order):
        User.objects.filter(pk=api.user.pk).update(balance=9999)
        body = post(api, "/api/order/payment", {"order_id": order.order_id, "pay_way": "balance"})
        assert body == {"code": -1, "msg": "balance: ¥99.99 is not enough for ¥100.00", "data": None}
        api.user.refresh_from_db()
        order.refresh_from_db()
        assert (api.user.balance, order.status, Payment.objects.count()) == (9999, 0, 0)

    def test_an_order_a_coupon_made_free_is_paid_without_a_gateway(self, api):
        from coupons.tests.factories import CouponFactory

        code = CodeFactory(user=api.user, coupon=CouponFactory(money_type=1, money=100))
        free = place_order(api.user, GoodsFactory(price=5000), coupon={"coupon_code_id": code.id})
        assert free.amount == 0
        assert post(api, "/api/order/payment", {"order_id": free.order_id, "pay_way": "sandbox"})["data"]["status"] == 1

    def test_gateway_down_is_a_clear_error(self, api, order, stripe_keys):
        from payments.gateways.base import GatewayError

        with mock.patch("payments.gateways.stripe_checkout.StripeCheckout.start", side_effect=GatewayError("timeout")):
            body = post(api, "/api/order/payment", {"order_id": order.order_id, "pay_way": "stripe"})
        assert body["code"] == -1 and "stripe is not answering" in body["msg"]
        assert Payment.objects.get().status == Payment.Status.FAILED


@pytest.fixture
def paid_order(api, order):
    pay_sandbox(api, order)
    order.refresh_from_db()
    return order


class TestRefunds:
    @pytest.fixture(autouse=True)
    def approve(self, django_capture_on_commit_callbacks):
        """Approve as staff do; the refund task queued after commit runs then (Celery is eager in tests)."""

        def approve(refund, staff):
            with django_capture_on_commit_callbacks(execute=True):
                services.approve_refund(refund=refund, staff=staff)

        self.approve = approve

    def test_request_then_approve_refunds_through_the_gateway(self, api, paid_order, admin_user):
        body = post(api, "/api/order/refund", {"order_id": paid_order.order_id, "reason": "broken"})
        assert (body["data"]["status"], body["data"]["refund_status"]) == (8, 0)
        refund = Refund.objects.get()
        self.approve(refund, admin_user)
        refund.refresh_from_db()
        paid_order.refresh_from_db()
        assert (refund.status, refund.gateway_refund_id) == (Refund.Status.SUCCEEDED, f"SBXR{refund.idempotency_key}")
        assert (paid_order.status, paid_order.refund_status) == (9, 1)

    def test_one_refund_request_per_order(self, api, paid_order, admin_user):
        post(api, "/api/order/refund", {"order_id": paid_order.order_id})
        services.reject_refund(refund=Refund.objects.get(), staff=admin_user, reason="used item")
        again = post(api, "/api/order/refund", {"order_id": paid_order.order_id})
        assert again == {"code": -1, "msg": "a refund of this order was already requested", "data": None}
        paid_order.refresh_from_db()
        assert (paid_order.status, paid_order.refund_status) == (1, -1)

    def test_reject_restores_the_status_with_the_reason(self, api, paid_order, admin_user):
        post(api, "/api/order/refund", {"order_id": paid_order.order_id})
        services.reject_refund(refund=Refund.objects.get(), staff=admin_user, reason="outside policy")
        paid_order.refresh_from_db()
        assert (paid_order.status, paid_order.refund_status) == (1, -1)
        assert Refund.objects.get().decision_note == "outside policy"

    def test_only_paid_or_recently_completed_orders(self, api, admin_user):
        waiting = place_order(api.user, GoodsFactory())
        assert post(api, "/api/order/refund", {"order_id": waiting.order_id})["msg"].startswith("order is waiting")
        old = place_order(api.user, GoodsFactory(), status=3)
        Order.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
        assert post(api, "/api/order/refund", {"order_id": old.order_id})["msg"] == (
            "refunds are possible within 7 days of completion")  # fmt: skip

    def test_balance_refund_credits_the_balance(self, api, order, admin_user):
        User.objects.filter(pk=api.user.pk).update(balance=10000)
        post(api, "/api/order/payment", {"order_id": order.order_id, "pay_way": "balance"})
        post(api, "/api/order/refund", {"order_id": order.order_id})
        self.approve(Refund.objects.get(), admin_user)
        api.user.refresh_from_db()
        assert api.user.balance == 10000

    def test_gateway_failure_is_visible_and_a_retry_refunds_once(self, api, paid_order, admin_user):
        from payments.gateways.base import GatewayError

        post(api, "/api/order/refund", {"order_id": paid_order.order_id})
        refund = Refund.objects.get()
        with mock.patch("payments.gateways.sandbox.Sandbox.refund", side_effect=GatewayError("bank closed")) as down:
            self.approve(refund, admin_user)
        refund.refresh_from_db()
        paid_order.refresh_from_db()
        assert (refund.status, refund.error, paid_order.status, paid_order.refund_status) == (
            Refund.Status.FAILED, "bank closed", 8, -1)  # fmt: skip
        with mock.patch("payments.gateways.sandbox.Sandbox.refund", return_value="R-1") as up:
            self.approve(refund, admin_user)
        assert down.call_args.args[0].idempotency_key == up.call_args.args[0].idempotency_key
        refund.refresh_from_db()
        paid_order.refresh_from_db()
        assert (refund.status, paid_order.status, paid_order.refund_status) == (Refund.Status.SUCCEEDED, 9, 1)
        services.process_refund(refund.pk)  # a late duplicate task does nothing
        assert up.call_count == 1

    def test_database_refuses_a_refund_above_the_captured_amount(self, paid_order):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Refund.objects.create(order=paid_order, payment=Payment.objects.get(), amount=10001,
                                  captured_amount=10000, idempotency_key="too-much")  # fmt: skip

    def test_completed_order_refund_takes_back_commissions(self, api, admin_user):
        from shop.tests.factories import UserGroupFactory

        inviter = UserFactory(group=UserGroupFactory(share_reward=10))
        api.user.parent = inviter
        api.user.save()
        order = place_order(api.user, GoodsFactory(price=5000))
        pay_sandbox(api, order)
        from orders.services import finish_order, ship_order

        ship_order(order=order, actor=admin_user, express_company="SF", tracking_number="1")
        finish_order(order=order)
        inviter.refresh_from_db()
        assert inviter.balance == 500
        post(api, "/api/order/refund", {"order_id": order.order_id})
        self.approve(Refund.objects.get(), admin_user)
        inviter.refresh_from_db()
        assert (inviter.balance, inviter.total_reward) == (0, 0)

    @pytest.mark.parametrize("path", ["/api/order/payment", "/api/order/refund"])
    def test_need_login(self, client_api, path):
        assert post(client_api, path, {})["code"] == 1001

    def test_check_needs_login(self, client_api):
        assert client_api.get("/api/payment/check?order_id=202611221200000001").json()["code"] == 1001


def test_receipt_email_is_sent_after_the_payment_commits(api, order, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pay_sandbox(api, order)
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[api.user.email]]
    assert order.order_id in mailoutbox[0].subject


class TestGatewayNotificationsOverHttp:
    def test_alipay_notify_confirms_and_answers_success(self, client_api, alipay_keys, order):
        from payments.tests.test_alipay import signed_notification

        Payment.objects.create(payment_id="202611221200000001", order=order, user=order.user, pay_way="alipay",
                               amount=10000, currency="CNY")  # fmt: skip
        params = signed_notification(alipay_keys, total_amount="100.00")
        response = client_api.post("/notify/alipay/pay", params)
        assert (response.status_code, response.content) == (200, b"success")
        order.refresh_from_db()
        assert order.status == 1
        params["total_amount"] = "1.00"
        assert client_api.post("/notify/alipay/pay", params).status_code == 400

    def test_check_asks_the_gateway_once(self, api, order, stripe_keys):
        Payment.objects.create(payment_id="202611221200000001", order=order, user=order.user, pay_way="stripe",
                               amount=10000, currency="CNY", gateway_ref="cs_1")  # fmt: skip
        paid = Verified(payment_id="202611221200000001", paid=True, txn_id="pi_1", amount=10000, currency="CNY")
        with mock.patch("payments.gateways.stripe_checkout.StripeCheckout.query", return_value=paid) as query:
            body = api.get(f"/api/payment/check?order_id={order.order_id}").json()
        assert body == {"code": 0, "msg": "", "data": {"paid": True, "status": 1}}
        assert query.call_count == 1

    def test_check_of_someone_elses_order(self, other_api, order):
        assert other_api.get(f"/api/payment/check?order_id={order.order_id}").json()["msg"] == "order not found"

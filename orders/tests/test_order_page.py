"""The admin's order page: the buttons the status machine allows now, and nothing else."""

import pytest
from django.contrib.auth.models import Permission

from orders.models import Order
from orders.status import OrderStatus
from orders.tests.factories import ADDRESS, place_order
from payments import services as payment_services
from payments.models import Payment, Refund
from payments.tests.test_payments_api import pay_sandbox
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


def page(staff, order):
    return staff.get(f"/admin/orders/order/{order.pk}/change/").content.decode()


def act(staff, order, action, **data):
    return staff.post(f"/admin/orders/order/{order.pk}/act/{action}/", data, follow=True)


def buttons(html):
    return [name for name in ("ship", "finish", "mark_paid", "approve_refund", "reject_refund", "cancel")
            if f"/act/{name}/" in html]  # fmt: skip


def test_a_paid_order_offers_ship_only_and_no_save(staff):
    order = place_order(UserFactory(), GoodsFactory(price=4550), status=OrderStatus.PAID, address=ADDRESS)
    html = page(staff, order)
    assert buttons(html) == ["ship"]
    assert "Paid: waiting to be shipped" in html
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert "Wang 13888888888<br>Henan Zhengzhou Zhongyuan<br>233 Zhongyuan West Road" in html
    assert '"province"' not in html  # the address formatted, not its JSON


def test_ship_from_the_order_page(staff):
    order = place_order(UserFactory(), GoodsFactory(), status=OrderStatus.PAID)
    answer = act(staff, order, "ship", express_company="SF Express", tracking_number="SF1234567890")
    assert f"Order {order.order_id} shipped." in answer.content.decode()
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (OrderStatus.SHIPPED, "SF1234567890")
    assert order.events.last().actor == staff.admin
    assert buttons(page(staff, order)) == ["finish"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"express_company": "SF Express", "tracking_number": ""}, "tracking_number: This field is required."),
        ({"express_company": "SF", "tracking_number": "X" * 65}, "at most 64 characters"),
    ],
)
def test_a_bad_parcel_is_refused_with_a_message(staff, data, message):
    order = place_order(UserFactory(), GoodsFactory(), status=OrderStatus.PAID)
    answer = act(staff, order, "ship", **data)
    assert answer.status_code == 200 and message in answer.content.decode()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_an_action_the_status_does_not_allow_says_why(staff):
    order = place_order(UserFactory(), GoodsFactory())
    answer = act(staff, order, "ship", express_company="SF", tracking_number="1")
    assert "The order is waiting for payment: “Ship” cannot be done now." in answer.content.decode()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.WAITING


def test_cancel_asks_for_a_confirmation(staff):
    goods = GoodsFactory(stock=5)
    order = place_order(UserFactory(), goods)
    assert buttons(page(staff, order)) == ["mark_paid", "cancel"]
    assert "Tick the box" in act(staff, order, "cancel").content.decode()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.WAITING
    act(staff, order, "cancel", confirm="on")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CLOSED
    goods.refresh_from_db()
    assert goods.stock == 5


def test_complete_a_shipped_order(staff):
    order = place_order(UserFactory(), GoodsFactory(), status=OrderStatus.PAID)
    act(staff, order, "ship", express_company="SF Express", tracking_number="SF1")
    assert "Shipped: completes by itself on" in page(staff, order)
    act(staff, order, "finish")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.FINISHED


def test_mark_paid_offline_from_the_order_page(staff, api):
    order = place_order(api.user, GoodsFactory(price=5000))
    api.post("/api/order/payment", {"order_id": order.order_id, "pay_way": "sandbox"}, format="json")
    assert buttons(page(staff, order)) == ["mark_paid", "cancel"]
    act(staff, order, "mark_paid")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and Payment.objects.get().status == Payment.Status.PAID
    assert order.events.last().actor == staff.admin


@pytest.fixture
def refunding(api):
    order = place_order(api.user, GoodsFactory(price=5000))
    pay_sandbox(api, order)
    api.post("/api/order/refund", {"order_id": order.order_id, "reason": "too small"}, format="json")
    return Order.objects.get(pk=order.pk)


def test_an_order_paid_by_bank_transfer_is_marked_paid_and_refunded_by_hand(staff, django_capture_on_commit_callbacks):
    order = place_order(UserFactory(), GoodsFactory(price=5000))
    act(staff, order, "mark_paid")
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert (order.status, payment.pay_way, payment.paid_amount) == (OrderStatus.PAID, "offline", 5000)
    payment_services.request_refund(user=order.user, order_id=order.order_id, reason="Not needed")
    with django_capture_on_commit_callbacks(execute=True):
        answer = act(staff, order, "approve_refund").content.decode()
    assert "send the money back the same way" in answer
    order.refresh_from_db()
    assert (order.status, Refund.objects.get().status) == (OrderStatus.REFUNDED, Refund.Status.SUCCEEDED)


def test_a_refund_request_is_approved_from_the_order_page(staff, refunding, django_capture_on_commit_callbacks):
    html = page(staff, refunding)
    assert "Refund requested: waiting for your decision" in html and "none or in progress" not in html
    assert buttons(html) == ["approve_refund", "reject_refund"]
    with django_capture_on_commit_callbacks(execute=True):
        act(staff, refunding, "approve_refund")
    refunding.refresh_from_db()
    assert refunding.status == OrderStatus.REFUNDED and Refund.objects.get().decided_by == staff.admin
    assert buttons(page(staff, refunding)) == []


def test_a_refund_is_rejected_with_a_reason(staff, refunding):
    assert "reason: This field is required." in act(staff, refunding, "reject_refund", reason=" ").content.decode()
    assert Refund.objects.get().status == Refund.Status.REQUESTED
    act(staff, refunding, "reject_refund", reason="Worn and washed")
    refunding.refresh_from_db()
    assert (refunding.status, Refund.objects.get().decision_note) == (OrderStatus.PAID, "Worn and washed")
    assert "Paid: waiting to be shipped (a refund was rejected)" in page(staff, refunding)


def test_actions_need_a_post_and_the_change_permission(client, staff):
    order = place_order(UserFactory(), GoodsFactory(), status=OrderStatus.PAID)
    assert staff.get(f"/admin/orders/order/{order.pk}/act/ship/").status_code == 403
    assert staff.post(f"/admin/orders/order/{order.pk}/act/explode/").status_code == 404
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_order"))
    client.force_login(viewer)
    assert buttons(page(client, order)) == []
    answer = client.post(f"/admin/orders/order/{order.pk}/act/ship/", {"express_company": "SF", "tracking_number": "1"})
    assert answer.status_code == 403
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID

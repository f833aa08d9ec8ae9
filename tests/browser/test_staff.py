"""Staff in /admin/: ship a paid order, approve a refund, reject one."""

from playwright.sync_api import expect

from orders.models import Order
from orders.status import OrderStatus, RefundStatus
from orders.tests.factories import place_order
from payments import services as payment_services
from payments.models import Refund
from shop.tests.factories import PASSWORD, GoodsFactory, UserFactory


def log_in_to_admin(page, staff_user):
    page.goto("/admin/")
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Orders", exact=True).first).to_be_visible()


def run_action(page, row_text, action):
    page.locator("#result_list tr", has_text=row_text).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=action)
    page.get_by_role("button", name="Go").click()


def paid_by_balance(buyer, goods):
    order = place_order(buyer, goods)
    buyer.balance = 100000
    buyer.save(update_fields=["balance"])
    payment_services.pay_with_balance(user=buyer, order=order)
    return Order.objects.get(pk=order.pk)


def test_staff_ship_a_paid_order(page, staff_user, shot):
    buyer = UserFactory()
    order = paid_by_balance(buyer, GoodsFactory(stock=5))
    log_in_to_admin(page, staff_user)
    page.goto("/admin/orders/order/?status__exact=1")
    shot("paid-orders")
    run_action(page, order.order_id, "Ship selected paid orders…")
    page.locator("input[name$=express_company]").fill("SF Express")
    page.locator("input[name$=tracking_number]").fill("SF1234567890")
    shot("ship-form")
    page.get_by_role("button", name="Ship").click()
    expect(page.locator(".messagelist")).to_contain_text("shipped")
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (OrderStatus.SHIPPED, "SF1234567890")
    shot("shipped")


def test_staff_approve_and_reject_refunds(page, staff_user, shot):
    goods = GoodsFactory(stock=9)
    first, second = UserFactory(), UserFactory()
    approved = paid_by_balance(first, goods)
    rejected = paid_by_balance(second, goods)
    payment_services.request_refund(user=first, order_id=approved.order_id, reason="Changed my mind")
    payment_services.request_refund(user=second, order_id=rejected.order_id, reason="Too small")
    log_in_to_admin(page, staff_user)

    page.goto("/admin/payments/refund/")
    shot("refunds")
    run_action(page, approved.order_id, "Approve (or retry) selected refunds")
    expect(page.locator(".messagelist")).to_contain_text("approved")
    approved.refresh_from_db()
    assert (approved.status, approved.refund_status) == (OrderStatus.REFUNDED, RefundStatus.REFUNDED)

    run_action(page, rejected.order_id, "Reject selected refunds…")
    page.get_by_label("Reason").fill("Worn and washed")
    shot("reject-form")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("rejected")
    rejected.refresh_from_db()
    assert (rejected.status, rejected.refund_status) == (OrderStatus.PAID, RefundStatus.FAILED)
    assert Refund.objects.get(order=rejected).decision_note == "Worn and washed"
    shot("rejected")

"""After the order: paying, cancelling, refunds, receipt, and posting a form twice on a slow line."""

import re
import time
from functools import wraps

import pytest
from playwright.sync_api import expect

from orders import services as order_services
from orders.models import Order
from orders.status import OrderStatus
from orders.tests.factories import AddressFactory, place_order
from payments import services as payment_services
from payments.models import Payment, Refund
from shop.models import User
from shop.tests.factories import GoodsFactory, UserFactory

from .conftest import log_in

LANGUAGES = ["en", "zh-hans"]  # each journey in both


def slowed(module, name, monkeypatch, seconds=1.5):
    """Make the server take ``seconds`` over ``module.name``, as on a slow connection."""
    original = getattr(module, name)

    @wraps(original)
    def slow(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def click_twice(page, button):
    """Two clicks, the second while the first is still on its way (scripts are off, nothing stops it).

    Raw input, as a person's second click is: a locator's click would wait for the first navigation.
    """
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    time.sleep(0.4)
    page.mouse.click(x, y)


@pytest.fixture
def shopper(context):
    user = UserFactory(balance=100000)
    AddressFactory(user=user)
    log_in(context, user)
    return user


@pytest.mark.no_javascript
def test_place_order_twice_on_a_slow_line_makes_one_order(page, shopper, shot, monkeypatch, t):
    goods = GoodsFactory(title="Slow teapot", price=5000, stock=5)
    slowed(order_services, "create_order", monkeypatch)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_role("button", name=t("Add to cart")).click()
    page.goto("/checkout/")
    click_twice(page, page.get_by_role("button", name=re.compile(t("Place order"))))
    expect(page.get_by_text(t.pattern("Order %(number)s placed."))).to_be_visible(timeout=15_000)
    order = Order.objects.get(user=shopper)  # one order, and the page shows it
    expect(page).to_have_url(re.compile(f"/orders/{order.order_id}/$"))
    goods.refresh_from_db()
    assert goods.stock == 4
    shot("one-order")


@pytest.mark.no_javascript
def test_buy_now_twice_on_a_slow_line_makes_one_order(page, shopper, shot, monkeypatch, t):
    goods = GoodsFactory(price=5000, stock=5)
    slowed(order_services, "create_order", monkeypatch)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_role("button", name=t("Buy now")).click()
    click_twice(page, page.get_by_role("button", name=re.compile(t("Place order"))))
    expect(page.get_by_text(t.pattern("Order %(number)s placed."))).to_be_visible(timeout=15_000)
    assert Order.objects.filter(user=shopper).count() == 1


@pytest.mark.no_javascript
def test_pay_cancel_refund_and_receipt_twice_act_once(page, shopper, shot, monkeypatch, t):
    goods = GoodsFactory(price=3000, stock=10)
    for module, name in ((payment_services, "pay_with_balance"), (order_services, "cancel_order"),
                         (payment_services, "request_refund"), (order_services, "finish_order")):  # fmt: skip
        slowed(module, name, monkeypatch)

    to_pay = place_order(shopper, goods)
    page.goto(f"/orders/{to_pay.order_id}/pay/")
    page.get_by_label(re.compile(t("Balance"))).check()
    click_twice(page, page.get_by_role("button", name=t("Pay %(amount)s", amount="¥30.00")))
    expect(page.get_by_text(t("Paid from your balance. Thank you!"))).to_be_visible(timeout=15_000)
    assert Payment.objects.filter(order=to_pay).count() == 1
    assert User.objects.get(pk=shopper.pk).balance == 100000 - 3000
    shot("paid-once")

    to_cancel = place_order(shopper, goods)
    page.goto(f"/orders/{to_cancel.order_id}/")
    click_twice(page, page.get_by_role("button", name=t("Cancel order")))
    expect(page.get_by_text(t("Order cancelled."))).to_be_visible(timeout=15_000)
    expect(page.locator(".messages .error")).to_have_count(0)
    assert to_cancel.events.filter(action="cancel").count() == 1

    page.goto(f"/orders/{to_pay.order_id}/")
    page.get_by_label(t("Refund reason")).fill("Wrong colour")
    click_twice(page, page.get_by_role("button", name=t("Request refund")))
    expect(page.get_by_text(t("Refund requested. We will review it shortly."))).to_be_visible(timeout=15_000)
    expect(page.locator(".messages .error")).to_have_count(0)
    assert Refund.objects.filter(order=to_pay).count() == 1

    shipped = place_order(shopper, goods, status=OrderStatus.SHIPPED)
    page.goto(f"/orders/{shipped.order_id}/")
    click_twice(page, page.get_by_role("button", name=t("Confirm receipt")))
    expect(page.get_by_text(t("Thanks! The order is complete."))).to_be_visible(timeout=15_000)
    expect(page.locator(".messages .error")).to_have_count(0)
    assert shipped.events.filter(action="finish").count() == 1
    shot("received-once")


def test_cancel_refund_rejected_and_confirm_receipt(page, shopper, shot, staff_user, t):
    goods = GoodsFactory(title="Linen towel", price=2000, stock=10)
    waiting = place_order(shopper, goods)
    page.goto("/orders/")
    page.get_by_role("link", name=t("Order %(number)s", number=waiting.order_id)).click()
    shot("waiting")
    page.get_by_role("button", name=t("Cancel order")).click()
    expect(page.locator(".badge.status--1")).to_have_text(t("cancelled"))
    expect(page.locator(".timeline")).to_contain_text(t("Cancelled"))
    page.goto(f"/orders/{waiting.order_id}/pay/")
    expect(page.get_by_role("heading", name=t("Nothing to pay"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(t("Pay")))).to_have_count(0)
    shot("nothing-to-pay")
    page.get_by_role("link", name=t("See the order")).click()
    expect(page).to_have_url(re.compile(f"/orders/{waiting.order_id}/$"))

    paid = place_order(shopper, goods, status=OrderStatus.PAID)
    Payment.objects.create(payment_id=f"P{paid.pk}", order=paid, user=shopper, pay_way="balance", amount=paid.amount,
                           currency="CNY", status=Payment.Status.PAID, gateway_txn_id=f"T{paid.pk}",
                           paid_amount=paid.amount)  # fmt: skip
    page.goto(f"/orders/{paid.order_id}/")
    page.get_by_label(t("Refund reason")).fill("Arrived torn")
    page.get_by_role("button", name=t("Request refund")).click()
    expect(page.locator(".timeline")).to_contain_text(t("Refund requested"))
    payment_services.reject_refund(refund=Refund.objects.get(order=paid), staff=staff_user, reason="Seal broken")
    page.reload()
    expect(page.locator(".timeline")).to_contain_text(f"{t('Refund rejected')} — Seal broken")
    expect(page.locator(".refund-state")).to_have_text(f"{t('Refund rejected')} — Seal broken")
    shot("refund-rejected")

    shipped = place_order(shopper, goods, status=OrderStatus.SHIPPED)
    page.goto(f"/orders/{shipped.order_id}/")
    page.get_by_role("button", name=t("Confirm receipt")).click()
    expect(page.locator(".badge.status-3")).to_have_text(t("completed"))
    shot("completed")


def test_my_orders_search_by_number_or_product(page, shopper, shot, t):
    kettle = place_order(shopper, GoodsFactory(title="Copper kettle", stock=5))
    place_order(shopper, GoodsFactory(title="Silk scarf", stock=5))
    page.goto("/orders/")
    search = page.get_by_role("searchbox", name=t("Search my orders"))
    search.fill("kettle")
    search.press("Enter")
    expect(page.locator(".order-card")).to_have_count(1)
    expect(page.locator(".order-card")).to_contain_text("Copper kettle")
    shot("by-title")
    search = page.get_by_role("searchbox", name=t("Search my orders"))
    search.fill(kettle.order_id[-6:])
    search.press("Enter")
    expect(page.locator(".order-card")).to_have_count(1)
    search = page.get_by_role("searchbox", name=t("Search my orders"))
    search.fill("nothing like it")
    search.press("Enter")
    expect(page.get_by_text(t.pattern("No orders match “%(search)s”."))).to_be_visible()
    shot("no-match")

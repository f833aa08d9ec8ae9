"""The dashboard at the admin's index: the figures are right, and its queries are few and fixed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders import dashboard
from orders.models import Order
from orders.tests.factories import place_order
from payments import services as payment_services
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


def paid(goods, quantity=1, days_ago=0):
    buyer = UserFactory(balance=10**7)
    order = place_order(buyer, goods, quantity=quantity)
    payment_services.pay_with_balance(user=buyer, order=order)
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now() - timedelta(days=days_ago))
    return order


def test_sales_by_day_and_the_periods():
    teapot, cup = GoodsFactory(title="Teapot", price=10000, stock=100), GoodsFactory(title="Cup", price=500, stock=99)
    paid(teapot)
    paid(cup, quantity=4, days_ago=3)
    paid(cup, days_ago=20)
    paid(cup, days_ago=45)  # too old for any period
    place_order(UserFactory(), teapot)  # not paid: no revenue
    days, periods = dashboard.sales()
    assert len(days) == 30 and days[-1][0] == timezone.localdate()
    assert [(p.label, p.orders, p.revenue) for p in periods] == [
        ("Today", 1, 10000), ("7 days", 2, 12000), ("30 days", 3, 12500)
    ]  # fmt: skip
    assert days[-1][1:] == (1, 10000) and days[-4][1:] == (1, 2000)
    sellers = dashboard.top_sellers()
    assert [(s["title"], s["units"], s["revenue"]) for s in sellers] == [("Cup", 5, 2500), ("Teapot", 1, 10000)]


def test_waiting_work_and_running_out():
    goods = GoodsFactory(title="Last lamp", stock=3)
    order, refunding = paid(goods), paid(goods)
    payment_services.request_refund(user=refunding.user, order_id=refunding.order_id, reason="Broken")
    GoodsFactory(title="Plenty", stock=50)
    waiting = dashboard.waiting()
    assert (waiting["to_ship"], waiting["refunds"]) == (1, 1)
    assert [o.pk for o in waiting["oldest_to_ship"]] == [order.pk]
    assert [(g.title, g.stock) for g in dashboard.running_out()] == [("Last lamp", 1)]
    counts = dict(dashboard.by_status())
    assert (counts["paid"], counts["refunding"], counts["waiting for payment"]) == (1, 1, 0)


@pytest.mark.parametrize("orders", [2, 12])
def test_the_index_draws_the_dashboard_in_fixed_queries(staff, orders, django_assert_num_queries):
    goods = GoodsFactory(stock=100)
    for n in range(orders):
        paid(goods, days_ago=n)
    with django_assert_num_queries(13):  # session, user, the dashboard's 8; the app list: shop settings twice, the log
        page = staff.get("/admin/").content.decode()
    assert 'class="chart"' in page and page.count('class="column"') == 30
    assert "To ship" in page and "Top sellers" in page


def test_staff_without_orders_see_no_dashboard(client):
    writer = UserFactory(is_staff=True)
    client.force_login(writer)
    assert "Dashboard" not in client.get("/admin/").content.decode()

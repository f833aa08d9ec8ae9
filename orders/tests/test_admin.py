from datetime import timedelta

import pytest
from django.utils import timezone

from config.tests.downloads import csv_rows
from orders.models import Order, ShopSettings
from orders.selectors import shop_settings
from orders.tests.factories import place_order
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


def act(client, action, orders, **extra):
    data = {"action": action, "_selected_action": [o.pk for o in orders], **extra}
    return client.post("/admin/orders/order/", data, follow=True)


def test_order_pages_open_and_search(staff):
    order = place_order(UserFactory(username="zoe", phone="13912345678"), GoodsFactory())
    other = place_order(UserFactory(username="zed"), GoodsFactory())
    Order.objects.filter(pk=order.pk).update(payment_id="202612011200000001", tracking_number="SF1234567")
    for query in (order.order_id, "zoe", "13912345678", "202612011200000001", "SF1234567"):
        found = staff.get("/admin/orders/order/", {"q": query}).content.decode()
        assert order.order_id in found and other.order_id not in found, query
    assert order.order_id in staff.get("/admin/orders/order/", {"q": order.order_id[:12]}).content.decode()
    assert staff.get("/admin/orders/order/?status__exact=0").status_code == 200
    page = staff.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "details-TOTAL_FORMS" in page
    assert "events-TOTAL_FORMS" in page


def test_ship_asks_for_tracking_then_ships(staff):
    goods = GoodsFactory(stock=5)
    paid = place_order(UserFactory(), goods, status=1)
    waiting = place_order(UserFactory(), goods)
    form = act(staff, "ship", [paid, waiting])
    assert form.status_code == 200
    assert "Tracking number" in form.content.decode()
    response = act(
        staff, "ship", [paid, waiting], apply="1", **{
            "ship-TOTAL_FORMS": "1", "ship-INITIAL_FORMS": "1", "ship-0-order": str(paid.pk),
            "ship-0-express_company": "SF Express", "ship-0-tracking_number": "SF123",
        },
    )  # fmt: skip
    assert "1 order shipped." in response.content.decode()
    paid.refresh_from_db()
    assert (paid.status, paid.express_company, paid.tracking_number) == (2, "SF Express", "SF123")
    assert paid.end_at - paid.deliver_at == timedelta(days=10)
    assert paid.events.last().actor == staff.admin
    waiting.refresh_from_db()
    assert waiting.status == 0


def test_ship_without_tracking_number_is_refused(staff):
    paid = place_order(UserFactory(), GoodsFactory(), status=1)
    response = act(
        staff, "ship", [paid], apply="1", **{
            "ship-TOTAL_FORMS": "1", "ship-INITIAL_FORMS": "1", "ship-0-order": str(paid.pk),
            "ship-0-express_company": "SF", "ship-0-tracking_number": "",
        },
    )  # fmt: skip
    assert "This field is required." in response.content.decode()
    paid.refresh_from_db()
    assert paid.status == 1


def test_cancel_and_complete_go_through_the_status_machine(staff):
    goods = GoodsFactory(stock=5)
    waiting = place_order(UserFactory(), goods, quantity=2)
    shipped = place_order(UserFactory(), goods, status=2)
    response = act(staff, "cancel", [waiting, shipped])
    text = response.content.decode()
    assert "1 order cancelled." in text
    assert f"{shipped.order_id}: order is shipped: only an order waiting for payment can be cancelled" in text
    goods.refresh_from_db()
    assert goods.stock == 4
    act(staff, "complete", [shipped])
    shipped.refresh_from_db()
    assert shipped.status == 3


def test_status_is_not_editable_in_the_form(staff):
    order = place_order(UserFactory(), GoodsFactory())
    staff.post(f"/admin/orders/order/{order.pk}/change/", {"status": "3"})
    order.refresh_from_db()
    assert order.status == 0


def test_csv_export_of_the_selection(staff):
    orders = [place_order(UserFactory(username=f"buyer{i}"), GoodsFactory(price=1234)) for i in range(3)]
    rows = csv_rows(act(staff, "export_csv", orders[:2]))
    assert rows[0][:3] == ["Order number", "Placed", "Paid"]
    assert sorted(r[0] for r in rows[1:]) == sorted(f'="{o.order_id}"' for o in orders[:2])
    assert rows[1][rows[0].index("Amount")] == "12.34"


def test_shop_settings_are_edited_in_the_admin_and_read_by_the_accessor(staff):
    assert shop_settings().auto_close_minute == 30
    response = staff.post(
        "/admin/orders/shopsettings/add/",
        {"auto_finish_day": 7, "auto_close_minute": 15, "refund_days": 3, "seller_percent": 80},
    )
    assert response.status_code == 302
    assert ShopSettings.objects.get().pk == 1
    assert (shop_settings().auto_close_minute, shop_settings().seller_percent) == (15, 80)
    assert staff.get("/admin/orders/shopsettings/add/").status_code == 403


def test_settings_refuse_a_seller_percent_over_100(staff):
    response = staff.post(
        "/admin/orders/shopsettings/add/",
        {"auto_finish_day": 7, "auto_close_minute": 15, "refund_days": 3, "seller_percent": 150},
    )
    assert response.status_code == 200
    assert not ShopSettings.objects.exists()


def test_filters_by_date(staff):
    order = place_order(UserFactory(), GoodsFactory())
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=40))
    response = staff.get("/admin/orders/order/", {"created_at__gte": (timezone.now() - timedelta(days=1)).isoformat()})
    assert order.order_id not in response.content.decode()


def test_csv_export_never_hands_a_spreadsheet_a_formula(staff):
    """What a shopper typed (a name, an address) is shown as typed, never run by Excel."""
    buyer = UserFactory(username="mallory")
    order = place_order(buyer, GoodsFactory(price=1234))
    evil = {"phone": "+86 138 0000 0000", "province": "=HYPERLINK(\"http://evil.example\",\"Click\")", "city": "",
            "country": "", "address_info": "@SUM(1+1)"}  # fmt: skip
    Order.objects.filter(pk=order.pk).update(address_snapshot=evil)
    header, row = csv_rows(act(staff, "export_csv", [order]))
    line = dict(zip(header, row, strict=True))
    assert line["Phone"] == "'+86 138 0000 0000"
    assert line["Ship to"].startswith("'+86 138 0000 0000, =HYPERLINK(")  # the cell starts with the apostrophe
    assert line["Amount"] == "12.34"  # numbers stay numbers


@pytest.mark.parametrize(
    ("cell", "written"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"), ("a=1", "a=1"), (-5, -5)],
)
def test_safe_cell(cell, written):
    from config.exports import safe_cell

    assert safe_cell(cell) == written


def test_the_order_search_is_answered_from_indexes(staff, postgres_only):
    """With sequential scans priced out, a plan that still reads the whole table has no index to use."""
    from django.db import connection

    from orders.admin import OrderAdmin

    place_order(UserFactory(username="zoe"), GoodsFactory())
    admin_view = OrderAdmin(Order, None)
    for term in ("2026120112", "zoe", "SF1234567"):
        queryset, _ = admin_view.get_search_results(None, Order.objects.all(), term)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = queryset.explain()
        # Each condition an index condition: a scan that reads every row and filters has none.
        assert "Seq Scan" not in plan and "Index Cond" in plan and "BitmapOr" in plan, plan


def test_the_rules_are_read_through_the_cache_and_a_save_is_seen_at_once(django_assert_num_queries):
    assert shop_settings().auto_close_minute == 30
    with django_assert_num_queries(0):
        assert shop_settings().seller_percent == 0
    ShopSettings.objects.update_or_create(pk=1, defaults={"auto_close_minute": 12})
    assert shop_settings().auto_close_minute == 12
    ShopSettings.objects.all().delete()
    assert shop_settings().auto_close_minute == 30

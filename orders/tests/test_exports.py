"""Staff downloads of orders: open right in Excel and LibreOffice, in yuan, streamed."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from config.tests.downloads import csv_rows, xlsx_sheet
from orders.models import Order
from orders.tests.factories import ADDRESS, place_order
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = {"start": "2026-01-01", "end": "2099-12-31"}


def export(client, **choices):
    return client.get("/admin/orders/order/export/", {**TODAY, "rows": "orders", "format": "csv", **choices})


@pytest.fixture
def chinese_order():
    buyer = UserFactory(username="王小明", phone="13912345678")
    order = place_order(buyer, GoodsFactory(title="青花瓷茶杯", price=12990), quantity=2,
                        address={**ADDRESS, "name": "王小明", "address_info": "中原西路233号"})  # fmt: skip
    Order.objects.filter(pk=order.pk).update(remark='=HYPERLINK("http://evil.example")')
    return Order.objects.get(pk=order.pk)


def test_csv_keeps_chinese_numbers_and_amounts(staff, chinese_order):
    response = export(staff)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, row = csv_rows(response)
    assert header[:4] == ["Order number", "Placed", "Paid", "Status"]
    line = dict(zip(header, row, strict=True))
    assert line["Order number"] == f'="{chinese_order.order_id}"'  # text: all 18 digits, never 2.02612E+17
    assert line["Phone"] == '="13888888888"'
    assert line["Buyer"] == "王小明" and "中原西路233号" in line["Ship to"]
    assert (line["List price"], line["Amount"]) == ("259.80", "259.80")
    assert line["Remark"] == '\'=HYPERLINK("http://evil.example")'  # shown, never run
    assert line["Placed"] == f"{timezone.localtime(chinese_order.created_at):%Y-%m-%d %H:%M:%S}"


def test_xlsx_has_text_numbers_yuan_amounts_and_times(staff, chinese_order):
    response = export(staff, format="xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="orders-20260101-20991231.xlsx"')
    sheet = xlsx_sheet(response)
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert (row["Order number"].value, row["Order number"].data_type) == (chinese_order.order_id, "s")
    assert (row["Amount"].value, row["Amount"].number_format) == (259.8, "#,##0.00")
    assert row["Placed"].is_date and row["Placed"].value == timezone.localtime(chinese_order.created_at).replace(
        tzinfo=None, microsecond=row["Placed"].value.microsecond
    )
    assert (row["Remark"].value, row["Remark"].data_type) == ('\'=HYPERLINK("http://evil.example")', "s")
    assert row["Buyer"].value == "王小明"


def test_lines_export_has_one_row_per_line(staff):
    goods = GoodsFactory(title="Teapot", price=5000)
    order = place_order(UserFactory(), goods, quantity=3)
    for rows_format in ("csv", "xlsx"):
        response = export(staff, rows="lines", format=rows_format)
        rows = csv_rows(response) if rows_format == "csv" else [[c.value for c in r] for r in xlsx_sheet(response)]
        assert len(rows) == 2
        line = dict(zip(rows[0], rows[1], strict=True))
        assert line["Product"] == "Teapot" and line["Quantity"] == (3 if rows_format == "xlsx" else "3")
        assert str(line["Amount"]) in ("150.00", "150")
        assert order.order_id in line["Order number"]


def test_range_and_status_choose_the_orders(staff):
    goods = GoodsFactory(stock=10)
    old = place_order(UserFactory(), goods)
    paid = place_order(UserFactory(), goods, status=1)
    waiting = place_order(UserFactory(), goods)
    Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    recent = {"start": today - timedelta(days=1), "end": today}
    numbers = [row[0] for row in csv_rows(export(staff, **recent))[1:]]
    assert numbers == [f'="{paid.order_id}"', f'="{waiting.order_id}"']
    numbers = [row[0] for row in csv_rows(export(staff, **recent, status=1))[1:]]
    assert numbers == [f'="{paid.order_id}"']


def test_a_bad_range_shows_the_form_again(staff):
    page = export(staff, start="2026-12-05", end="2026-12-01")
    assert page.status_code == 200 and "The last day is before the first." in page.content.decode()
    assert "Export orders" in staff.get("/admin/orders/order/export/").content.decode()
    assert "/admin/orders/order/export/" in staff.get("/admin/orders/order/").content.decode()


def test_export_needs_the_view_permission(client):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)
    assert export(client).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_order"))
    assert export(client).status_code == 200


@pytest.mark.parametrize("rows", ["orders", "lines"])
def test_the_export_reads_in_chunks_not_per_order(staff, rows, django_assert_num_queries):
    goods = GoodsFactory(stock=50)
    for _ in range(12):
        place_order(UserFactory(), goods)
    with django_assert_num_queries(3):  # the session, its user, then one read of all the rows (chunked by 2,000)
        assert len(csv_rows(export(staff, rows=rows))) == 13

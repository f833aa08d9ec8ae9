"""Staff in /admin/: the dashboard, products with a SKU matrix, coupons in yuan, the order page's buttons (ship,
complete, refunds), exports for Excel, list actions, and what the "shop staff" role may not see; in Chinese
and in English, as the staff member's browser asks."""

from django.utils.text import capfirst
from playwright.sync_api import expect

from orders.models import Order
from orders.status import OrderStatus, RefundStatus
from orders.tests.factories import place_order
from payments import services as payment_services
from payments.models import Refund
from shop.tests.factories import GoodsFactory, UserFactory

from .conftest import label, log_in_to_admin, run_action

LANGUAGES = ["en", "zh-hans"]


def paid_by_balance(buyer, goods):
    order = place_order(buyer, goods)
    buyer.balance = 100000
    buyer.save(update_fields=["balance"])
    payment_services.pay_with_balance(user=buyer, order=order)
    return Order.objects.get(pk=order.pk)


def test_staff_ship_a_paid_order(page, staff_user, shot, t):
    buyer = UserFactory()
    order = paid_by_balance(buyer, GoodsFactory(stock=5))
    log_in_to_admin(page, t, staff_user.username)
    page.goto("/admin/orders/order/?status__exact=1")
    shot("paid-orders")
    run_action(page, t, order.order_id, "Ship selected paid orders…")
    page.locator("input[name$=express_company]").fill(t("SF Express"))
    page.locator("input[name$=tracking_number]").fill("SF1234567890")
    shot("ship-form")
    page.get_by_role("button", name=t("Ship")).click()
    expect(page.locator(".messagelist")).to_contain_text(
        t.plural("%(count)d order shipped.", "%(count)d orders shipped.", 1)
    )
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (OrderStatus.SHIPPED, "SF1234567890")
    shot("shipped")


def test_staff_approve_and_reject_refunds(page, staff_user, shot, t):
    goods = GoodsFactory(stock=9)
    first, second = UserFactory(), UserFactory()
    approved = paid_by_balance(first, goods)
    rejected = paid_by_balance(second, goods)
    payment_services.request_refund(user=first, order_id=approved.order_id, reason="Changed my mind")
    payment_services.request_refund(user=second, order_id=rejected.order_id, reason="Too small")
    log_in_to_admin(page, t, staff_user.username)

    page.goto("/admin/payments/refund/")
    shot("refunds")
    run_action(page, t, approved.order_id, "Approve (or retry) selected refunds")
    expect(page.locator(".messagelist")).to_contain_text(
        t("Refund of %(order)s approved: it is being sent back.", order=approved)
    )
    approved.refresh_from_db()
    assert (approved.status, approved.refund_status) == (OrderStatus.REFUNDED, RefundStatus.REFUNDED)

    run_action(page, t, rejected.order_id, "Reject selected refunds…")
    page.get_by_label(t("Reason")).fill("穿过也洗过了")
    shot("reject-form")
    page.get_by_role("button", name=t("Reject")).click()
    expect(page.locator(".messagelist")).to_contain_text(t("Refund of %(order)s rejected.", order=rejected))
    rejected.refresh_from_db()
    assert (rejected.status, rejected.refund_status) == (OrderStatus.PAID, RefundStatus.FAILED)
    assert Refund.objects.get(order=rejected).decision_note == "穿过也洗过了"
    shot("rejected")


def test_staff_ship_from_the_order_page(page, staff_user, shot, t):
    from orders.tests.factories import ADDRESS

    buyer = UserFactory()
    order = place_order(buyer, GoodsFactory(stock=5, price=12990), address=ADDRESS)
    buyer.balance = 100000
    buyer.save(update_fields=["balance"])
    payment_services.pay_with_balance(user=buyer, order=order)
    log_in_to_admin(page, t, staff_user.username)
    page.goto("/admin/orders/order/")
    page.get_by_role("link", name=order.order_id).click()
    expect(page.locator(".order-state")).to_have_text(t("Paid: waiting to be shipped"))
    expect(page.get_by_text("¥129.90").first).to_be_visible()
    expect(page.get_by_text("233 Zhongyuan West Road")).to_be_visible()
    expect(page.locator("input[name=_save]")).to_have_count(0)
    expect(page.get_by_role("button", name=t("Cancel the order"))).to_have_count(0)
    shot("order-page-paid")
    panel = page.locator(".order-panel")
    panel.get_by_label(t("Tracking number")).fill("SF1234567890")
    panel.get_by_role("button", name=t("Ship")).click()  # no carrier: the browser asks for it, nothing is sent
    expect(panel.get_by_label(t("Express company"))).to_be_focused()
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
    panel.get_by_label(t("Express company")).fill(t("SF Express"))
    panel.get_by_role("button", name=t("Ship")).click()
    expect(page.locator(".messagelist")).to_contain_text(t("Order %(order)s shipped.", order=order.order_id))
    expect(page.locator(".order-state")).to_contain_text(t.pattern("Shipped: completes by itself on %(day)s"))
    shot("order-page-shipped")
    page.get_by_role("button", name=t("Mark completed")).click()
    expect(page.locator(".order-state")).to_have_text(t("Completed"))
    assert Order.objects.get(pk=order.pk).status == OrderStatus.FINISHED


def test_staff_decide_a_refund_from_the_order_page(page, staff_user, shot, t):
    buyer = UserFactory()
    order = paid_by_balance(buyer, GoodsFactory(stock=5))
    payment_services.request_refund(user=buyer, order_id=order.order_id, reason="Too small")
    log_in_to_admin(page, t, staff_user.username)
    page.goto(f"/admin/orders/order/{order.pk}/change/")
    expect(page.locator(".order-state")).to_have_text(t("Refund requested: waiting for your decision"))
    shot("refund-requested")
    page.get_by_role("button", name=t("Reject the refund")).click()  # the browser asks for the reason first
    assert Refund.objects.get(order=order).status == Refund.Status.REQUESTED
    page.get_by_label(t("Reason")).fill("穿过也洗过了")
    page.get_by_role("button", name=t("Reject the refund")).click()
    expect(page.locator(".messagelist")).to_contain_text(t("Order %(order)s: refund rejected.", order=order.order_id))
    expect(page.locator(".order-state")).to_have_text(
        t("%(state)s (a refund was rejected)", state=t("Paid: waiting to be shipped"))
    )
    shot("refund-rejected")
    assert Refund.objects.get(order=order).decision_note == "穿过也洗过了"


def test_staff_write_a_coupon_in_yuan(page, staff_user, shot, t):
    from coupons.models import Coupon

    log_in_to_admin(page, t, staff_user.username)
    page.goto("/admin/coupons/coupon/add/")
    page.get_by_label(label(t, "title")).fill("New Year 50")
    page.get_by_label(label(t, "Discount"), exact=True).fill("¥50")
    page.get_by_label(label(t, "min amount")).fill("199.00")
    for row in ("start_time", "end_time"):
        page.locator(f"#id_{row}_0").fill("2026-12-01" if row == "start_time" else "2026-12-31")
        page.locator(f"#id_{row}_1").fill("00:00:00")
    shot("coupon-form")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("New Year 50")
    expect(page.locator("#result_list")).to_contain_text(t("%(amount)s off", amount="¥50.00"))
    expect(page.locator("#result_list")).to_contain_text("¥199.00")
    shot("coupon-list")
    coupon = Coupon.objects.get(title="New Year 50")
    assert (coupon.money, coupon.min_amount) == (5000, 19900)

    page.goto(f"/admin/coupons/coupon/{coupon.pk}/change/")
    expect(page.get_by_label(label(t, "Discount"), exact=True)).to_have_value("50.00")
    page.get_by_label(label(t, "Discount"), exact=True).fill("0.001")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.locator(".errorlist").first).to_contain_text(
        t.plural("Ensure that there are no more than %(max)s decimal place.",
                 "Ensure that there are no more than %(max)s decimal places.", 2, max=2)
    )  # fmt: skip
    assert Coupon.objects.get(pk=coupon.pk).money == 5000


def test_shop_staff_see_no_settings(page, shot, t):
    from django.contrib.auth.models import Group, Permission

    from shop.roles import ensure_roles

    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.groups.add(ensure_roles(Group, Permission)[0])  # a live-server test starts with an emptied database
    log_in_to_admin(page, t, "clerk")
    expect(page.get_by_role("link", name=capfirst(t("shop settings")))).to_have_count(0)
    shot("clerk-index")
    assert page.goto("/admin/orders/shopsettings/add/").status == 403
    page.console_errors.clear()  # the refused page, which the browser logs


def test_staff_read_the_dashboard(page, staff_user, shot, t, language):
    paid = paid_by_balance(UserFactory(), GoodsFactory(title="Brass lantern", stock=3, price=25000))
    log_in_to_admin(page, t, staff_user.username)
    dashboard = page.get_by_role("region", name=t("Dashboard"))
    expect(dashboard.get_by_text("¥250.00").first).to_be_visible()
    expect(dashboard.get_by_role("img", name=t("Revenue per day, last %(days)d days", days=30))).to_be_visible()
    expect(dashboard.get_by_role("img", name=t("Top sellers of the last 30 days, in units"))).to_be_visible()
    expect(dashboard.get_by_role("link", name="Brass lantern")).to_be_visible()  # 2 left: running out
    shot("dashboard")
    dashboard.get_by_role("link", name=t("To ship")).click()
    expect(page.locator("#result_list")).to_contain_text(paid.order_id)
    page.locator(".admin-language button").click()  # the switch beside "Log out": back on this page, in the other
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans" if language == "en" else "en")
    expect(page.locator("#result_list")).to_contain_text(paid.order_id)


def test_staff_make_a_product_with_a_sku_matrix(page, staff_user, shot, t):
    from shop.models import Goods
    from shop.tests.factories import CategoryFactory

    CategoryFactory(title="灯具")
    log_in_to_admin(page, t, staff_user.username)
    page.goto("/admin/shop/goods/add/")
    page.get_by_label(label(t, "title"), exact=True).fill("纸灯笼")
    page.get_by_label(label(t, "title in English")).fill("Paper lantern")  # its address is made from the English
    page.get_by_label(label(t, "category")).select_option(label="灯具")
    page.get_by_label(label(t, "price"), exact=True).fill("129.90")
    add_option = page.get_by_role("button", name=t("Add another %(verbose_name)s", verbose_name=capfirst(t("option"))))
    add_option.click()
    page.locator("input[name=options-0-title]").fill("颜色")
    page.locator("input[name=options-0-value_titles]").fill("红, 白")
    add_option.click()
    page.locator("input[name=options-1-title]").fill("尺码")
    page.locator("input[name=options-1-value_titles]").fill("S, M, L")
    shot("options")
    page.get_by_role("button", name=t("Save and continue editing")).click()
    made = t.plural("%(n)d SKU made: set its prices and stock below.",
                    "%(n)d SKUs made: set their prices and stock below.", 6, n=6)  # fmt: skip
    expect(page.locator(".messagelist")).to_contain_text(made)
    rows = page.locator("#skus-group tbody tr.form-row")
    expect(rows).to_have_count(6)
    expect(rows.first).to_contain_text("红 / S")
    page.locator("input[name=skus-0-price]").fill("99.00")
    page.locator("input[name=skus-0-stock]").fill("8")
    page.locator("input[name=skus-5-stock]").fill("2")
    shot("sku-matrix")
    page.get_by_role("button", name=t("Save and continue editing")).click()
    expect(page.locator(".messagelist .success")).to_contain_text("纸灯笼")
    goods = Goods.objects.get(title="纸灯笼", title_en="Paper lantern", url_token="paper-lantern")
    skus = {sku.title: (sku.price, sku.stock) for sku in goods.skus.all()}
    assert skus["红 / S"] == (9900, 8) and skus["白 / L"] == (12990, 2) and len(skus) == 6
    assert (goods.price, goods.stock) == (9900, 10)


def test_staff_export_orders_for_excel(page, staff_user, shot, t):

    import io

    from openpyxl import load_workbook

    order = paid_by_balance(UserFactory(username="王小明"), GoodsFactory(title="青花瓷茶杯", price=12990))
    log_in_to_admin(page, t, staff_user.username)
    page.goto("/admin/orders/order/")
    page.get_by_role("link", name=t("Export…")).click()
    page.get_by_label(t("Rows")).select_option(label=t("one row per order line"))
    shot("export-form")
    with page.expect_download() as download:
        page.get_by_role("button", name=t("Download")).click()
    name = download.value.suggested_filename
    assert name.startswith("lines-") and name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    header, row = [[cell.value for cell in line] for line in sheet.iter_rows(max_row=2)]
    line = dict(zip(header, row, strict=True))
    assert (line[t("Order number")], line[t("Buyer")], line[t("Product")]) == (order.order_id, "王小明", "青花瓷茶杯")
    assert line[t("Amount")] == 129.9

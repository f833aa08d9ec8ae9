"""A custom order from request to paid order, with the shopper and a clerk each in their own browser: the
shopper asks from a product page with the shop's form and a picture, the clerk replies and quotes in yuan
in the admin, the reply and the quote come into the shopper's open page without a reload, the shopper
accepts and pays in the sandbox, and the clerk sees the paid order."""

from io import BytesIO

from PIL import Image
from playwright.sync_api import expect

from communication.models import CustomOrder, FormField
from orders.models import Order
from orders.status import OrderStatus
from orders.tests.factories import AddressFactory
from shop.tests.factories import GoodsFactory, UserFactory

from .conftest import BROWSER_LOCALES, VIEWPORTS, label, log_in, log_in_to_admin, pay_in_the_sandbox

LANGUAGES = ["en", "zh-hans"]


def png():
    out = BytesIO()
    Image.new("RGB", (640, 480), (200, 160, 60)).save(out, "PNG")
    return {"name": "草图.png", "mimeType": "image/png", "buffer": out.getvalue()}


def test_request_quote_in_the_admin_accept_and_pay(context, page, shot, t, staff_user, language, viewport):
    FormField.objects.create(name="尺寸", field_name="size", type="radio", required=True, content="小\n中\n大", sort=1)
    FormField.objects.create(name="木料", field_name="wood", type="select", content="橡木\n白蜡木", sort=2)
    goods = GoodsFactory(title="月光台灯", price=9900, stock=5)
    shopper = UserFactory(username="mei")
    AddressFactory(user=shopper, is_default=True)
    log_in(context, shopper)

    page.goto(f"/goods/{goods.pk}/")
    page.get_by_role("link", name=t("Request a custom order")).click()
    shot("request-form")
    page.get_by_role("button", name=t("Send the request")).click()  # nothing filled: the browser asks first
    assert not CustomOrder.objects.exists()
    page.get_by_label(t("What should the shop make?")).fill("一盏蓝色的台灯")
    page.get_by_label(t("Describe it")).fill("灯罩要蓝色，高四十厘米。")
    page.get_by_role("radio", name="中").check()
    page.get_by_label("木料").select_option("白蜡木")
    page.get_by_label(t("Pictures")).set_input_files([png()])
    page.get_by_role("button", name=t("Send the request")).click()
    expect(page.locator(".messages")).to_contain_text(t("Request sent. The shop answers here, and by email."))
    custom_order = CustomOrder.objects.get()
    assert (custom_order.extra, custom_order.images.count()) == ({"size": "中", "wood": "白蜡木"}, 1)
    page.get_by_label(t("Your message")).fill("可以用白蜡木吗？")
    page.get_by_role("button", name=t("Send"), exact=True).click()
    expect(page.locator("#thread .from-user")).to_contain_text("可以用白蜡木吗？")
    shot("request-page")

    # The clerk, in a browser of their own, replies and quotes; the shopper's page stays open.
    clerk_context = context.browser.new_context(base_url=context.base, locale=BROWSER_LOCALES[language],
                                                **VIEWPORTS[viewport])  # fmt: skip
    clerk = clerk_context.new_page()
    log_in_to_admin(clerk, t, staff_user.username)
    clerk.goto("/admin/communication/customorder/")
    expect(clerk.locator("#result_list .field-unread_messages")).to_have_text("1")
    clerk.get_by_role("link", name="一盏蓝色的台灯").click()
    expect(clerk.locator(".field-extra_fields")).to_contain_text("木料: 白蜡木")
    clerk.get_by_label(label(t, "Reply")).fill("可以，白蜡木更轻。")
    clerk.get_by_role("button", name=t("Save and continue editing")).click()
    expect(clerk.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#thread .from-staff")).to_contain_text("可以，白蜡木更轻。")  # no reload
    expect(page.locator("#request-status")).to_have_text(t("in discussion"))
    clerk.get_by_label(label(t, "Quote price")).fill("399")
    clerk.get_by_label(label(t, "What the quote covers")).fill("白蜡木底座，蓝色灯罩，两周完成。")
    clerk.get_by_role("button", name=t("Save and continue editing")).click()
    expect(clerk.locator(".messagelist .success")).to_be_visible()
    clerk_context.close()

    quote = page.locator("#thread li.quote")
    expect(quote).to_contain_text("¥399.00")  # no reload
    expect(quote).to_contain_text("白蜡木底座，蓝色灯罩，两周完成。")
    expect(page.locator("#request-status")).to_have_text(t("quoted"))
    shot("quote-arrived")

    quote.get_by_role("link", name=t("Accept the quote")).click()
    expect(page.get_by_role("heading", name=t("Accept the quote"))).to_be_visible()
    shot("accept")
    page.get_by_role("button", name=f"{t('Place order')} · ¥399.00").click()
    expect(page.get_by_text(t.pattern("Order %(number)s placed."))).to_be_visible()
    order = Order.objects.get()
    assert (order.amount, CustomOrder.objects.get().status) == (39900, CustomOrder.Status.ACCEPTED)
    pay_in_the_sandbox(page, t, "¥399.00")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    page.goto(f"/custom/{custom_order.pk}/")
    expect(page.locator("#request-status")).to_have_text(t("accepted"))
    expect(page.locator("#thread .from-system")).to_contain_text(t("Quote accepted: order %(order)s",
                                                                   order=order.order_id))  # fmt: skip
    shot("accepted")

    context.clear_cookies()
    log_in_to_admin(page, t, staff_user.username)
    page.goto(f"/admin/communication/customorder/{custom_order.pk}/change/")
    page.locator(".field-order a").click()
    expect(page.locator("#content")).to_contain_text(order.order_id)
    expect(page.locator(".field-status")).to_contain_text(t("paid"))
    shot("staff-see-the-paid-order")

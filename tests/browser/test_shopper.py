"""A shopper's journeys, as they happen in the browser."""

import re

from playwright.sync_api import expect

from cart.models import CartItem
from coupons.tests.factories import CodeFactory, CouponFactory
from orders.models import Order
from orders.status import OrderStatus
from orders.tests.factories import ADDRESS, AddressFactory
from shop.tests.factories import PASSWORD, CategoryFactory, GoodsFactory, GoodsImageFactory, UserFactory

from .conftest import log_in, pay_in_the_sandbox

LANGUAGES = ["en", "zh-hans"]  # each journey in both


def fill_address(page, t, prefix=""):
    labels = {"name": "Name", "phone": "Phone", "province": "Province", "city": "City", "country": "District",
              "address_info": "Street address", "postcode": "Postcode"}  # fmt: skip
    scope = page.locator(prefix) if prefix else page
    for field, label in labels.items():
        scope.get_by_label(t(label), exact=False).first.fill(ADDRESS[field])


def test_guest_browses_registers_checks_out_with_a_new_address_and_pays(page, shot, t):
    lamps = CategoryFactory(title="Lamps")
    CategoryFactory(title="Rugs")
    lamp = GoodsFactory(title="Paper lantern", category=lamps, price=4500, stock=8)
    GoodsImageFactory(goods=lamp)
    GoodsFactory(title="Wool rug", category=lamps, price=12000)

    page.goto("/")
    shot("home")
    page.get_by_role("navigation", name=t("Categories")).get_by_role("link", name="Lamps").click()
    expect(page.get_by_text("Paper lantern")).to_be_visible()
    page.get_by_role("searchbox", name=t("Search goods")).fill("lantern")
    page.get_by_role("searchbox", name=t("Search goods")).press("Enter")
    expect(page.get_by_role("link", name=re.compile("Paper lantern"))).to_be_visible()
    expect(page.get_by_text("Wool rug")).to_have_count(0)
    shot("search")
    page.get_by_role("link", name=re.compile("Paper lantern")).first.click()
    page.get_by_label(t("Quantity")).fill("2")
    page.get_by_role("button", name=t("Add to cart")).click()
    expect(page.locator(".count-badge")).to_have_text("2")
    shot("guest-cart")

    page.get_by_role("link", name=t("Register")).click()
    page.get_by_label(t("User name")).fill("lily")
    page.get_by_label(t("Email")).fill("lily@example.com")
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t("Password again")).fill(PASSWORD)
    shot("register")
    page.get_by_role("button", name=t("Register")).click()
    expect(page.get_by_text(t("Welcome, %(name)s!", name="lily"))).to_be_visible()
    expect(page.locator(".count-badge")).to_have_text("2")  # the guest cart is now lily's

    page.get_by_role("link", name=re.compile(f"^{t('Cart')}")).click()
    page.get_by_role("link", name=t("Checkout")).click()
    expect(page.get_by_label(t("A new address"))).to_be_checked()
    page.get_by_role("button", name=re.compile(t("Place order"))).click()
    expect(page.locator(".new-address .error").first).to_be_visible()  # required fields, said by the shop
    shot("checkout-missing-address")
    fill_address(page, t, ".new-address")
    expect(page.get_by_role("button", name=f"{t('Place order')} · ¥90.00")).to_be_visible()
    shot("checkout-new-address")
    page.get_by_role("button", name=f"{t('Place order')} · ¥90.00").click()
    expect(page.get_by_text(t.pattern("Order %(number)s placed."))).to_be_visible()
    order = Order.objects.get(user__username="lily")
    assert (order.amount, order.address.city, order.address_snapshot["postcode"]) == (9000, "Zhengzhou", "450000")
    shot("order-placed")

    pay_in_the_sandbox(page, t, "¥90.00", shot)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    page.goto(f"/orders/{order.order_id}/")
    expect(page.locator(".badge.status-1")).to_have_text(t("paid"))
    shot("paid")


def test_returning_shopper_checks_out_with_a_saved_address_and_a_coupon(page, context, shot, t):
    user = UserFactory()
    saved = AddressFactory(user=user, city="Luoyang")
    goods = GoodsFactory(title="Tea set", price=20000, stock=5)
    code = CodeFactory(user=user, coupon=CouponFactory(title="立减三十", money=3000))
    log_in(context, user)

    page.goto(f"/goods/{goods.pk}/")
    page.get_by_role("button", name=t("Add to cart")).click()
    page.get_by_role("link", name=t("Checkout")).click()
    expect(page.get_by_label(re.compile("Luoyang"))).to_be_checked()
    expect(page.locator(".new-address")).to_be_hidden()
    expect(page.get_by_role("button", name=f"{t('Place order')} · ¥200.00")).to_be_visible()
    shot("checkout")
    page.get_by_label(re.compile("立减三十")).check()
    expect(page.get_by_role("button", name=f"{t('Place order')} · ¥170.00")).to_be_visible()
    expect(page.locator("#to-pay")).to_have_text("¥170.00")
    shot("coupon-chosen")
    page.get_by_role("button", name=f"{t('Place order')} · ¥170.00").click()
    expect(page.get_by_text(t.pattern("Order %(number)s placed."))).to_be_visible()
    order = Order.objects.get(user=user)
    code.refresh_from_db()
    assert (order.amount, order.address_id, code.order_id) == (17000, saved.pk, order.pk)
    assert not CartItem.objects.filter(user=user).exists()
    shot("placed")


def test_typed_coupon_code_and_a_bad_one(page, context, shot, t):
    user = UserFactory()
    AddressFactory(user=user)
    goods = GoodsFactory(price=10000, stock=5)
    code = CodeFactory(user=user, coupon=CouponFactory(title="立减十元", money=1000))
    log_in(context, user)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_role("button", name=t("Buy now")).click()
    page.get_by_label(t("Coupon code")).fill("NOPE-NOPE")
    page.get_by_role("button", name=t("Apply")).click()
    expect(page.locator("#coupon .error")).to_contain_text(t.refusal("Coupon", "coupon_code: no such coupon code"))
    expect(page.get_by_role("button", name=f"{t('Place order')} · ¥100.00")).to_be_visible()
    shot("bad-code")
    page.get_by_label(t("Coupon code")).fill(code.code.lower())
    page.get_by_role("button", name=t("Apply")).click()
    expect(page.get_by_role("button", name=f"{t('Place order')} · ¥90.00")).to_be_visible()
    page.get_by_role("button", name=f"{t('Place order')} · ¥90.00").click()
    expect(page.get_by_text(t.pattern("Order %(number)s placed."))).to_be_visible()
    assert Order.objects.get(user=user).amount == 9000


def test_buy_now_posts_and_over_stock_goes_back_to_the_product(page, context, shot, t):
    user = UserFactory()
    AddressFactory(user=user)
    goods = GoodsFactory(title="Bamboo tray", price=3000, stock=3)
    log_in(context, user)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_label(t("Quantity")).fill("5")
    page.get_by_role("button", name=t("Buy now")).click()
    expect(page).to_have_url(re.compile(f"/goods/{goods.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(t("%(item)s: only %(left)s left", item="Bamboo tray", left=3))
    shot("over-stock")
    page.get_by_label(t("Quantity")).fill("2")
    with page.expect_request(re.compile("/checkout/")) as request:
        page.get_by_role("button", name=t("Buy now")).click()
    assert request.value.method == "POST"
    assert "csrfmiddlewaretoken" not in page.url
    expect(page.get_by_role("button", name=f"{t('Place order')} · ¥60.00")).to_be_visible()
    shot("checkout")
    page.get_by_role("button", name=f"{t('Place order')} · ¥60.00").click()
    expect(page.get_by_text(t.pattern("Order %(number)s placed."))).to_be_visible()
    assert Order.objects.get(user=user).details.get().quantity == 2


def test_buy_now_as_a_guest_keeps_the_item_through_login(page, shot, t):
    user = UserFactory(username="mei")
    AddressFactory(user=user)
    goods = GoodsFactory(title="Ink stone", price=5000, stock=3)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_label(t("Quantity")).fill("2")
    page.get_by_role("button", name=t("Buy now")).click()
    page.get_by_label(t("User name, email or phone")).fill("mei")
    page.get_by_label(t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()
    expect(page.get_by_role("button", name=f"{t('Place order')} · ¥100.00")).to_be_visible()
    shot("checkout-after-login")


def test_quantities_are_checked_and_explained_next_to_the_field(page, context, shot, t):
    goods = GoodsFactory(title="Clay cup", price=1500, stock=60)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_role("button", name=t("Add to cart")).click()
    quantity = page.get_by_label(t("Quantity of %(title)s", title="Clay cup"))
    quantity.fill("61")
    page.get_by_role("button", name=t("Update")).click()
    expect(page.locator(".field-error")).to_have_text(
        t.refusal("Quantity", "quantity: only %(available)s of %(title)s in stock", available=60, title="Clay cup")
    )
    expect(page.locator(".messages")).to_have_count(0)  # said once, next to its field
    shot("over-stock")
    # Without the browser's own checks, the shop still refuses an empty, zero or negative quantity.
    for typed in ("", "0", "-1"):
        page.evaluate(
            "document.querySelectorAll('input').forEach(i => { i.removeAttribute('min'); i.required = false; })"
        )
        page.get_by_label(t("Quantity of %(title)s", title="Clay cup")).fill(typed)
        page.get_by_role("button", name=t("Update")).click()
        expect(page.locator(".field-error")).to_have_text(
            t.refusal("Quantity", "%(name)s: enter a whole number of at least %(minimum)s", name="quantity", minimum=1)
        )
    assert CartItem.objects.get().quantity == 1
    shot("refused")


def test_the_category_and_sort_filters_apply_as_soon_as_they_change(page, shot, t):
    garden = CategoryFactory(title="Garden")
    GoodsFactory(title="Teapot", category=CategoryFactory(title="Kitchen"), price=900)
    GoodsFactory(title="Rake", category=garden, price=1500)
    GoodsFactory(title="Hose", category=garden, price=3000)
    page.goto("/")
    page.locator(".filters").get_by_label(t("Category")).select_option(label="Garden")
    expect(page).to_have_url(re.compile(f"categoryId={garden.pk}"))
    expect(page.get_by_role("link", name="Teapot")).to_have_count(0)
    page.locator(".filters").get_by_label(t("Sort")).select_option(index=1)
    expect(page).to_have_url(re.compile("order="))
    expect(page.get_by_role("link", name="Rake")).to_be_visible()
    shot("filtered")


def test_the_coupon_centre_says_which_coupons_are_claimed_or_gone(page, context, shot, t):
    shopper = UserFactory()
    log_in(context, shopper)
    CouponFactory(title="Spring gift", per_user=1)
    CouponFactory(title="Last one", quantity=1, issued=1)
    page.goto("/coupons/")
    gift = page.locator(".coupon", has_text="Spring gift")
    gift.get_by_role("button", name=t("Claim")).click()
    expect(page.get_by_text(t.pattern("Claimed: %(title)s (%(code)s)."))).to_be_visible()
    expect(page.locator(".coupon", has_text="Spring gift").get_by_text(t("Claimed"), exact=True)).to_be_visible()
    expect(page.locator(".coupon", has_text="Spring gift").get_by_role("button")).to_have_count(0)
    expect(page.locator(".coupon", has_text="Last one").get_by_text(t("All gone"))).to_be_visible()
    shot("claimed-and-gone")


def test_the_header_switches_the_language_and_stays_on_the_page(page, context, shot, t, language):
    tea = CategoryFactory(title="茶具", title_en="Tea things")
    teapot = GoodsFactory(title="紫砂壶", title_en="Clay teapot", description="宜兴紫砂", description_en="From Yixing",
                          category=tea, stock=3)  # fmt: skip
    titles = {"zh-hans": "紫砂壶", "en": "Clay teapot"}
    other = "en" if language == "zh-hans" else "zh-hans"
    page.goto(f"/goods/{teapot.pk}/?from=search")
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[language])
    expect(page.locator("html")).to_have_attribute("lang", language)
    shot("product")
    page.get_by_role("button", name={"en": "English", "zh-hans": "简体中文"}[other]).click()
    expect(page).to_have_url(re.compile(rf"/goods/{teapot.pk}/\?from=search$"))  # back where it was
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[other])
    expect(page.locator("html")).to_have_attribute("lang", other)
    assert {c["name"]: c["value"] for c in context.cookies()}["lang"] == other
    page.get_by_role("link", name={"en": "All", "zh-hans": "全部"}[other]).first.click()
    expect(page.get_by_role("link", name=titles[other])).to_be_visible()  # the choice stays on every page
    shot("switched", shown=other)

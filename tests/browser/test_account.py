"""The shopper's own things: addresses, profile, password, and the pages around them."""

import re
import uuid

from django.core import mail
from playwright.sync_api import expect

from orders.models import Address
from orders.tests.factories import AddressFactory
from shop.models import User
from shop.tests.factories import PASSWORD, GoodsFactory, GoodsImageFactory, UserFactory

from .conftest import log_in

LANGUAGES = ["en", "zh-hans"]  # each journey in both

NEW_PASSWORD = "lantern-by-the-river-42"


def test_address_book_validates_chooses_a_default_and_deletes(page, context, shot, t):
    user = UserFactory()
    AddressFactory(user=user, name="Old place")
    log_in(context, user)
    page.goto("/addresses/")
    expect(page.locator(".field abbr.required")).to_have_count(7)  # required fields are marked
    page.get_by_label(t("Name"), exact=True).fill("Zhang")
    page.get_by_label(t("Phone")).fill("call me")
    page.get_by_label(t("Province")).fill("Henan")
    page.get_by_label(t("City")).fill("Kaifeng")
    page.get_by_label(t("District")).fill("Longting")
    page.get_by_label(t("Street address")).fill("1 Gulou Street")
    page.get_by_label(t("Postcode")).fill("#")
    page.get_by_role("button", name=t("Save")).click()
    phone = page.locator(".field", has=page.get_by_label(t("Phone")))
    expect(phone.locator(".error")).to_have_text(
        t("Enter a phone number of 6 to 20 digits; +, spaces and dashes are allowed.")
    )
    postcode = page.locator(".field", has=page.get_by_label(t("Postcode"))).locator(".error")
    expect(postcode).to_have_text(t("Enter a postcode of 3 to 10 letters or digits."))
    shot("refused")
    page.get_by_label(t("Phone")).fill("+86 138-0000-1111")
    page.get_by_label(t("Postcode")).fill("475000")
    page.get_by_role("button", name=t("Save")).click()
    expect(page.get_by_text(t("Address saved."))).to_be_visible()
    zhang = Address.objects.get(user=user, name="Zhang")
    page.locator(".address", has_text="Zhang").get_by_role("button", name=t("Make default")).click()
    expect(page.locator(".address").first).to_contain_text(t("Default"))
    assert Address.objects.get(pk=zhang.pk).is_default
    shot("default")
    page.locator(".address", has_text="Old place").get_by_role("button", name=re.compile(t("Delete"))).click()
    expect(page.get_by_text(t("Address deleted."))).to_be_visible()
    assert list(Address.objects.filter(user=user)) == [zhang]
    shot("deleted")


def test_account_profile_and_password(page, context, shot, t):
    user = UserFactory(username="ana")
    log_in(context, user)
    page.goto("/")
    page.get_by_role("link", name=t("Account")).click()
    page.get_by_label(t("Name"), exact=True).fill("Ana Li")
    page.get_by_label(t("Phone")).fill("138 0000 2222")
    page.get_by_label(t("Avatar")).set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": _png()}]
    )
    page.get_by_role("button", name=t("Save profile")).click()
    expect(page.get_by_text(t("Profile saved."))).to_be_visible()
    expect(page.get_by_role("img", name=t("Your picture"))).to_be_visible()
    user.refresh_from_db()
    assert (user.real_name, user.phone) == ("Ana Li", "138 0000 2222") and user.avatar_url.endswith(".jpg")
    shot("profile")
    page.get_by_label(t("Old password")).fill("wrong")
    page.get_by_label(t("New password"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(t("New password confirmation")).fill(NEW_PASSWORD)
    page.get_by_role("button", name=t("Change password")).click()
    expect(page.locator(".has-error .error").first).to_be_visible()
    page.get_by_label(t("Old password")).fill(PASSWORD)
    page.get_by_label(t("New password"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(t("New password confirmation")).fill(NEW_PASSWORD)
    page.get_by_role("button", name=t("Change password")).click()
    expect(page.get_by_text(t("Password changed."))).to_be_visible()  # and still logged in
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    shot("password-changed")


def test_forgotten_password_by_email(page, shot, t):
    user = UserFactory(username="bo", email="bo@example.com")
    page.goto("/account/login/")
    page.get_by_role("link", name=t("Forgot your password?")).click()
    page.get_by_label(t("Email")).fill("bo@example.com")
    page.get_by_role("button", name=t("Send the link")).click()
    expect(page.get_by_role("heading", name=t("Check your email"))).to_be_visible()
    shot("sent")
    (message,) = mail.outbox
    assert message.to == ["bo@example.com"]
    link = re.search(r"https?://\S+/account/password/reset/\S+/", message.body)[0]
    page.goto(link)
    page.get_by_label(t("New password"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(t("New password confirmation")).fill(NEW_PASSWORD)
    shot("choose")
    page.get_by_role("button", name=t("Save the new password")).click()
    expect(page.get_by_role("heading", name=t("Your password is changed"))).to_be_visible()
    page.get_by_role("link", name=t("Log in")).last.click()
    page.get_by_label(t("User name, email or phone")).fill("bo")
    page.get_by_label(t("Password")).fill(NEW_PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()
    expect(page.get_by_text(t("Hi, %(name)s", name="bo"))).to_be_attached()
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    page.goto(link)  # once only
    expect(page.get_by_role("heading", name=t("This link no longer works"))).to_be_visible()


def test_product_page_gallery_and_the_first_screen_on_a_phone(page, context, viewport, shot, t):
    goods = GoodsFactory(title="Lacquer box", price=8800, stock=4)
    for colour in ((200, 40, 40), (40, 160, 40), (40, 40, 200)):
        GoodsImageFactory(goods=goods, image=_jpeg_file(colour))
    page.goto(f"/goods/{goods.pk}/")
    expect(
        page.get_by_role(
            "img", name=t("%(title)s picture %(number)s of %(total)s", title="Lacquer box", number=1, total=3)
        )
    ).to_be_visible()
    shot("product")
    height = page.viewport_size["height"]
    for element in (page.get_by_role("heading", name="Lacquer box"), page.locator("#price"),
                    page.get_by_role("button", name=t("Add to cart"))):  # fmt: skip
        box = element.bounding_box()
        assert box["y"] + box["height"] <= height, f"{element} is below the first screen"
    slides = page.locator(".slides")
    if viewport == "phone":  # a swipe moves to the next picture
        box = slides.bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] - 20, y)
        slides.evaluate("el => el.scrollBy({left: el.clientWidth})")
    else:
        page.get_by_role("link", name=t("Show picture %(number)s", number=2)).click()
    expect(page.locator(".thumbs a").nth(1)).to_have_attribute("aria-current", "")
    assert slides.evaluate("el => Math.round(el.scrollLeft / el.clientWidth)") == 1
    shot("second-picture")


def test_header_cart_count_coupon_centre_and_own_error_pages(page, shot, t):
    goods = GoodsFactory(stock=9)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_label(t("Quantity")).fill("3")
    page.get_by_role("button", name=t("Add to cart")).click()
    expect(page.get_by_role("link", name=re.compile(t("Cart")))).to_contain_text("3")
    page.get_by_role("link", name=t("Coupons")).first.click()
    expect(page.get_by_role("heading", name=t("Coupon centre"))).to_be_visible()
    assert page.evaluate("fetch('/static/favicon.svg').then(r => r.status)") == 200
    page.on("console", lambda msg: None)
    response = page.goto("/goods/999999/")
    assert response.status == 404
    page.console_errors.clear()  # the 404 itself is what this step asks for
    expect(page.get_by_role("heading", name=t("We could not find that page"))).to_be_visible()
    shot("not-found")


def _png():
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (300, 200), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _jpeg_file(colour):
    from django.core.files.base import ContentFile

    from shop.tests.factories import jpeg_bytes

    return ContentFile(jpeg_bytes(size=(300, 300), colour=colour), name="picture.jpg")


def test_wrong_passwords_lock_the_account_with_a_message_that_says_what_to_do(page, shot, settings, monkeypatch, t):
    from shop import limits

    monkeypatch.setattr(limits, "PREFIX", f"limits-{uuid.uuid4().hex}")
    settings.LOGIN_ACCOUNT_FAILURES = 2
    UserFactory(username="cy")
    page.goto("/account/login/")
    for password in ("guess-one", "guess-two", PASSWORD):
        page.get_by_label(t("User name, email or phone")).fill("cy")
        page.get_by_label(t("Password")).fill(password)
        page.get_by_role("button", name=t("Log in")).click()
    wait = t.plural("a minute", "%(minutes)s minutes", 15, minutes=15)
    locked = t(
        "Too many failed sign-ins for this account: please try again in %(wait)s, or reset your password.", wait=wait
    )
    expect(page.get_by_text(locked)).to_be_visible()
    expect(page.get_by_text(t("Hi, %(name)s", name="cy"))).to_have_count(0)
    shot("locked")

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

NEW_PASSWORD = "lantern-by-the-river-42"  # noqa: S105


def test_address_book_validates_chooses_a_default_and_deletes(page, context, shot):
    user = UserFactory()
    AddressFactory(user=user, name="Old place")
    log_in(context, user)
    page.goto("/addresses/")
    expect(page.locator(".field abbr.required")).to_have_count(7)  # required fields are marked
    page.get_by_label("Name", exact=True).fill("Zhang")
    page.get_by_label("Phone").fill("call me")
    page.get_by_label("Province").fill("Henan")
    page.get_by_label("City").fill("Kaifeng")
    page.get_by_label("District").fill("Longting")
    page.get_by_label("Street address").fill("1 Gulou Street")
    page.get_by_label("Postcode").fill("#")
    page.get_by_role("button", name="Save").click()
    phone = page.locator(".field", has=page.get_by_label("Phone"))
    expect(phone.locator(".error")).to_have_text(
        "Enter a phone number of 6 to 20 digits; +, spaces and dashes are allowed."
    )
    expect(page.locator(".field", has=page.get_by_label("Postcode")).locator(".error")).to_contain_text("postcode")
    shot("refused")
    page.get_by_label("Phone").fill("+86 138-0000-1111")
    page.get_by_label("Postcode").fill("475000")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Address saved.")).to_be_visible()
    zhang = Address.objects.get(user=user, name="Zhang")
    page.locator(".address", has_text="Zhang").get_by_role("button", name="Make default").click()
    expect(page.locator(".address").first).to_contain_text("Default")
    assert Address.objects.get(pk=zhang.pk).is_default
    shot("default")
    page.locator(".address", has_text="Old place").get_by_role("button", name=re.compile("Delete")).click()
    expect(page.get_by_text("Address deleted.")).to_be_visible()
    assert list(Address.objects.filter(user=user)) == [zhang]
    shot("deleted")


def test_account_profile_and_password(page, context, shot):
    user = UserFactory(username="ana")
    log_in(context, user)
    page.goto("/")
    page.get_by_role("link", name="Account").click()
    page.get_by_label("Name", exact=True).fill("Ana Li")
    page.get_by_label("Phone").fill("138 0000 2222")
    page.get_by_label("Avatar").set_input_files(files=[{"name": "me.png", "mimeType": "image/png", "buffer": _png()}])
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()
    expect(page.get_by_role("img", name="Your picture")).to_be_visible()
    user.refresh_from_db()
    assert (user.real_name, user.phone) == ("Ana Li", "138 0000 2222") and user.avatar_url.endswith(".jpg")
    shot("profile")
    page.get_by_label("Old password").fill("wrong")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".has-error .error").first).to_be_visible()
    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed.")).to_be_visible()  # and still logged in
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    shot("password-changed")


def test_forgotten_password_by_email(page, shot):
    user = UserFactory(username="bo", email="bo@example.com")
    page.goto("/account/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("bo@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    shot("sent")
    (message,) = mail.outbox
    assert message.to == ["bo@example.com"]
    link = re.search(r"https?://\S+/account/password/reset/\S+/", message.body)[0]
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    shot("choose")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Your password is changed")).to_be_visible()
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("User name, email or phone").fill("bo")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Hi, bo")).to_be_attached()
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    page.goto(link)  # once only
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()


def test_product_page_gallery_and_the_first_screen_on_a_phone(page, context, viewport, shot):
    goods = GoodsFactory(title="Lacquer box", price=8800, stock=4)
    for colour in ((200, 40, 40), (40, 160, 40), (40, 40, 200)):
        GoodsImageFactory(goods=goods, image=_jpeg_file(colour))
    page.goto(f"/goods/{goods.pk}/")
    expect(page.get_by_role("img", name="Lacquer box picture 1 of 3")).to_be_visible()
    shot("product")
    height = page.viewport_size["height"]
    for element in (page.get_by_role("heading", name="Lacquer box"), page.locator("#price"),
                    page.get_by_role("button", name="Add to cart")):  # fmt: skip
        box = element.bounding_box()
        assert box["y"] + box["height"] <= height, f"{element} is below the first screen"
    slides = page.locator(".slides")
    if viewport == "phone":  # a swipe moves to the next picture
        box = slides.bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] - 20, y)
        slides.evaluate("el => el.scrollBy({left: el.clientWidth})")
    else:
        page.get_by_role("link", name="Show picture 2").click()
    expect(page.locator(".thumbs a").nth(1)).to_have_attribute("aria-current", "")
    assert slides.evaluate("el => Math.round(el.scrollLeft / el.clientWidth)") == 1
    shot("second-picture")


def test_header_cart_count_coupon_centre_and_own_error_pages(page, shot):
    goods = GoodsFactory(stock=9)
    page.goto(f"/goods/{goods.pk}/")
    page.get_by_label("Quantity").fill("3")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_role("link", name=re.compile("Cart"))).to_contain_text("3")
    page.get_by_role("link", name="Coupons").first.click()
    expect(page.get_by_role("heading", name="Coupon centre")).to_be_visible()
    assert page.evaluate("fetch('/static/favicon.svg').then(r => r.status)") == 200
    page.on("console", lambda msg: None)
    response = page.goto("/goods/999999/")
    assert response.status == 404
    page.console_errors.clear()  # the 404 itself is what this step asks for
    expect(page.get_by_role("heading", name="We could not find that page")).to_be_visible()
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


def test_wrong_passwords_lock_the_account_with_a_message_that_says_what_to_do(page, shot, settings, monkeypatch):
    from shop import limits

    monkeypatch.setattr(limits, "PREFIX", f"limits-{uuid.uuid4().hex}")
    settings.LOGIN_ACCOUNT_FAILURES = 2
    UserFactory(username="cy")
    page.goto("/account/login/")
    for password in ("guess-one", "guess-two", PASSWORD):
        page.get_by_label("User name, email or phone").fill("cy")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Too many failed sign-ins for this account: please try again in 15 minutes, "
                            "or reset your password.")).to_be_visible()  # fmt: skip
    expect(page.get_by_text("Hi, cy")).to_have_count(0)
    shot("locked")

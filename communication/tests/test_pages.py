"""The shopper's custom-order pages, server side: the form built from the fields staff defined, a refusal
next to its input with nothing kept, only my requests, the thread's poll, cancelling and accepting. The
browser journey (tests/browser/test_custom_orders.py) walks them with scripts on."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from communication import services
from communication.models import CustomOrder, FormField, Message
from config.api import ApiError
from orders.models import Order
from orders.tests.factories import AddressFactory
from shop.models import Attachment
from shop.tests.factories import GoodsFactory, UserFactory, add_skus

pytestmark = pytest.mark.django_db


def png(name="p.png"):
    out = BytesIO()
    Image.new("RGB", (30, 20), "blue").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def shopper(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def fields(db):
    FormField.objects.create(name="Size", field_name="size", type="radio", required=True, content="S\nM", sort=1)
    FormField.objects.create(name="Width (cm)", field_name="width", type="number", sort=2)
    FormField.objects.create(name="Colours", field_name="colours", type="checkbox", content="red\nblue", sort=3)
    FormField.objects.create(name="Wood", field_name="wood", type="select", content="oak\nash", sort=4)
    FormField.objects.create(name="Your sketch", field_name="sketch", type="image", sort=5)
    FormField.objects.create(name="Notes", field_name="notes", type="textarea", sort=6)


def ask(user, **changes):
    return services.create(user=user, goods_id=changes.pop("goods", None) or GoodsFactory().pk, title="Hall lamp",
                           content="Round", **changes)  # fmt: skip


def test_the_form_has_each_defined_field_as_its_input(shopper, fields):
    page = shopper.get(f"/custom/new/{GoodsFactory().pk}/").content.decode()
    assert 'type="radio" name="extra_size" value="M" required' in page
    assert 'type="number" name="extra_width"' in page
    assert 'type="checkbox" name="extra_colours" value="blue"' in page
    assert '<select name="extra_wood"' in page and '<option value="ash">' in page
    assert 'type="file" name="extra_sketch" accept="image/jpeg' in page
    assert '<textarea name="extra_notes"' in page and 'type="file" name="pictures"' in page


def test_a_request_keeps_its_fields_and_pictures_and_opens_its_thread(shopper, user, fields):
    goods = GoodsFactory()
    answer = shopper.post(f"/custom/new/{goods.pk}/", {
        "title": "Hall lamp", "content": "Round, paper", "phone": "", "extra_size": "M", "extra_width": "40.5",
        "extra_colours": ["red", "blue"], "extra_wood": "", "extra_notes": "", "pictures": [png(), png("b.png")],
        "extra_sketch": png("sketch.png"),
    })  # fmt: skip
    custom_order = CustomOrder.objects.get()
    assert answer.headers["Location"] == f"/custom/{custom_order.pk}/"
    assert (custom_order.user, custom_order.goods, custom_order.images.count()) == (user, goods, 2)
    sketch = Attachment.objects.get(file_name="sketch.png")
    assert custom_order.extra == {"size": "M", "width": "40.5", "colours": ["red", "blue"], "sketch": sketch.file.url}
    page = shopper.get(answer.headers["Location"]).content.decode()
    assert "Width (cm)" in page and "40.5" in page and "red, blue" in page and sketch.file.url in page


def test_a_refused_request_shows_why_by_its_input_and_keeps_no_picture(shopper, fields, monkeypatch):
    def refuse(**kwargs):
        raise ApiError("order_extra.width: a number, please")

    monkeypatch.setattr(services, "create", refuse)
    page = shopper.post(f"/custom/new/{GoodsFactory().pk}/", {"title": "Lamp", "content": "Round",
                                                              "extra_size": "S", "pictures": [png()]})  # fmt: skip
    assert page.status_code == 200
    assert page.context["form"].errors == {"extra_width": ["a number, please"]}
    assert not Attachment.objects.exists()


def test_the_form_says_what_is_missing(shopper, fields):
    page = shopper.post(f"/custom/new/{GoodsFactory().pk}/", {"title": "", "content": "Round"})
    assert set(page.context["form"].errors) == {"title", "extra_size"}
    assert not CustomOrder.objects.exists()


def test_pages_show_only_my_requests(client, fields):
    theirs = ask(UserFactory(), extra={"size": "S"})
    client.force_login(UserFactory())
    assert "Hall lamp" not in client.get("/custom/").content.decode()
    for path in ("", "messages/", "accept/"):
        assert client.get(f"/custom/{theirs.pk}/{path}").status_code == 404
    assert client.post(f"/custom/{theirs.pk}/", {"text": "mine now"}).status_code == 404
    client.post(f"/custom/{theirs.pk}/cancel/")
    assert CustomOrder.objects.get().status == CustomOrder.Status.PENDING and not Message.objects.exists()


def test_pages_need_a_login(client):
    goods = GoodsFactory()
    assert client.get(f"/custom/new/{goods.pk}/").headers["Location"].startswith("/account/login/?next=/custom/new/")


def test_a_message_and_a_picture_from_the_thread_page(shopper, user):
    custom_order = ask(user)
    shopper.post(f"/custom/{custom_order.pk}/", {"text": "Can it be blue?", "picture": png()})
    sent = list(custom_order.messages.values_list("sender_kind", "sender", "type"))
    assert sent == [("user", user.pk, "image"), ("user", user.pk, "text")]
    empty = shopper.post(f"/custom/{custom_order.pk}/", {"text": " "})
    assert empty.context["form"].non_field_errors() == ["Write a message or choose a picture."]


def test_the_poll_brings_what_is_new_and_reads_it(shopper, user, django_assert_num_queries):
    custom_order = ask(user)
    keeper = UserFactory(is_staff=True)
    first = services.staff_message(staff=keeper, pk=custom_order.pk, content="Which size?")
    services.quote(staff=keeper, pk=custom_order.pk, price=39900, text="Blue, 40 cm")
    with django_assert_num_queries(6):  # session, user, the request, marking read, the latest quote, the thread
        answer = shopper.get(f"/custom/{custom_order.pk}/messages/", {"after": first.pk}).json()
    assert (answer["status"], answer["status_label"]) == (2, "quoted")
    (quote,) = answer["messages"]
    assert "¥399.00" in quote["html"] and f"/custom/{custom_order.pk}/accept/" in quote["html"]
    assert not Message.objects.filter(read_by_user=False).exists()
    assert shopper.get(f"/custom/{custom_order.pk}/messages/", {"after": "x"}).json()["messages"][0]["id"] == first.pk


def test_i_cancel_my_open_request_and_can_write_no_more(shopper, user):
    custom_order = ask(user)
    shopper.post(f"/custom/{custom_order.pk}/cancel/")
    custom_order.refresh_from_db()
    assert custom_order.status == CustomOrder.Status.CANCELLED
    page = shopper.get(f"/custom/{custom_order.pk}/").content.decode()
    assert "This request was cancelled." in page and 'id="write"' not in page
    again = shopper.post(f"/custom/{custom_order.pk}/cancel/", follow=True).content.decode()
    assert "Item: only an open request can be cancelled" in again


def test_accepting_a_quote_through_the_checkout(shopper, user):
    goods = GoodsFactory(price=9900, stock=3)
    custom_order = ask(user, goods=goods.pk)
    address = AddressFactory(user=user, is_default=True)
    refused = shopper.get(f"/custom/{custom_order.pk}/accept/", follow=True).content.decode()
    assert "Only a quoted request for a product on sale can be accepted." in refused
    services.quote(staff=UserFactory(is_staff=True), pk=custom_order.pk, price=39900, text="Blue, 40 cm")
    page = shopper.get(f"/custom/{custom_order.pk}/accept/").content.decode()
    assert "Blue, 40 cm" in page and "¥399.00" in page
    placed = shopper.post(f"/custom/{custom_order.pk}/accept/", {"place": "1", "address": address.pk,
                                                                 "amount": "39900", "coupon_code_id": ""})  # fmt: skip
    order = Order.objects.get()
    assert placed.headers["Location"] == f"/orders/{order.order_id}/"
    assert (order.amount, order.user, CustomOrder.objects.get().order) == (39900, user, order)


def test_accepting_a_product_with_options_takes_the_option_picked(shopper, user):
    goods = GoodsFactory()
    small, large = add_skus(goods, {"Size": ["S", "L"]}, stock=2)
    small.stock = 0
    small.save(update_fields=["stock"])
    custom_order = ask(user, goods=goods.pk)
    services.quote(staff=UserFactory(is_staff=True), pk=custom_order.pk, price=20000, text="Large")
    page = shopper.get(f"/custom/{custom_order.pk}/accept/").content.decode()
    assert f'value="{large.pk}" checked' in page and f'value="{small.pk}"  disabled' in page
    address = AddressFactory(user=user)
    shopper.post(f"/custom/{custom_order.pk}/accept/", {"place": "1", "address": address.pk, "sku_id": large.pk})
    assert list(Order.objects.get().details.values_list("sku_id", "price")) == [(large.pk, 20000)]


def test_a_request_page_costs_the_same_for_any_thread(shopper, user, fields, django_assert_num_queries):
    from shop import uploads

    custom_order = ask(user, extra={"size": "S"}, image_ids=[uploads.save_image(png(), user=user).pk])
    keeper = UserFactory(is_staff=True)
    for n in range(5):
        services.staff_message(staff=keeper, pk=custom_order.pk, content=f"reply {n}")
    services.add_pictures(staff=keeper, pk=custom_order.pk, kind="sketch_images",
                          attachments=[uploads.save_image(png(), user=keeper) for _n in range(3)])  # fmt: skip
    # session, user, the request, its pictures, sketches, finished, marking read, the form's fields, the
    # header's cart count and categories, the thread: none per message or picture (no quote: none is looked for)
    with django_assert_num_queries(11):
        page = shopper.get(f"/custom/{custom_order.pk}/").content.decode()
    assert page.count('class="message from-staff') == 8

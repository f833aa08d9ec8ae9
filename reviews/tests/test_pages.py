"""The review page's refusals (its journey is tests/browser/test_reviews.py): the form shows why, and
nothing is kept of a refused review, not even its pictures."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from orders.status import OrderStatus
from orders.tests.factories import place_order
from reviews.models import Review
from shop.models import Attachment
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return default_storage


def png(name="p.png"):
    out = BytesIO()
    Image.new("RGB", (50, 50), "teal").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), "image/png")


@pytest.fixture
def bought(client, user):
    client.force_login(user)
    goods = GoodsFactory()
    return goods, place_order(user, goods, status=OrderStatus.FINISHED)


def write(client, order, goods, **fields):
    body = {"score": "5", "content": "Good", **fields}
    return client.post(f"/reviews/write/{order.order_id}/{goods.pk}/", body)


def test_a_file_that_is_no_picture_is_refused_on_the_form(client, bought):
    goods, order = bought
    page = write(client, order, goods, pictures=[SimpleUploadedFile("x.jpg", b"not a picture")])
    assert page.status_code == 200 and "Pictures: not an image, or a damaged one" in page.content.decode()
    assert (Review.objects.count(), Attachment.objects.count()) == (0, 0)


def test_a_second_review_of_the_same_line_keeps_none_of_its_pictures(client, bought, storage):
    goods, order = bought
    assert write(client, order, goods, pictures=[png()]).status_code == 302
    kept = sorted(storage.listdir("uploads")[0])
    page = write(client, order, goods, pictures=[png(), png()])
    assert "you have already reviewed this product of this order" in page.content.decode()
    assert (Review.objects.count(), Attachment.objects.count()) == (1, 1)
    folder = f"uploads/{kept[0]}"
    assert len(storage.listdir(folder)[1]) == 2  # the first review's picture and its thumbnail only


def test_someone_elses_order_or_a_product_not_in_it_is_not_found(client, bought):
    goods, order = bought
    theirs = place_order(UserFactory(), goods, status=OrderStatus.FINISHED)
    assert write(client, theirs, goods).status_code == 404
    assert write(client, order, GoodsFactory()).status_code == 404
    assert Review.objects.count() == 0


def test_the_page_asks_a_guest_to_sign_in(client_api):
    from django.test import Client

    goods = GoodsFactory()
    order = place_order(UserFactory(), goods, status=OrderStatus.FINISHED)
    answer = Client().get(f"/reviews/write/{order.order_id}/{goods.pk}/")
    assert answer.status_code == 302 and "/account/login/" in answer["Location"]

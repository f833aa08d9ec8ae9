"""Reviews (spec section 11): published as pending, shown once approved, tied only to my completed
orders of the product, once per product per order; moderation keeps the product's counts right."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import race
from orders.status import OrderStatus
from orders.tests.factories import place_order
from reviews import services
from reviews.models import Review
from shop import uploads
from shop.models import Goods
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db

FINISHED = OrderStatus.FINISHED


def picture(**owner):
    out = BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "PNG")
    return uploads.save_image(SimpleUploadedFile("p.png", out.getvalue()), **owner)


def publish(client, **fields):
    """The body as an AnQiCMS client sends it: every documented field, zero-valued when unused."""
    body = {"archive_id": 0, "content": "", "score": 0, "images": [], "order_id": "", "user_name": "", "email": "",
            **fields}  # fmt: skip
    return client.post("/api/review/publish", body, format="json").json()


def listed(client, **query):
    return client.get("/api/review/list", query).json()


@pytest.fixture
def bought(user):
    goods = GoodsFactory(title="Tea bowl")
    return goods, place_order(user, goods, status=FINISHED)


def test_a_buyer_reviews_a_completed_order_with_pictures_shown_once_approved(api, client_api, user, bought):
    goods, order = bought
    photo = picture(user=user)
    answer = publish(api, archive_id=goods.pk, content="Lovely glaze", score=4, images=[photo.pk],
                     order_id=order.order_id)  # fmt: skip
    assert answer["code"] == 0, answer
    data = answer["data"]
    assert (data["status"], data["order_id"], data["user_name"]) == (0, order.order_id, user.username)
    assert data["archive_id"] == goods.pk
    assert data["images"] == [f"http://testserver{photo.file.url}"]
    assert listed(client_api, archive_id=goods.pk)["data"] == []  # pending: not shown
    assert services.moderate([data["id"]], Review.Status.APPROVED) == 1
    shown = listed(client_api, archive_id=goods.pk)
    assert (shown["total"], [r["content"] for r in shown["data"]]) == (1, ["Lovely glaze"])
    assert shown["data"][0]["status"] == 1 and shown["data"][0]["images"] == data["images"]
    goods.refresh_from_db()
    assert (goods.review_count, goods.review_score_total, goods.review_score) == (1, 4, 4.0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"score": 0}, "score: Ensure this value is greater than or equal to 1."),
        ({"score": 6}, "score: Ensure this value is less than or equal to 5."),
        ({"content": "  "}, "content: This field may not be blank."),
        ({"archive_id": 999_999}, "archive_id: product not found"),
        ({"order_id": "202612010000000001"}, "order_id: order not found"),
        ({"images": list(range(1, 11))}, "images: Ensure this field has no more than 9 elements."),
        ({"images": "1"}, 'images: Expected a list of items but got type "str".'),
    ],
)
def test_bad_input_is_a_clear_error(api, bought, fields, message):
    goods, order = bought
    body = {"archive_id": goods.pk, "content": "Fine", "score": 5, "order_id": order.order_id, **fields}
    assert publish(api, **body) == {"code": -1, "msg": message, "data": None}
    assert Review.objects.count() == 0


def test_only_my_completed_orders_of_the_product_once_each(api, user, bought):
    goods, order = bought
    other_goods = GoodsFactory()
    waiting = place_order(user, goods)
    someone_elses = place_order(UserFactory(), goods, status=FINISHED)
    refusals = [
        ({"archive_id": other_goods.pk, "order_id": order.order_id}, "archive_id: this order has no such product"),
        ({"order_id": waiting.order_id}, "order_id: an order can be reviewed once it is completed"),
        ({"order_id": someone_elses.order_id}, "order_id: order not found"),  # never says it exists
    ]
    for fields, message in refusals:
        body = {"archive_id": goods.pk, "content": "Fine", "score": 5, **fields}
        assert publish(api, **body)["msg"] == message
    assert publish(api, archive_id=goods.pk, content="Fine", score=5, order_id=order.order_id)["code"] == 0
    again = publish(api, archive_id=goods.pk, content="Again", score=1, order_id=order.order_id)
    assert again["msg"] == "order_id: you have already reviewed this product of this order"
    assert Review.objects.count() == 1


def test_only_my_own_uploads_are_attached(api, bought):
    goods, order = bought
    theirs = picture(user=UserFactory())
    answer = publish(api, archive_id=goods.pk, content="Fine", score=5, order_id=order.order_id, images=[theirs.pk])
    assert (answer["msg"], Review.objects.count()) == ("images: only pictures you uploaded can be attached", 0)


def test_a_guest_reviews_by_name_with_their_own_pictures(client_api):
    goods = GoodsFactory()
    client_api.credentials(HTTP_CART="guest-token-1")
    assert publish(client_api, archive_id=goods.pk, content="Nice", score=5)["msg"] == (
        "user_name: a guest's review needs a name"
    )
    assert publish(client_api, archive_id=goods.pk, content="Nice", score=5, user_name="Lin",
                   order_id="202612010000000001")["msg"] == "order_id: sign in to review an order"  # fmt: skip
    stranger = picture(guest_token="guest-token-2")
    assert publish(client_api, archive_id=goods.pk, content="Nice", score=5, user_name="Lin",
                   images=[stranger.pk])["msg"] == "images: only pictures you uploaded can be attached"  # fmt: skip
    own = picture(guest_token="guest-token-1")
    answer = publish(client_api, archive_id=goods.pk, content="Nice", score=5, user_name=" Lin ", images=[own.pk])
    assert answer["code"] == 0 and Review.objects.get().user_name == "Lin" and Review.objects.get().user is None


def test_the_list_filters_sorts_and_pages_both_ways(client_api, django_assert_num_queries):
    goods, other = GoodsFactory(), GoodsFactory()
    writer = UserFactory()
    made = [Review.objects.create(goods=goods, user=writer if n % 2 else None, user_name=f"n{n}", score=n % 5 + 1,
                                  content=f"review {n}", status=Review.Status.APPROVED) for n in range(12)]  # fmt: skip
    made[3].images.set([picture(user=writer), picture(user=writer)])
    Review.objects.create(goods=goods, user_name="hidden", score=1, content="pending")
    Review.objects.create(goods=other, user_name="other", score=1, content="other", status=Review.Status.APPROVED)
    Review.objects.create(goods=goods, user_name="no", score=1, content="rejected", status=Review.Status.REJECTED)
    with django_assert_num_queries(2):  # the page with the count of all, its pictures
        first = listed(client_api, archive_id=goods.pk, current=2, pageSize=5)
    assert (first["total"], [r["id"] for r in first["data"]]) == (12, [r.pk for r in made[::-1][5:10]])
    assert len(first["data"][3]["images"]) == 2  # made[3]
    third = listed(client_api, archive_id=goods.pk, current=3, pageSize=5)["data"]
    assert listed(client_api, id=goods.pk, page=3, limit=5)["data"] == third and len(third) == 2
    assert listed(client_api, id=goods.pk, user_id=writer.pk)["total"] == 6
    by_score = listed(client_api, archive_id=goods.pk, order="score desc", pageSize=100)["data"]
    assert [r["score"] for r in by_score] == sorted((r.score for r in made), reverse=True)
    assert listed(client_api, archive_id=goods.pk, order="views desc")["code"] == -1
    assert listed(client_api, archive_id="x")["msg"] == "archive_id: A valid integer is required."


def counts(goods):
    goods.refresh_from_db()
    return goods.review_count, goods.review_score_total


def test_moderation_moves_the_counts_only_when_being_shown_changes():
    goods = GoodsFactory()
    five, two = (Review.objects.create(goods=goods, user_name="a", score=s, content="x") for s in (5, 2))
    assert services.moderate([five.pk, two.pk], Review.Status.APPROVED) == 2
    assert counts(goods) == (2, 7)
    assert services.moderate([five.pk], Review.Status.APPROVED) == 0  # already shown: nothing moves
    assert counts(goods) == (2, 7)
    assert services.moderate([five.pk], Review.Status.REJECTED) == 1
    assert counts(goods) == (1, 2)
    assert services.moderate([two.pk, five.pk], Review.Status.PENDING) == 2
    assert counts(goods) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_two_staff_moderating_at_once_leave_the_counts_right(postgres_only):
    goods = GoodsFactory()
    reviews = [Review.objects.create(goods=goods, user_name=f"r{n}", score=n % 5 + 1, content="x") for n in range(20)]
    ids = [review.pk for review in reviews]
    for _round in range(3):
        race(lambda: services.moderate(ids, Review.Status.APPROVED), lambda: services.moderate(ids[::-1],
             Review.Status.APPROVED), lambda: services.moderate(ids[:10], Review.Status.REJECTED))  # fmt: skip
        shown = Review.objects.filter(goods=goods, status=Review.Status.APPROVED)
        assert counts(goods) == (shown.count(), sum(review.score for review in shown))
        race(*[lambda: services.moderate(ids, Review.Status.REJECTED)] * 3)
        assert counts(goods) == (0, 0)
    assert Goods.objects.get(pk=goods.pk).review_count == 0

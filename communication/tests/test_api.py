"""Custom orders through the API (spec section 10), as an AnQiCMS client calls it: every endpoint mine
only, ``order_extra`` checked field by field, the sender never taken from the body."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from communication import services
from communication.models import CustomOrder, FormField, Message
from shop import uploads
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fields(db):
    FormField.objects.create(name="Size", field_name="size", type="select", required=True, content="S\nM\nL", sort=1)
    FormField.objects.create(name="Width (cm)", field_name="width", type="number", sort=2)
    FormField.objects.create(name="Colours", field_name="colours", type="checkbox", content="red\nblue", sort=3)
    FormField.objects.create(name="Sketch", field_name="sketch", type="image", sort=4)
    FormField.objects.create(name="Notes", field_name="notes", type="textarea", sort=5)


def picture(user):
    out = BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PNG")
    return uploads.save_image(SimpleUploadedFile("p.png", out.getvalue()), user=user)


def create(client, **fields):
    """Every documented field, zero-valued when unused."""
    body = {"archive_id": GoodsFactory().pk, "title": "A lamp for the hall", "content": "Round, paper, 40 cm",
            "phone": "", "images": [], "order_extra": {"size": "M"}, **fields}  # fmt: skip
    return client.post("/api/communication/order/create", body, format="json").json()


def get(client, path, **query):
    return client.get(f"/api/communication/{path}", query).json()


def test_the_fields_as_staff_defined_them(client_api):
    data = get(client_api, "fields")["data"]
    assert [f["field_name"] for f in data] == ["size", "width", "colours", "sketch", "notes"]
    assert data[0] == {"name": "Size", "field_name": "size", "type": "select", "required": True, "content": "S\nM\nL"}


def test_a_request_is_created_with_its_fields_pictures_and_waits_for_the_shop(api, user):
    photo = picture(user)
    answer = create(api, images=[photo.pk], phone="13800000000",
                    order_extra={"size": "L", "width": "40.5", "colours": ["blue", "red", "blue"], "sketch": photo.pk,
                                 "notes": " round ", "unknown": "dropped"})  # fmt: skip
    assert answer["code"] == 0, answer
    data = answer["data"]
    assert (data["status"], data["user_id"], data["quote_price"], data["order_id"]) == (0, user.pk, 0, "")
    assert data["order_extra"] == {"size": "L", "width": "40.5", "colours": ["blue", "red"],
                                   "sketch": photo.file.url, "notes": "round"}  # fmt: skip
    assert data["images"] == [f"http://testserver{photo.file.url}"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "order_extra.size: required"),
        ({"size": "XL"}, "order_extra.size: choose among: S, M, L"),
        ({"size": "M", "width": "wide"}, "order_extra.width: a number, please"),
        ({"size": "M", "width": True}, "order_extra.width: a number, please"),
        ({"size": "M", "width": "NaN"}, "order_extra.width: a number, please"),
        ({"size": "M", "colours": ["green"]}, "order_extra.colours: choose among: red, blue"),
        ({"size": "M", "sketch": "http://elsewhere/x.png"}, "order_extra.sketch: the id of a picture you uploaded"),
        ({"size": {"nested": 1}}, "order_extra.size: text, please"),
        ({"size": "M", "notes": "x" * 5001}, "order_extra.notes: too long"),
        ([1, 2], "order_extra: an object of the form's fields"),
    ],
)
def test_order_extra_is_checked_field_by_field(api, extra, message):
    assert create(api, order_extra=extra) == {"code": -1, "msg": message, "data": None}
    assert CustomOrder.objects.count() == 0


def test_someone_elses_picture_is_refused_as_an_image_or_a_field(api):
    theirs = picture(UserFactory())
    assert create(api, images=[theirs.pk])["msg"] == "images: only pictures you uploaded can be attached"
    assert create(api, order_extra={"size": "S", "sketch": theirs.pk})["msg"] == (
        "order_extra.sketch: the id of a picture you uploaded"
    )


def test_every_endpoint_is_mine_only(api, other_api):
    pk = create(api)["data"]["id"]
    assert get(other_api, "order/detail", id=pk) == {"code": -1, "msg": "id: request not found", "data": None}
    assert get(other_api, "messages", comm_order_id=pk)["msg"] == "comm_order_id: request not found"
    assert other_api.post("/api/communication/order/update", {"id": pk, "title": "Mine now"},
                          format="json").json()["msg"] == "id: request not found"  # fmt: skip
    sent = other_api.post("/api/communication/message/send", {"comm_order_id": pk, "message_type": "text",
                                                              "content": "hi"}, format="json").json()  # fmt: skip
    assert sent["msg"] == "comm_order_id: request not found"
    assert get(other_api, "orders")["total"] == 0
    assert CustomOrder.objects.get().title == "A lamp for the hall" and Message.objects.count() == 0


@pytest.mark.parametrize("path", ["orders", "order/detail?id=1", "messages?comm_order_id=1"])
def test_needs_login(client_api, path):
    assert client_api.get(f"/api/communication/{path}").json()["code"] == 1001


def test_the_sender_is_the_caller_never_the_body(api, user, staff):
    pk = create(api)["data"]["id"]
    body = {"comm_order_id": pk, "message_type": "text", "content": "Can it be blue?", "sender_type": "staff",
            "sender_kind": "staff", "user_id": UserFactory().pk, "sender": 1}  # fmt: skip
    data = api.post("/api/communication/message/send", body, format="json").json()["data"]
    assert (data["sender_type"], data["user_id"]) == ("user", user.pk)
    quote = api.post("/api/communication/message/send", {"comm_order_id": pk, "message_type": "quote",
                                                         "content": "¥1"}, format="json").json()  # fmt: skip
    assert quote["msg"] == "message_type: only the shop sends quotes"
    assert CustomOrder.objects.get().status == CustomOrder.Status.PENDING


def test_a_staff_reply_and_quote_move_the_request_and_show_unread_until_read(api):
    pk = create(api)["data"]["id"]
    keeper = UserFactory(is_staff=True)
    services.staff_message(staff=keeper, pk=pk, content="Yes, in blue too.")
    assert get(api, "orders")["data"][0]["unread"] == 1
    services.quote(staff=keeper, pk=pk, price=39900, text="Blue paper lamp, 40 cm, two weeks")
    listed = get(api, "orders")["data"][0]
    assert (listed["status"], listed["quote_price"], listed["unread"]) == (2, 39900, 2)
    detail = get(api, "order/detail", id=pk)["data"]
    assert [m["message_type"] for m in detail["messages"]] == ["text", "quote"]
    assert detail["quote_content"] == "Blue paper lamp, 40 cm, two weeks"
    assert detail["order_fields"][0]["field_name"] == "size"
    assert get(api, "orders")["data"][0]["unread"] == 0  # the detail read them


def test_a_change_withdraws_a_quote_and_nothing_changes_once_closed(api):
    pk = create(api)["data"]["id"]
    keeper = UserFactory(is_staff=True)
    services.quote(staff=keeper, pk=pk, price=10000, text="Done in a week")
    update = {"id": pk, "title": "", "content": "Make it 50 cm", "order_extra": None}
    data = api.post("/api/communication/order/update", update, format="json").json()["data"]
    assert (data["status"], data["content"], data["title"]) == (1, "Make it 50 cm", "A lamp for the hall")
    bad = api.post("/api/communication/order/update", {**update, "order_extra": {"size": "XXL"}}, format="json")
    assert bad.json()["msg"] == "order_extra.size: choose among: S, M, L"
    CustomOrder.objects.filter(pk=pk).update(status=CustomOrder.Status.CANCELLED)
    closed = api.post("/api/communication/order/update", update, format="json").json()
    assert closed["msg"] == "id: this request can no longer be changed"
    message = {"comm_order_id": pk, "message_type": "text", "content": "hello?"}
    assert api.post("/api/communication/message/send", message, format="json").json()["msg"] == (
        "comm_order_id: this request is closed"
    )
    assert Message.objects.filter(custom_order_id=pk).count() == 1  # the quote's


def test_lists_page_both_ways(api):
    for n in range(7):
        create(api, title=f"Request {n}")
    pk = CustomOrder.objects.order_by("id").last().pk
    for n in range(7):
        services.send_message(user=CustomOrder.objects.get(pk=pk).user, pk=pk, message_type="text", content=f"m{n}")
    first = get(api, "orders", current=2, pageSize=3)
    assert (first["total"], [r["title"] for r in first["data"]]) == (7, ["Request 3", "Request 2", "Request 1"])
    assert get(api, "orders", page=2, page_size=3)["data"] == first["data"]
    thread = get(api, "messages", comm_order_id=pk, page=3, page_size=3)
    assert (thread["total"], [m["content"] for m in thread["data"]]) == (7, ["m6"])
    assert get(api, "messages", comm_order_id=pk, current=3, pageSize=3)["data"] == thread["data"]


@pytest.fixture
def quoted(api, user):
    from orders.tests.factories import ADDRESS

    goods = GoodsFactory(title="Paper lamp", price=9900, stock=5)
    pk = create(api, archive_id=goods.pk)["data"]["id"]
    services.quote(staff=UserFactory(is_staff=True), pk=pk, price=39900, text="Blue, 40 cm")
    return pk, goods, ADDRESS


def accept(client, **body):
    return client.post("/api/communication/order/accept", body, format="json").json()


def test_accepting_a_quote_makes_a_normal_order_at_the_quoted_price_once(api, user, quoted):
    from orders.models import Order

    pk, goods, address = quoted
    answer = accept(api, id=pk, address=address, remark="", coupon_code="", coupon_code_id=0, coupon_id=0)
    assert answer["code"] == 0, answer
    order = Order.objects.get(order_id=answer["data"]["order_id"])
    assert (order.user, order.status, order.amount, order.origin_amount) == (user, 0, 39900, 39900)
    assert list(order.details.values_list("goods_id", "price", "quantity")) == [(goods.pk, 39900, 1)]
    assert order.address_snapshot["name"] == address["name"] and order.remark == "A lamp for the hall"
    detail = get(api, "order/detail", id=pk)["data"]
    assert (detail["status"], detail["order_id"]) == (3, order.order_id)
    assert detail["messages"][-1]["sender_type"] == "system"
    again = accept(api, id=pk, address=address)
    assert again["msg"] == "id: only a quoted request can be accepted"
    assert Order.objects.count() == 1


def test_the_seeds_accept_body_names_no_request_only_the_product(api, quoted):
    pk, goods, address = quoted
    seed = {"goods_id": goods.pk, "quantity": 1, "type": "goods", "remark": "定制商品订单"}  # the seed's example
    answer = accept(api, **seed, address=address)
    assert answer["code"] == 0 and answer["data"]["remark"] == "定制商品订单" and answer["data"]["amount"] == 39900
    assert CustomOrder.objects.get(pk=pk).status == CustomOrder.Status.ACCEPTED
    assert accept(api, **seed)["msg"] == "id: which request? None of yours for this product is quoted"


def test_only_a_quoted_request_of_mine_is_accepted(api, other_api, quoted):
    pk, _goods, address = quoted
    assert accept(other_api, id=pk, address=address)["msg"] == "id: request not found"
    waiting = create(api)["data"]["id"]
    assert accept(api, id=waiting, address=address)["msg"] == "id: only a quoted request can be accepted"
    assert accept(api, address=address)["msg"] == "id: which request to accept"


@pytest.mark.django_db(transaction=True)
def test_two_accepts_at_once_make_one_order(postgres_only):
    from conftest import race
    from orders.models import Order
    from orders.tests.factories import ADDRESS

    buyer = UserFactory()
    goods = GoodsFactory(price=9900, stock=5)
    FormField.objects.all().delete()
    custom_order = services.create(user=buyer, goods_id=goods.pk, title="Lamp", content="Round")
    services.quote(staff=UserFactory(is_staff=True), pk=custom_order.pk, price=39900, text="Blue")
    results = race(*[lambda: services.accept(user=buyer, pk=custom_order.pk, address=ADDRESS)] * 4)
    orders = [result for result in results if isinstance(result, Order)]
    assert len(orders) == 1  # the others: the same order by its key, then refused as already accepted
    assert Order.objects.count() == 1 and CustomOrder.objects.get().order == orders[0]
    assert all(isinstance(r, Order) or "only a quoted request" in str(r) for r in results)


def test_the_quote_is_the_price_a_coupon_still_applies_and_no_member_discount(api, user, quoted):
    from coupons.tests.factories import CodeFactory, CouponFactory
    from shop.tests.factories import UserGroupFactory

    pk, _goods, address = quoted
    user.parent = UserFactory(group=UserGroupFactory(discount=10))  # invited by a member: 10% off list prices
    user.save(update_fields=["parent"])
    code = CodeFactory(user=user, coupon=CouponFactory(money=5000))
    data = accept(api, id=pk, address=address, coupon_code_id=code.pk)["data"]
    assert (data["origin_amount"], data["discount_amount"], data["amount"]) == (39900, 5000, 34900)

"""Staff answer a request in the admin: a reply and a quote in yuan from its page, which is its thread;
the list shows what is unread."""

import pytest

from communication.models import CustomOrder, Message
from conftest import logged_in_client
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(db):
    custom_order = CustomOrder.objects.create(user=UserFactory(), goods=GoodsFactory(), title="Hall lamp",
                                              content="Round, 40 cm", extra={"size": "M"})  # fmt: skip
    Message.objects.create(custom_order=custom_order, sender_kind="user", sender=custom_order.user, content="Blue?")
    return custom_order


def test_the_list_shows_unread_messages_and_the_page_reads_them(staff, request_):
    listing = staff.get("/admin/communication/customorder/?status__exact=0").content.decode()
    assert "Hall lamp" in listing and 'class="field-unread_messages">1<' in listing
    page = staff.get(f"/admin/communication/customorder/{request_.pk}/change/").content.decode()
    assert "Blue?" in page and "size: M" in page
    assert not Message.objects.filter(read_by_staff=False).exists()


def test_a_reply_and_a_quote_in_yuan_from_the_request_page(staff, request_):
    page = f"/admin/communication/customorder/{request_.pk}/change/"
    staff.post(page, {"reply": "Yes, blue works.", "new_quote_price": "", "new_quote_content": "",
                      "messages-TOTAL_FORMS": 0, "messages-INITIAL_FORMS": 1})  # fmt: skip
    request_.refresh_from_db()
    assert request_.status == CustomOrder.Status.DISCUSSING
    refused = staff.post(page, {"reply": "", "new_quote_price": "399", "new_quote_content": "",
                                "messages-TOTAL_FORMS": 0, "messages-INITIAL_FORMS": 2})  # fmt: skip
    assert "Say what the quote covers." in refused.content.decode()
    staff.post(page, {"reply": "", "new_quote_price": "¥399.00", "new_quote_content": "Blue, 40 cm, two weeks",
                      "messages-TOTAL_FORMS": 0, "messages-INITIAL_FORMS": 2})  # fmt: skip
    request_.refresh_from_db()
    assert (request_.status, request_.quote_price, request_.quote_content) == (2, 39900, "Blue, 40 cm, two weeks")
    thread = list(request_.messages.values_list("sender_kind", "type", "content"))
    assert thread[1:] == [("staff", "text", "Yes, blue works."), ("staff", "quote", "Blue, 40 cm, two weeks")]


def test_staff_send_sketches_and_finished_pictures_to_the_thread(staff, request_):
    from communication.tests.test_pages import png

    page = f"/admin/communication/customorder/{request_.pk}/change/"
    staff.post(page, {"reply": "", "add_sketches": [png("a.png"), png("b.png")], "add_finished": [],
                      "messages-TOTAL_FORMS": 0, "messages-INITIAL_FORMS": 1})  # fmt: skip
    request_.refresh_from_db()
    sketches = list(request_.sketch_images.all())
    assert len(sketches) == 2 and request_.status == CustomOrder.Status.DISCUSSING
    pictures = request_.messages.filter(type="image").values_list("sender_kind", "content")
    assert list(pictures) == [("staff", sketches[0].file.url), ("staff", sketches[1].file.url)]
    assert "a.png" not in staff.get(page).content.decode()  # kept under a random name
    mine = logged_in_client(request_.user)
    detail = mine.get("/api/communication/order/detail", {"id": request_.pk}).json()["data"]
    assert detail["sketch_images"] == [f"http://testserver{s.file.url}" for s in sketches]
    assert detail["finished_images"] == []


@pytest.mark.parametrize(("close", "status", "note"), [("reject", 4, "The shop declined this request."),
                                                        ("cancel", -1, "This request was cancelled.")])  # fmt: skip
def test_staff_decline_or_cancel_with_a_last_word(staff, request_, close, status, note):
    page = f"/admin/communication/customorder/{request_.pk}/change/"
    staff.post(page, {"reply": "We cannot make this size.", "close": close,
                      "messages-TOTAL_FORMS": 0, "messages-INITIAL_FORMS": 1})  # fmt: skip
    request_.refresh_from_db()
    assert request_.status == status
    assert [m.text for m in request_.messages.all()][1:] == ["We cannot make this size.", note]
    both = staff.post(page, {"new_quote_price": "10", "new_quote_content": "x", "close": "reject",
                             "messages-TOTAL_FORMS": 0, "messages-INITIAL_FORMS": 3})  # fmt: skip
    assert "Quote or close the request, not both." in both.content.decode()
    staff.post(page, {"new_quote_price": "10", "new_quote_content": "late",
                      "messages-TOTAL_FORMS": 0, "messages-INITIAL_FORMS": 3})  # fmt: skip
    request_.refresh_from_db()
    assert (request_.status, request_.quote_price) == (status, 0)  # closed stays closed

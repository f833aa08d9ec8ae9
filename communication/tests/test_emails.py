"""Custom orders' emails: staff hear of a new request, a shopper's message and an accepted quote; the
shopper hears of a reply and a quote, each in their own language, after the change commits."""

import pytest
from django.contrib.auth.models import Group

from communication import services
from orders.tasks import send_placed_emails
from orders.tests.factories import ADDRESS
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    def run(do):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = do()
        send_placed_emails()  # as the beat does
        return result, [(email.to, email.subject, email.body) for email in mailoutbox[before:]]

    return run


def test_each_side_hears_of_the_other(sent):
    clerk = UserFactory(is_staff=True, email="clerk@shop.example", language="en")
    clerk.groups.add(Group.objects.get(name="shop staff"))
    shopper = UserFactory(username="mei", email="mei@example.com", language="zh-hans")
    goods = GoodsFactory(price=9900, stock=3)
    request, told = sent(
        lambda: services.create(user=shopper, goods_id=goods.pk, title="纸灯", content="圆形，40 厘米")
    )
    assert [(to, subject) for to, subject, _body in told] == [
        (["clerk@shop.example"], "New custom order request: 纸灯")
    ]
    assert "圆形，40 厘米" in told[0][2] and f"/admin/communication/customorder/{request.pk}/change/" in told[0][2]

    _message, told = sent(lambda: services.send_message(user=shopper, pk=request.pk, message_type="text",
                                                        content="蓝色可以吗？"))  # fmt: skip
    assert (
        told[0][:2] == (["clerk@shop.example"], "A message about the custom order 纸灯")
        and "蓝色可以吗？" in told[0][2]
    )

    _reply, told = sent(lambda: services.staff_message(staff=clerk, pk=request.pk, content="Yes, blue works."))
    assert told[0][:2] == (["mei@example.com"], "商家回复了您关于 纸灯 的定制需求") and "Yes, blue works." in told[0][2]

    _quote, told = sent(lambda: services.quote(staff=clerk, pk=request.pk, price=39900, text="蓝色，两周"))
    assert told[0][:2] == (["mei@example.com"], "纸灯 的报价：¥399.00") and "蓝色，两周" in told[0][2]

    order, told = sent(lambda: services.accept(user=shopper, pk=request.pk, address=ADDRESS))
    by_whom = {to[0]: (subject, body) for to, subject, body in told}
    assert by_whom["clerk@shop.example"][0] == f"Quote accepted: 纸灯, order {order.order_id}"
    assert "¥399.00" in by_whom["clerk@shop.example"][1]
    assert order.order_id in by_whom["mei@example.com"][0]  # the order's own "placed, please pay" email


def test_the_shopper_hears_of_pictures_once_and_of_a_decline_in_their_language(sent):
    from communication.tests.test_pages import png
    from shop import uploads

    clerk = UserFactory(is_staff=True)
    shopper = UserFactory(email="mei@example.com", language="zh-hans")
    request = services.create(user=shopper, goods_id=GoodsFactory().pk, title="纸灯", content="圆形")
    pictures = [uploads.save_image(png(), user=clerk) for _n in range(3)]
    _nothing, told = sent(lambda: services.add_pictures(staff=clerk, pk=request.pk, kind="sketch_images",
                                                        attachments=pictures))  # fmt: skip
    assert [to for to, _subject, _body in told] == [["mei@example.com"]]  # one email for three pictures
    _closed, told = sent(lambda: services.close(pk=request.pk, action="reject"))
    assert told[0][:2] == (["mei@example.com"], "商家回复了您关于 纸灯 的定制需求")
    assert "店铺婉拒了这个定制需求。" in told[0][2]
    other = services.create(user=shopper, goods_id=GoodsFactory().pk, title="木灯", content="方形")
    _cancelled, told = sent(lambda: services.close(user=shopper, pk=other.pk, action="cancel"))
    assert told == []  # the shopper cancelled it: no one is told what they did

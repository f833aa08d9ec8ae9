"""Every email the shop sends: its recipients, its text and HTML, sent after the change commits and
never twice when its task is retried."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from config import jobs
from config.api import ApiError
from conftest import race
from orders import services as order_services
from orders import tasks as order_tasks
from orders.models import Order
from orders.tests.factories import ADDRESS, place_order
from payments import services as payment_services
from payments.gateways import Verified
from payments.models import Payment, Refund
from shop import emails, tasks
from shop.models import SentEmail, User
from shop.roles import ensure_roles
from shop.services import register_user
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """``sent(do)``: run ``do`` and its after-commit work; the emails it sent, checked to be whole."""

    def run(do):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            do()
        new = mailoutbox[before:]
        for email in new:
            html = {kind: body for body, kind in email.alternatives}["text/html"]
            assert email.body.strip() and "<html" in html and email.from_email
            assert "{{" not in email.body and "{%" not in email.body
        return new

    return run


def placed_and_told(buyer, goods, **kwargs):
    """An order placed, and its "placed" email queued as the beat does."""
    order = place_order(buyer, goods, **kwargs)
    order_tasks.send_placed_emails()
    return order


def retried(name, pk, mailoutbox):
    """The email's task run again (a retry): it must send nothing."""
    before = len(mailoutbox)
    assert tasks.send_emails(name, [pk]) == 0
    return len(mailoutbox) - before


@pytest.fixture
def refund_staff():
    staff = UserFactory(is_staff=True, email="refunds@shop.example")
    staff.groups.add(ensure_roles(Group, Permission)[0])
    UserFactory(is_staff=True, email="writer@shop.example")  # staff without refunds: not told
    UserFactory(is_staff=True, is_superuser=True, email="boss@shop.example")
    return ["boss@shop.example", "refunds@shop.example"]


def test_order_placed(sent, mailoutbox):
    buyer = UserFactory(email="buyer@example.com")
    (email,) = sent(lambda: placed_and_told(buyer, GoodsFactory(title="Teapot", price=12990), quantity=2))
    order = Order.objects.get()
    assert email.to == ["buyer@example.com"] and order.order_id in email.subject
    assert "Teapot \u00d7 2: ¥259.80" in email.body and f"/orders/{order.order_id}/" in email.body
    assert "Teapot \u00d7 2: ¥259.80" in email.alternatives[0][0]
    assert retried("order_placed", order.pk, mailoutbox) == 0


def test_an_order_queues_no_message_and_the_beat_queues_its_email_once(mailoutbox, django_assert_num_queries):
    with mock.patch("shop.tasks.send_emails.delay") as queued:
        orders = [place_order(UserFactory(email=f"buyer{n}@example.com"), GoodsFactory()) for n in range(3)]
    assert not queued.called and mailoutbox == []
    assert all(Order.objects.get(pk=order.pk).placed_email_due for order in orders)
    earlier = place_order(UserFactory(), GoodsFactory())
    Order.objects.filter(pk=earlier.pk).update(placed_email_due=False)  # told already
    batches = mock.patch.object(jobs, "BATCH", 2)
    # a transaction per batch (its due ids, their UPDATE), and one finding none
    with batches, mock.patch("shop.tasks.send_emails.delay") as queued, django_assert_num_queries(11):
        assert order_tasks.send_placed_emails() == 3
    assert [call.args for call in queued.call_args_list] == [
        ("order_placed", [orders[0].pk, orders[1].pk]),
        ("order_placed", [orders[2].pk]),
    ]
    assert not Order.objects.filter(placed_email_due=True).exists()
    Order.objects.filter(pk__in=[order.pk for order in orders]).update(placed_email_due=True)
    assert order_tasks.send_placed_emails() == 3
    assert sorted(email.to[0] for email in mailoutbox) == [f"buyer{n}@example.com" for n in range(3)]
    assert order_tasks.send_placed_emails() == 0 and len(mailoutbox) == 3


def test_an_order_placed_while_the_broker_is_away_is_told_once_it_is_back(mailoutbox):
    order = place_order(UserFactory(email="buyer@example.com"), GoodsFactory())
    away = mock.patch("shop.tasks.send_emails.delay", side_effect=ConnectionError("broker away"))
    with away, pytest.raises(ConnectionError):
        order_tasks.send_placed_emails()
    assert Order.objects.get(pk=order.pk).placed_email_due and mailoutbox == []
    assert order_tasks.send_placed_emails() == 1
    assert [email.to for email in mailoutbox] == [["buyer@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_queue_each_placed_email_once(postgres_only):
    orders = [place_order(UserFactory(), GoodsFactory()) for _n in range(12)]
    with mock.patch.object(jobs, "BATCH", 2), mock.patch("shop.tasks.send_emails.delay") as queued:
        counts = race(order_tasks.send_placed_emails, order_tasks.send_placed_emails)
    assert sum(counts) == 12
    told = [pk for call in queued.call_args_list for pk in call.args[1]]
    assert sorted(told) == sorted(order.pk for order in orders)


def test_the_beat_finds_due_orders_from_their_index(postgres_only):
    from django.db import connection

    due = Order.objects.filter(placed_email_due=True).order_by("pk").values("pk")[: jobs.BATCH]
    sql, params = due.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "order_placed_email_due" in plan


def test_nothing_leaves_before_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    buyer = UserFactory(balance=10**6)
    order = place_order(buyer, GoodsFactory())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        payment_services.pay_with_balance(user=buyer, order=order)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_order_paid_shipped_and_closed(sent, mailoutbox):
    buyer = UserFactory(email="buyer@example.com", balance=10**6)
    order = place_order(buyer, GoodsFactory(price=5000), address=ADDRESS)
    (paid,) = sent(lambda: payment_services.pay_with_balance(user=buyer, order=order))
    assert paid.to == ["buyer@example.com"] and "We received ¥50.00" in paid.body
    (shipped,) = sent(lambda: order_services.ship_order(order=order, actor=None, express_company="SF Express",
                                                       tracking_number="SF1234567890"))  # fmt: skip
    assert "SF Express, tracking number SF1234567890" in shipped.body
    assert retried("order_paid", order.pk, mailoutbox) == retried("order_shipped", order.pk, mailoutbox) == 0

    waiting = place_order(buyer, GoodsFactory())
    Order.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=1))
    closed = sent(lambda: order_services.close_orders([waiting.pk], note="not paid in time"))
    assert [(e.to, "was not paid in time" in e.body) for e in closed] == [(["buyer@example.com"], True)]
    assert retried("order_closed", waiting.pk, mailoutbox) == 0


def test_refund_requested_approved_and_rejected(sent, mailoutbox, refund_staff):
    buyer = UserFactory(email="buyer@example.com", balance=10**6)
    orders = [place_order(buyer, GoodsFactory(price=5000)) for _ in range(2)]
    for order in orders:
        payment_services.pay_with_balance(user=buyer, order=order)
    asked = sent(lambda: payment_services.request_refund(user=buyer, order_id=orders[0].order_id, reason="Too small"))
    (told,) = asked
    assert told.to == refund_staff and "Too small" in told.body
    assert f"/admin/orders/order/{orders[0].pk}/change/" in told.body
    first = Refund.objects.get(order=orders[0])
    approved = [e for e in sent(lambda: payment_services.approve_refund(refund=first, staff=None))
                if "approved" in e.subject]  # fmt: skip
    assert [e.to for e in approved] == [["buyer@example.com"]] and "¥50.00" in approved[0].body

    payment_services.request_refund(user=buyer, order_id=orders[1].order_id, reason="Changed my mind")
    second = Refund.objects.get(order=orders[1])
    (rejected,) = sent(lambda: payment_services.reject_refund(refund=second, staff=None, reason="Worn and washed"))
    assert rejected.to == ["buyer@example.com"] and "The reason: Worn and washed" in rejected.body
    for name, pk in (("staff_refund_requested", first.pk), ("refund_approved", first.pk),
                     ("refund_rejected", second.pk)):  # fmt: skip
        assert retried(name, pk, mailoutbox) == 0


def test_staff_hear_of_a_payment_for_a_closed_order(sent, mailoutbox, refund_staff):
    order = place_order(UserFactory(), GoodsFactory(price=5000))
    Payment.objects.create(payment_id="202612050000000001", order=order, user=order.user, pay_way="sandbox",
                           amount=5000, currency="CNY")  # fmt: skip
    order_services.cancel_order(order=order)
    verified = Verified(payment_id="202612050000000001", paid=True, txn_id="T1", amount=5000, currency="CNY")
    told = [
        e
        for e in sent(lambda: payment_services.confirm_payment(pay_way="sandbox", verified=verified, source="notify"))
        if "closed order" in e.subject
    ]
    assert [e.to for e in told] == [refund_staff]  # who may change payments: the superuser and shop staff
    assert "¥50.00" in told[0].body and "202612050000000001" in told[0].body
    assert retried("staff_late_payment", Payment.objects.get().pk, mailoutbox) == 0


def test_welcome_on_registration(sent, mailoutbox):
    (email,) = sent(lambda: register_user(user_name="mei", password="a long pass phrase 42", email="mei@example.com"))
    assert email.to == ["mei@example.com"] and "Hello mei" in email.body
    assert retried("welcome", User.objects.get(username="mei").pk, mailoutbox) == 0
    assert sent(lambda: register_user(user_name="nomail", password="a long pass phrase 42")) == []


def test_a_failed_send_is_retried_and_then_sent_once(mailoutbox):
    order = place_order(UserFactory(email="buyer@example.com"), GoodsFactory())
    real_send = EmailMultiAlternatives.send
    with (
        mock.patch.object(EmailMultiAlternatives, "send", side_effect=OSError("mail server down")),
        pytest.raises(OSError),
    ):
        emails.send("order_placed", order.pk)
    assert not SentEmail.objects.filter(key=f"order_placed:{order.pk}", sent_at__isnull=False).exists()
    with mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=real_send):
        assert tasks.send_emails("order_placed", [order.pk]) == 1
    assert tasks.send_emails("order_placed", [order.pk]) == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_tasks_for_one_email_send_it_once(postgres_only, mailoutbox):
    order = place_order(UserFactory(email="buyer@example.com"), GoodsFactory())
    assert sorted(race(*[lambda: emails.send("order_placed", order.pk)] * 4)) == [False, False, False, True]
    assert len(mailoutbox) == 1


def test_a_buyer_is_written_to_in_their_language_and_each_staff_member_in_theirs(sent, refund_staff):
    goods = GoodsFactory(price=5000, stock=5)
    placed = {}
    for language in ("zh-hans", "en"):
        buyer = UserFactory(email=f"{language}@example.com", language=language, balance=10**6)
        (placed[language],) = sent(lambda buyer=buyer: placed_and_told(buyer, goods))
    zh, en = placed["zh-hans"], placed["en"]
    assert zh.subject.endswith("已提交：请付款以确认") and "您好" in zh.body and "合计：¥50.00" in zh.body
    assert en.subject.endswith("placed: please pay to confirm it") and "Total: ¥50.00" in en.body
    assert '<html lang="zh-hans">' in {kind: body for body, kind in zh.alternatives}["text/html"]
    chinese = User.objects.get(email="zh-hans@example.com")
    order = Order.objects.get(user=chinese)
    payment_services.pay_with_balance(user=chinese, order=order)
    User.objects.filter(email="boss@shop.example").update(language="en")
    User.objects.filter(email="refunds@shop.example").update(language="zh-hans")
    told = sent(lambda: payment_services.request_refund(user=chinese, order_id=order.order_id, reason="太小"))
    assert [(email.to, email.subject) for email in told] == [
        (["boss@shop.example"], f"Refund requested for order {order.order_id}"),
        (["refunds@shop.example"], f"订单 {order.order_id} 申请退款"),
    ]
    assert all("太小" in email.body for email in told)


def test_the_language_is_remembered_at_registration_sign_in_and_switch(client_api, client):
    body = {"user_name": "mei", "password": "a-Long-pass-2026", "email": "mei@example.com"}
    assert client_api.post("/api/register", body, format="json", HTTP_LANGUAGE="zh-CN").json()["code"] == 0
    mei = User.objects.get(username="mei")
    assert mei.language == "zh-hans"
    login = {"user_name": "mei", "password": "a-Long-pass-2026"}
    assert client_api.post("/api/login", login, format="json", HTTP_LANGUAGE="en").json()["code"] == 0
    mei.refresh_from_db()
    assert mei.language == "en"
    client.force_login(mei)
    client.post("/i18n/setlang/", {"language": "zh-hans"})
    mei.refresh_from_db()
    assert mei.language == "zh-hans"
    client.post("/i18n/setlang/", {"language": "fr"})  # not spoken here: nothing changes
    mei.refresh_from_db()
    assert mei.language == "zh-hans"


def test_an_owner_hears_of_each_registration_attempt_with_their_details_in_their_language(mailoutbox):
    UserFactory(username="li", email="li@example.com", language="zh-hans")
    for _attempt in range(2):
        with pytest.raises(ApiError):
            register_user(user_name="newcomer", password="a-Long-pass-2026", email="li@example.com")
    assert [(m.to, m.subject) for m in mailoutbox] == [(["li@example.com"], "有人尝试用您的资料注册")] * 2
    assert "您已经有账号了" in mailoutbox[0].body and '<html lang="zh-hans">' in mailoutbox[0].alternatives[0][0]

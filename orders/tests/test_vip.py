"""VIP membership orders (spec section 12)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import race
from orders import vip
from orders.models import Order
from orders.pricing import Line
from payments import services as payments
from payments.models import Refund
from shop.models import User, UserGroup
from shop.tests.factories import UserFactory, UserGroupFactory

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def post(client, path, body):
    return client.post(path, body, format="json").json()


@pytest.fixture
def gold():
    UserGroupFactory(title="Member", level=0)  # the default group: not on sale
    return UserGroupFactory(title="Gold", level=2, price=9900, expire_day=30, discount=10)


def buy(client, group):
    order = post(client, "/api/order/create", {"type": "vip", "details": [{"goods_id": group.pk, "quantity": 1}]})
    assert order["code"] == 0, order
    return Order.objects.get(order_id=order["data"]["order_id"])


def pay(order):
    payments.pay_with_balance(user=order.user, order=order)
    order.user.refresh_from_db()
    order.refresh_from_db()
    return order


def test_the_groups_on_sale(api, gold):
    answer = api.get("/api/user/groups").json()
    assert answer["data"] == [{"id": gold.pk, "title": "Gold", "description": gold.description, "level": 2,
                               "price": 9900, "setting": {"discount": 10, "expire_day": 30, "share_reward": 0,
                                                          "parent_reward": 0}}]  # fmt: skip


@pytest.mark.parametrize("body", [{"details": [{"goods_id": "$gold", "quantity": 1}]}, {"goods_id": "$gold"},
                                  {"goods_id": "$gold", "quantity": 0, "goods_sku_id": 0, "details": [], "cart_ids": [],
                                   "coupon_code": "", "coupon_id": 0, "remark": ""}])  # fmt: skip
def test_a_vip_order_is_one_line_at_the_groups_price_with_no_address(api, gold, body):
    body = {k: gold.pk if v == "$gold" else v for k, v in body.items()}
    body["details"] = [{**d, "goods_id": gold.pk} for d in body.get("details", [])]
    preview = post(api, "/api/order/checkout", {**body, "type": "vip"})
    assert (preview["data"]["amount"], preview["data"]["details"][0]["group"]["id"]) == (9900, gold.pk)
    created = post(api, "/api/order/create", {**body, "type": "vip"})
    assert created["code"] == 0, created
    assert (created["data"]["type"], created["data"]["amount"], created["data"]["address_id"]) == ("vip", 9900, 0)
    assert created["data"]["remark"] == "Gold"  # AnQiCMS's remark: the line's title
    detail = api.get(f"/api/order/detail?order_id={created['data']['order_id']}").json()["data"]["details"][0]
    assert (detail["goods"], detail["goods_id"], detail["group"]["title"], detail["quantity"]) == (None, 0, "Gold", 1)
    listed = api.get("/api/orders").json()["data"][0]["details"][0]
    assert listed["group"]["price"] == 9900 and listed["goods"] is None


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ([{"goods_id": "$member", "quantity": 1}], "details[0].goods_id: no such membership on sale"),
        ([{"goods_id": 999999, "quantity": 1}], "details[0].goods_id: no such membership on sale"),
        ([{"goods_id": "$gold", "quantity": 2}], "details: a VIP order is one group, quantity 1"),
        ([{"goods_id": "$gold"}, {"goods_id": "$gold"}], "details: a VIP order is one group, quantity 1"),
    ],
)
def test_only_one_group_on_sale_can_be_bought(api, gold, details, message):
    names = {"$gold": gold.pk, "$member": UserGroup.objects.get(title="Member").pk}
    details = [{k: names.get(v, v) for k, v in d.items()} for d in details]
    for path in ("/api/order/checkout", "/api/order/create"):
        assert post(api, path, {"type": "vip", "details": details})["msg"] == message
    assert not Order.objects.exists()


def test_paying_completes_it_and_makes_the_buyer_a_member_for_its_days(api, gold):
    api.user.balance = 50000
    api.user.save()
    order = pay(buy(api, gold))
    assert (order.status, order.finished_at is not None) == (3, True)
    assert order.user.group == gold
    assert abs(order.user.expire_time - (timezone.now() + 30 * DAY)) < timedelta(seconds=5)
    second = pay(buy(api, gold))  # a second purchase adds to the membership, from its current end
    assert abs(second.user.expire_time - (timezone.now() + 60 * DAY)) < timedelta(seconds=5)
    events = list(order.events.values_list("action", flat=True))
    assert events == ["create", "pay", "grant_membership"]


def test_a_group_without_expire_days_lasts_a_year(api):
    forever = UserGroupFactory(price=100, expire_day=0)
    api.user.balance = 100
    api.user.save()
    order = pay(buy(api, forever))
    assert abs(order.user.expire_time - (timezone.now() + 365 * DAY)) < timedelta(seconds=5)


def test_a_refund_takes_back_the_days_it_gave_and_a_lapsed_member_is_a_member_no_more(
    api, gold, staff, django_capture_on_commit_callbacks
):
    api.user.balance = 20000
    api.user.save()
    order = pay(buy(api, gold))
    payments.request_refund(user=api.user, order_id=order.order_id, reason="changed my mind")
    with django_capture_on_commit_callbacks(execute=True):
        payments.approve_refund(refund=Refund.objects.get(order=order), staff=staff.admin)
    user = User.objects.get(pk=api.user.pk)
    assert user.group.title == "Member" and user.expire_time <= timezone.now()
    assert user.balance == 20000  # the balance payment came back
    assert Order.objects.get(pk=order.pk).status == 9


def test_cancelling_an_unpaid_vip_order_touches_no_stock(api, gold):
    order = buy(api, gold)
    assert post(api, "/api/order/cancel", {"order_id": order.order_id})["data"]["status"] == -1


def test_the_daily_job_returns_lapsed_members_to_the_default_group(gold, django_assert_num_queries):
    member = UserGroup.objects.get(title="Member")
    lapsed = UserFactory(group=gold, expire_time=timezone.now() - DAY)
    current = UserFactory(group=gold, expire_time=timezone.now() + DAY)
    forever = UserFactory(group=gold, expire_time=None)
    with django_assert_num_queries(2):  # the default group, then one UPDATE of the lapsed only
        assert vip.expire_members() == 1
    groups = dict(User.objects.filter(pk__in=[lapsed.pk, current.pk, forever.pk]).values_list("pk", "group_id"))
    assert groups == {lapsed.pk: member.pk, current.pk: gold.pk, forever.pk: gold.pk}
    assert vip.expire_members() == 0


def test_staff_price_a_group_in_yuan(staff, gold):
    form = {"title": "Gold", "description": "", "level": 2, "price": "129.90", "expire_day": 30, "discount": 10,
            "share_reward": 0, "parent_reward": 0}  # fmt: skip
    response = staff.post(f"/admin/shop/usergroup/{gold.pk}/change/", form)
    assert response.status_code == 302
    gold.refresh_from_db()
    assert gold.price == 12990
    page = staff.get(f"/admin/shop/usergroup/{gold.pk}/change/").content.decode()
    assert 'value="129.90"' in page
    assert "¥129.90" in staff.get("/admin/shop/usergroup/").content.decode()
    refused = staff.post(f"/admin/shop/usergroup/{gold.pk}/change/", {**form, "price": "1.234"})
    assert "no more than 2 decimal places" in refused.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgres_only")
def test_two_vip_payments_at_once_extend_the_membership_twice_exactly(gold):
    buyer = UserFactory(balance=100000)
    orders = [vip.create_vip_order(user=buyer, lines=[Line(gold.pk, None, 1)]) for _ in range(2)]
    before = timezone.now()
    race(*[lambda o=o: payments.pay_with_balance(user=buyer, order=o) for o in orders])
    buyer.refresh_from_db()
    assert buyer.balance == 100000 - 2 * 9900
    assert before + 60 * DAY <= buyer.expire_time <= timezone.now() + 60 * DAY
    assert set(Order.objects.filter(user=buyer).values_list("status", flat=True)) == {3}


def test_the_order_page_shows_the_membership_line(client, api, gold):
    order = buy(api, gold)
    client.force_login(api.user)
    page = client.get(f"/orders/{order.order_id}/").content.decode()
    assert "Gold" in page and "membership, 30 days" in page
    assert "Gold" in client.get("/orders/").content.decode()

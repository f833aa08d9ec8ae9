"""The staff roles the migration creates: shop staff run orders, refunds and coupons; managers all."""

import pytest
from django.contrib.auth.models import Group

from orders.models import Order
from orders.status import OrderStatus
from orders.tests.factories import place_order
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_of(client, role):
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=role))
    client.force_login(person)
    return person


def test_shop_staff_ship_orders_and_write_coupons(client):
    member_of(client, "shop staff")
    order = place_order(UserFactory(), GoodsFactory(), status=OrderStatus.PAID)
    client.post(f"/admin/orders/order/{order.pk}/act/ship/", {"express_company": "SF", "tracking_number": "SF1"})
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED
    for path in ("/admin/coupons/coupon/add/", "/admin/payments/refund/", "/admin/shop/goods/"):
        assert client.get(path).status_code == 200, path


def test_shop_staff_cannot_change_settings_or_anyones_password(client):
    member_of(client, "shop staff")
    shopper = UserFactory()
    assert client.get("/admin/orders/shopsettings/add/").status_code == 403
    settings = {"auto_finish_day": 1, "auto_close_minute": 1, "refund_days": 1, "seller_percent": 90}
    assert client.post("/admin/orders/shopsettings/add/", settings).status_code == 403
    assert client.get(f"/admin/shop/user/{shopper.pk}/password/").status_code == 403
    answer = client.post(f"/admin/shop/user/{shopper.pk}/password/", {"password1": "x" * 12, "password2": "x" * 12})
    assert answer.status_code == 403
    shopper.refresh_from_db()
    assert not shopper.check_password("x" * 12)


def test_a_shop_manager_may_change_settings_and_passwords(client):
    member_of(client, "shop manager")
    shopper = UserFactory()
    assert client.get("/admin/orders/shopsettings/add/").status_code == 200
    assert client.get(f"/admin/shop/user/{shopper.pk}/password/").status_code == 200


def test_the_shop_staff_group_holds_every_permission_of_its_list_and_no_other():
    from shop.roles import SHOP_STAFF

    granted = Group.objects.get(name="shop staff").permissions.values_list("content_type__app_label", "codename")
    assert sorted(f"{app}.{codename}" for app, codename in granted) == sorted(SHOP_STAFF)


def test_shop_staff_moderate_reviews(client):
    from reviews.models import Review

    member_of(client, "shop staff")
    review = Review.objects.create(goods=GoodsFactory(), user_name="lin", score=5, content="good")
    answer = client.post("/admin/reviews/review/", {"action": "approve", "_selected_action": [review.pk]})
    assert answer.status_code == 302 and Review.objects.get().status == Review.Status.APPROVED

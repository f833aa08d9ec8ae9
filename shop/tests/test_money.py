"""Money is cents in the database and yuan wherever staff read or type it."""

import re

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from coupons.forms import CouponForm
from coupons.models import Coupon
from coupons.tests.factories import CouponFactory
from orders.tests.factories import place_order
from shop.models import Goods, UserGroup
from shop.money import MoneyField, YuanField, format_money, yuan
from shop.tests.factories import GoodsFactory, UserFactory


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("50", 5000), ("50.00", 5000), ("¥50.00", 5000), ("￥1,299.9", 129990), (" 0.01 ", 1), ("0", 0)],
)
def test_yuan_typed_is_kept_in_cents_and_shown_back_in_yuan(typed, cents):
    field = YuanField()
    assert field.clean(typed) == cents
    assert field.prepare_value(cents) == f"{cents // 100}.{cents % 100:02d}"
    assert format_money(cents).startswith("¥") and yuan(cents) * 100 == cents


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0.001", "Ensure that there are no more than 2 decimal places."),
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("12 yuan", "Enter an amount in yuan, such as 129.90."),
        ("5000000000000", "Ensure that there are no more than 12 digits before the decimal point."),
    ],
)
def test_amounts_that_are_not_yuan_are_refused(typed, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        YuanField().clean(typed)


def test_every_amount_of_the_models_is_a_money_field_typed_in_yuan():
    for field in (Goods._meta.get_field("price"), UserGroup._meta.get_field("price")):
        assert isinstance(field, MoneyField)
        form_field = field.formfield()
        assert isinstance(form_field, YuanField) and form_field.help_text.endswith("In yuan, e.g. 129.90.")


@pytest.mark.django_db
def test_admin_lists_and_read_only_pages_show_yuan(staff):
    GoodsFactory(title="Yuan teapot", price=12990)
    assert "¥129.90" in staff.get("/admin/shop/goods/", {"q": "Yuan teapot"}).content.decode()
    order = place_order(UserFactory(), GoodsFactory(price=4550))
    page = staff.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "¥45.50" in page and ">4550<" not in page


@pytest.mark.django_db
def test_admin_goods_form_takes_yuan(staff):
    request = RequestFactory().get("/admin/shop/goods/add/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = admin.site._registry[Goods].get_form(request)
    assert isinstance(form_class.base_fields["price"], YuanField)
    assert isinstance(form_class.base_fields["origin_price"], YuanField)


def coupon_form(**changes):
    data = {"title": "Spring", "money_type": "0", "money": "50", "max_money": "0", "min_amount": "199.00",
            "all_goods": "on", "start_time": "2026-12-01 00:00",
            "end_time": "2026-12-31 00:00", "quantity": "0", "per_user": "1", "status": "1",
            **changes}  # fmt: skip
    return CouponForm(data)


@pytest.mark.django_db
def test_a_fixed_coupon_is_typed_in_yuan_and_a_percent_one_in_percent():
    fixed = coupon_form()
    assert fixed.is_valid(), fixed.errors
    coupon = fixed.save()
    assert (coupon.money, coupon.min_amount) == (5000, 19900)
    assert CouponForm(instance=coupon)["money"].value() == "50.00"

    percent = coupon_form(money_type="1", money="15", max_money="20")
    assert percent.is_valid(), percent.errors
    saved = percent.save()
    assert (saved.money, saved.max_money) == (15, 2000)
    assert CouponForm(instance=saved)["money"].value() == "15"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"money_type": "1", "money": "12.5"}, "money", "A percent discount is a whole number from 1 to 100."),
        ({"money_type": "1", "money": "150"}, "money", "A percent discount is a whole number from 1 to 100."),
        ({"money": "0"}, "money", "Ensure this value is greater than or equal to 0.01."),
        ({"end_time": "2026-11-01 00:00"}, "__all__", "The campaign must end after it starts."),
        ({"per_user": "0"}, "__all__", "Each shopper must be able to claim at least 1 code."),
    ],
)
def test_a_bad_coupon_is_refused_in_words_not_constraint_names(changes, field, message):
    form = coupon_form(**changes)
    assert not form.is_valid()
    assert form.errors[field] == [message]
    assert not Coupon.objects.exists()


@pytest.mark.django_db
def test_the_coupon_list_says_the_discount_in_yuan_or_percent(staff):
    CouponFactory(title="Fixed one", money=5000)
    CouponFactory(title="Percent one", money_type=1, money=10, max_money=2000)
    page = staff.get("/admin/coupons/coupon/").content.decode()
    assert "¥50.00 off" in page and "10% off (at most ¥20.00)" in page


@pytest.mark.django_db
def test_shop_settings_open_as_one_form(staff):
    assert staff.get("/admin/orders/shopsettings/").url == "/admin/orders/shopsettings/add/"
    staff.post("/admin/orders/shopsettings/add/",
               {"auto_finish_day": 7, "auto_close_minute": 15, "refund_days": 3, "seller_percent": 0})  # fmt: skip
    assert staff.get("/admin/orders/shopsettings/").url == "/admin/orders/shopsettings/1/change/"

"""The two staff roles: "shop staff" run the day's work (shipping, refunds, coupons, reviews, custom
orders) and see the rest; "shop manager" may do everything, settings and people's accounts included.
Staff get one of these groups rather than permissions one by one."""

from django.db.models import Q

SHOP_STAFF = [
    "orders.view_order", "orders.change_order", "orders.view_orderdetail", "orders.view_orderevent",
    "orders.view_address", "orders.view_commission",
    "payments.view_payment", "payments.change_payment", "payments.view_paymentevent", "payments.view_refund",
    "payments.change_refund",
    "coupons.view_coupon", "coupons.add_coupon", "coupons.change_coupon", "coupons.view_couponcode",
    "shop.view_goods", "shop.view_category", "shop.view_user", "shop.view_usergroup",
    "reviews.view_review", "reviews.change_review",
    "communication.view_customorder", "communication.change_customorder", "communication.view_message",
    "communication.view_formfield",
]  # fmt: skip


def ensure_roles(group_model, permission_model):
    """Create both groups, or set their permissions back to these; the models are passed in so that a
    migration can run it with its historical ones."""
    staff, _ = group_model.objects.get_or_create(name="shop staff")
    # Those that exist yet: a migration of an app that comes later sets the roles again (reviews 0002);
    # shop/tests/test_roles.py holds the final groups to the whole list.
    wanted = Q()
    for app, codename in (name.split(".") for name in SHOP_STAFF):
        wanted |= Q(content_type__app_label=app, codename=codename)
    staff.permissions.set(permission_model.objects.filter(wanted))
    manager, _ = group_model.objects.get_or_create(name="shop manager")
    manager.permissions.set(permission_model.objects.all())
    return staff, manager

"""The two staff roles: "shop staff" run the day's work (shipping, refunds, coupons, reviews) and see
the rest; "shop manager" may do everything, settings and people's accounts included. Staff get one
of these groups rather than permissions one by one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SHOP_STAFF = [
    "orders.view_order", "orders.change_order", "orders.view_orderdetail", "orders.view_orderevent",
    "orders.view_address", "orders.view_commission",
    "payments.view_payment", "payments.change_payment", "payments.view_paymentevent", "payments.view_refund",
    "payments.change_refund",
    "coupons.view_coupon", "coupons.add_coupon", "coupons.change_coupon", "coupons.view_couponcode",
    "shop.view_goods", "shop.view_category", "shop.view_user", "shop.view_usergroup",
]  # fmt: skip


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():  # permissions are made after migrations otherwise
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name="shop staff")
    wanted = [name.split(".") for name in SHOP_STAFF]
    staff.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted]
    )
    manager, _ = Group.objects.get_or_create(name="shop manager")
    manager.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["shop staff", "shop manager"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("shop", "0006_money_in_yuan"),
        ("orders", "0007_money_in_yuan"),
        ("payments", "0004_money_in_yuan"),
        ("coupons", "0002_money_in_yuan"),
        ("cart", "0002_money_in_yuan"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

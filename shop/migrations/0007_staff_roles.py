"""The staff roles (``shop.roles``)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from shop.roles import ensure_roles


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():  # permissions are made after migrations otherwise
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    ensure_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


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

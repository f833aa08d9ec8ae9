"""Shop staff answer custom orders (``shop.roles``): the roles are set again, now that they exist."""

from importlib import import_module

from django.db import migrations

create_roles = import_module("shop.migrations.0007_staff_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [("communication", "0001_custom_orders"), ("reviews", "0002_staff_moderate_reviews")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

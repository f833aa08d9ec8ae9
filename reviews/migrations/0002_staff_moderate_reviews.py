"""Shop staff moderate reviews (``shop.roles``): the roles are set again, now that reviews exist."""

from importlib import import_module

from django.db import migrations

create_roles = import_module("shop.migrations.0007_staff_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_reviews"), ("shop", "0007_staff_roles")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

"""Money is whole cents in the database and the API (as AnQiCMS), and yuan wherever a person reads or
types it: ``MoneyField`` marks an amount, ``YuanField`` is how staff type one, ``MoneyAdmin`` shows
every amount of an admin page in yuan, ``yuan`` is an amount for a spreadsheet."""

import functools
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def format_money(cents):
    """Cents as a price for people: 12990 -> ¥129.90."""
    cents = int(cents or 0)
    sign = "-" if cents < 0 else ""
    return f"{sign}¥{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def yuan(cents):
    """Cents as a number of yuan (a Decimal with two places), for exports people compute with."""
    return Decimal(int(cents or 0)).scaleb(-2)


class YuanField(forms.DecimalField):
    """A money field staff type in yuan ("129.90", "¥1,299") and the database keeps in cents (12990)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "yuan"})
    default_error_messages = {"invalid": _("Enter an amount in yuan, such as 129.90.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(max_digits=14, decimal_places=2, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):  # how people write prices: a yuan sign, thousands separators
            value = value.strip().lstrip("¥￥").replace(",", "").strip()
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{yuan(value):.2f}"
        return value

    def widget_attrs(self, widget):
        return {}  # DecimalField's number-input step and min do not apply to a text input

    def clean(self, value):
        amount = super().clean(value)  # a number, at most two decimals, not below min_value
        return None if amount is None else int(amount * 100)


class MoneyField(models.BigIntegerField):
    """An amount in cents; its form field is typed in yuan."""

    def formfield(self, **kwargs):
        in_yuan = _("In yuan, e.g. 129.90.")
        help_text = format_lazy("{} {}", self.help_text, in_yuan) if self.help_text else in_yuan
        # Field's own formfield: IntegerField's would add bounds in cents.
        return models.Field.formfield(self, **{"form_class": YuanField, "help_text": help_text, **kwargs})


@functools.cache
def _in_yuan(model, name):
    """The admin column (or read-only field) showing ``model.name`` in yuan, or ``name`` if no amount."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a method or callable column: shown as it is
        return name
    if not isinstance(field, MoneyField):
        return name

    def show(obj):
        return format_money(getattr(obj, name))

    # What admin.display sets (the admin is not imported here: models import this module).
    show.__name__, show.short_description, show.admin_order_field = name, field.verbose_name, name
    return show


class MoneyAdmin:
    """Mixed into a ModelAdmin or inline: its ``MoneyField`` columns and read-only fields in yuan."""

    def _yuan(self, names):
        return [_in_yuan(self.model, name) if isinstance(name, str) else name for name in names]

    def get_list_display(self, request):
        return self._yuan(super().get_list_display(request))

    def get_readonly_fields(self, request, obj=None):
        return self._yuan(super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        shown = {name for name in super().get_readonly_fields(request, obj) if isinstance(name, str)}
        return [
            (title, {**options, "fields": [_in_yuan(self.model, f) if f in shown else f for f in options["fields"]]})
            for title, options in super().get_fieldsets(request, obj)
        ]

from decimal import Decimal

from django import forms


def format_money(cents):
    """Cents as a price for people: 12990 -> ¥129.90."""
    cents = int(cents or 0)
    sign = "-" if cents < 0 else ""
    return f"{sign}¥{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


class YuanField(forms.DecimalField):
    """A money field staff type in yuan ("129.90") and the database keeps in cents (12990)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(max_digits=14, decimal_places=2, **kwargs)
        self.widget.attrs.setdefault("step", "0.01")

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{Decimal(value) / 100:.2f}"
        return value

    def clean(self, value):
        amount = super().clean(value)  # a number, at most two decimals, not below min_value
        return None if amount is None else int(amount * 100)

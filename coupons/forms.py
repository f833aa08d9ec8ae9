from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shop.money import YuanField

from .models import Coupon


class CouponForm(forms.ModelForm):
    """A campaign as staff write it: a fixed discount in yuan, a percent one in whole percent."""

    money = YuanField(
        label=_("Discount"), min_value=Decimal("0.01"),
        error_messages={"invalid": _("Enter a number, such as 50.00 or 15.")},
        help_text=_("Yuan off for a fixed amount (50.00 takes ¥50.00 off), or percent off (1 to 100) for a percent "
                    "one."),
    )  # fmt: skip

    class Meta:
        model = Coupon
        fields = ["title", "description", "money_type", "money", "max_money", "min_amount", "all_goods", "goods",
                  "categories", "start_time", "end_time", "quantity", "per_user", "status"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coupon = self.instance
        if coupon.pk and coupon.money_type == Coupon.MoneyType.PERCENT:
            self.initial["money"] = str(coupon.money)  # a fixed one's cents show in yuan by themselves

    def clean(self):
        """The discount in the unit its money type says: cents for a fixed one, percent otherwise."""
        cleaned = super().clean()
        cents, kind = cleaned.get("money"), cleaned.get("money_type")
        if cents is not None and kind is not None and int(kind) == Coupon.MoneyType.PERCENT:
            if cents % 100 or not 1 <= cents // 100 <= 100:
                self.add_error("money", gettext("A percent discount is a whole number from 1 to 100."))
            else:
                cleaned["money"] = cents // 100
        return cleaned

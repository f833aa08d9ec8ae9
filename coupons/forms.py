from decimal import Decimal

from django import forms

from shop.money import yuan

from .models import Coupon


class CouponForm(forms.ModelForm):
    """A campaign as staff write it: a fixed discount in yuan, a percent one in whole percent."""

    money = forms.DecimalField(
        label="Discount", min_value=Decimal("0.01"), max_digits=14, decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="Yuan off for a fixed amount (50.00 takes ¥50.00 off), or percent off (1 to 100) for a percent one.",
    )  # fmt: skip

    class Meta:
        model = Coupon
        fields = ["title", "description", "money_type", "money", "max_money", "min_amount", "all_goods", "goods",
                  "categories", "start_time", "end_time", "quantity", "per_user", "status"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coupon = self.instance
        if coupon.pk and coupon.money_type == Coupon.MoneyType.FIXED:
            self.initial["money"] = f"{yuan(coupon.money):.2f}"

    def clean(self):
        """The discount in the unit its money type says: cents for a fixed one, percent otherwise."""
        cleaned = super().clean()
        money, kind = cleaned.get("money"), cleaned.get("money_type")
        if money is None or kind is None:
            return cleaned
        if int(kind) == Coupon.MoneyType.PERCENT:
            if money != money.to_integral_value() or not 1 <= money <= 100:
                self.add_error("money", "A percent discount is a whole number from 1 to 100.")
            else:
                cleaned["money"] = int(money)
        else:
            cleaned["money"] = int(money * 100)
        return cleaned

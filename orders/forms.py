from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Address
from .serializers import REQUIRED_ADDRESS_FIELDS
from .status import OrderStatus


class ParcelForm(forms.Form):
    express_company = forms.CharField(max_length=64, widget=forms.TextInput(attrs={"placeholder": "SF Express"}))
    tracking_number = forms.CharField(max_length=64)


class ShipForm(ParcelForm):
    order = forms.IntegerField(widget=forms.HiddenInput)


ShipFormSet = forms.formset_factory(ShipForm, extra=0)


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["name", "phone", "email", "province", "city", "town", "country", "address_info", "company",
                  "postcode"]  # fmt: skip
        labels = {"name": _("Name"), "phone": _("Phone"), "email": _("Email"), "province": _("Province"),
                  "city": _("City"), "country": _("District"), "address_info": _("Street address"), "town": _("Town"),
                  "company": _("Company"), "postcode": _("Postcode")}  # fmt: skip
        help_texts = {"country": ""}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED_ADDRESS_FIELDS:
            self.fields[name].required = True


class ExportForm(forms.Form):
    """Which orders staff download, and how."""

    start = forms.DateField(label="Placed from", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="to", widget=forms.DateInput(attrs={"type": "date"}), help_text="Both days included.")
    status = forms.TypedChoiceField(
        choices=[("", "any status"), *OrderStatus.choices], coerce=int, empty_value=None, required=False
    )
    rows = forms.ChoiceField(choices=[("orders", "one row per order"), ("lines", "one row per order line")])
    format = forms.ChoiceField(
        choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)")],
        help_text='CSV writes order and phone numbers as ="…", so that spreadsheets keep every digit.',
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The last day is before the first.")
        return cleaned

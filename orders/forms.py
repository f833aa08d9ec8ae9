from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Address
from .serializers import REQUIRED_ADDRESS_FIELDS
from .status import OrderStatus


class ParcelForm(forms.Form):
    express_company = forms.CharField(
        label=_("Express company"), max_length=64, widget=forms.TextInput(attrs={"placeholder": _("SF Express")})
    )
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64)


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


# A date picker's value is ISO in every language (the Chinese input formats start with "%Y/%m/%d").
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ExportForm(forms.Form):
    """Which orders staff download, and how."""

    start = forms.DateField(label=_("Placed from"), widget=DATE)
    end = forms.DateField(label=_("to"), widget=DATE, help_text=_("Both days included."))
    status = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("", _("any status")), *OrderStatus.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    rows = forms.ChoiceField(
        label=_("Rows"), choices=[("orders", _("one row per order")), ("lines", _("one row per order line"))]
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)")],
        help_text=_('CSV writes order and phone numbers as ="…", so that spreadsheets keep every digit.'),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The last day is before the first."))
        return cleaned

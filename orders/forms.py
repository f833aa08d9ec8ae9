from django import forms

from .models import Address
from .serializers import REQUIRED_ADDRESS_FIELDS


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
        labels = {"name": "Name", "phone": "Phone", "country": "District", "address_info": "Street address",
                  "town": "Town", "company": "Company", "postcode": "Postcode"}  # fmt: skip
        help_texts = {"country": ""}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED_ADDRESS_FIELDS:
            self.fields[name].required = True

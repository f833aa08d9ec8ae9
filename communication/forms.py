"""The shopper's forms: a request (with the fields staff defined, each as the input of its type) and a
message. They check what a browser can be told at once; ``services`` checks everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.forms import PICTURE_TYPES, PicturesField

from .models import FormField

T = FormField.Type
PREFIX = "extra_"  # a defined field's input is named after its field_name, apart from the request's own


def _input(field):
    """The form input of the defined ``field``."""
    choices = [(option, option) for option in field.options]
    kind = {"label": field.name, "required": field.required}
    if field.type == T.NUMBER:
        return forms.DecimalField(**kind, max_digits=20, decimal_places=6)
    if field.type == T.TEXTAREA:
        return forms.CharField(**kind, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    if field.type == T.RADIO:
        return forms.ChoiceField(**kind, choices=choices, widget=forms.RadioSelect)
    if field.type == T.SELECT:
        return forms.ChoiceField(**kind, choices=[("", "—"), *choices] if not field.required else choices)
    if field.type == T.CHECKBOX:
        return forms.MultipleChoiceField(**kind, choices=choices, widget=forms.CheckboxSelectMultiple)
    if field.type in (T.IMAGE, T.FILE):
        return forms.ImageField(**kind, widget=forms.ClearableFileInput(attrs={"accept": PICTURE_TYPES}))
    return forms.CharField(**kind, max_length=500)


class RequestForm(forms.Form):
    title = forms.CharField(label=_("What should the shop make?"), max_length=200)
    content = forms.CharField(label=_("Describe it"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Sizes, colours, materials, when you need it."))  # fmt: skip
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False,
                            help_text=_("If the shop may call you about it."))  # fmt: skip
    pictures = PicturesField(label=_("Pictures"), required=False, help_text=_("Up to 9 JPEG, PNG, WebP or GIF."))

    def __init__(self, *args, form_fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.defined = list(form_fields)
        for field in self.defined:
            self.fields[PREFIX + field.field_name] = _input(field)

    def order_extra(self, save):
        """The defined fields' values as ``order_extra`` takes them, a picture saved by ``save``."""
        values = {}
        for field in self.defined:
            value = self.cleaned_data.get(PREFIX + field.field_name)
            if field.type in (T.IMAGE, T.FILE):
                value = save(value).pk if value else None
            elif field.type == T.NUMBER and value is not None:
                value = str(value)
            values[field.field_name] = value
        return values


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Your message"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    picture = forms.ImageField(label=_("Picture"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": PICTURE_TYPES}))  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("text", "").strip() and not cleaned.get("picture"):
            raise forms.ValidationError(_("Write a message or choose a picture."))
        return cleaned

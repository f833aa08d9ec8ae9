from django import forms
from django.utils.translation import gettext_lazy as _

from shop.forms import PicturesField


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Score"), coerce=int, widget=forms.RadioSelect,
                                   choices=[(n, str(n)) for n in range(5, 0, -1)])  # fmt: skip
    content = forms.CharField(label=_("Your review"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    pictures = PicturesField(label=_("Pictures"), required=False, help_text=_("Up to 9 JPEG, PNG, WebP or GIF."))

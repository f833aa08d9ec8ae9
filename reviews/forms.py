from django import forms
from django.utils.translation import gettext_lazy as _

from shop.uploads import MAX_ATTACHED


class PicturesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PicturesField(forms.FileField):
    """Up to ``MAX_ATTACHED`` files from one input (``shop.uploads`` checks each is a picture)."""

    widget = PicturesInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data, initial=None):
        files = [super(PicturesField, self).clean(one, initial) for one in (data or [])]
        if len(files) > MAX_ATTACHED:
            raise forms.ValidationError(_("At most %(count)s pictures.") % {"count": MAX_ATTACHED})
        return files


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Score"), coerce=int, widget=forms.RadioSelect,
                                   choices=[(n, str(n)) for n in range(5, 0, -1)])  # fmt: skip
    content = forms.CharField(label=_("Your review"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    pictures = PicturesField(label=_("Pictures"), required=False, help_text=_("Up to 9 JPEG, PNG, WebP or GIF."))

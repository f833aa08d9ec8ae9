from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AdminUserCreationForm, AuthenticationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from . import limits
from .models import GoodsOption, GoodsOptionValue, User
from .money import YuanField
from .serializers import RegisterSerializer
from .uploads import MAX_ATTACHED
from .validators import validate_phone

AVATAR_MAX_BYTES = 5 * 1024 * 1024


PICTURE_TYPES = "image/jpeg,image/png,image/webp,image/gif"  # what shop.uploads takes: a file input's accept


class PicturesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PicturesField(forms.FileField):
    """Up to ``MAX_ATTACHED`` files from one input (``shop.uploads`` checks each is a picture)."""

    widget = PicturesInput(attrs={"accept": PICTURE_TYPES})

    def clean(self, data, initial=None):
        files = [super(PicturesField, self).clean(one, initial) for one in (data or [])]
        if len(files) > MAX_ATTACHED:
            raise forms.ValidationError(_("At most %(count)s pictures.") % {"count": MAX_ATTACHED})
        return files


class LimitedLogin:
    """A sign-in form under the guessing limits of ``shop.limits``, as the API's login is."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        try:
            limits.attempt(self.request, username)
        except limits.TooManyAttempts as exc:
            raise forms.ValidationError(str(exc.detail), code="too_many_attempts") from None
        try:
            return super().clean()
        finally:
            (limits.succeeded if self.user_cache else limits.failed)(username)


class LoginForm(LimitedLogin, AuthenticationForm):
    username = forms.CharField(label=_("User name, email or phone"), max_length=254)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)


class StaffLoginForm(LimitedLogin, AdminAuthenticationForm):
    pass


class RegisterForm(forms.Form):
    user_name = forms.CharField(label=_("User name"), max_length=150, help_text=_("Letters, digits and @ . + - _"))
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password_again = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)
    invite_code = forms.CharField(label=_("Invite code"), max_length=16, required=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        # The API's rules for the same fields, so the page and the API accept the same input.
        serializer = RegisterSerializer(data={k: v for k, v in data.items() if k != "password_again"})
        if not serializer.is_valid():
            for field, messages in serializer.errors.items():
                if field not in self.errors:  # one message per field: the form's own comes first
                    self.add_error(field if field in self.fields else None, messages)
        return data


class StaffUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


class StaffUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class ProfileForm(forms.Form):
    """My name, email, phone and picture; ``services.update_profile`` checks that they are mine alone."""

    real_name = forms.CharField(label=_("Name"), max_length=64, required=False)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False, validators=[validate_phone],
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))  # fmt: skip
    avatar = forms.ImageField(
        label=_("Avatar"), required=False, help_text=_("A JPEG, PNG, WebP or GIF picture of up to 5 MB.")
    )

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and avatar.size > AVATAR_MAX_BYTES:
            raise forms.ValidationError(_("This picture is larger than 5 MB."))
        return avatar


class OptionForm(forms.ModelForm):
    """An option and its values in one row: "Colour" with "Red, Blue, Green"."""

    value_titles = forms.CharField(
        label=_("Values"), max_length=1000, help_text=_("Separated by commas, in the order shoppers see them."),
        widget=forms.TextInput(attrs={"placeholder": _("Red, Blue, Green"), "size": 40}),
    )  # fmt: skip

    class Meta:
        model = GoodsOption
        fields = ["title", "value_titles", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["value_titles"] = ", ".join(value.title for value in self.instance.values.all())

    def clean_value_titles(self):
        typed = self.cleaned_data["value_titles"].replace("\uff0c", ",")  # a Chinese comma counts too
        titles = [title.strip() for title in typed.split(",")]
        titles = list(dict.fromkeys(title for title in titles if title))  # each once, in the order typed
        if not titles:
            raise forms.ValidationError(_("Give at least one value."))
        longest = GoodsOptionValue._meta.get_field("title").max_length
        if too_long := [title for title in titles if len(title) > longest]:
            raise forms.ValidationError(
                _("At most %(longest)s characters a value: %(value)s…")
                % {"longest": longest, "value": too_long[0][:20]}
            )
        return titles

    def save(self, commit=True):
        option = super().save(commit=commit)
        if commit:
            self.save_values()
        return option

    def save_values(self):
        """The option's values become the ones typed: new ones added, missing ones removed, in order."""
        titles = self.cleaned_data["value_titles"]
        self.instance.values.exclude(title__in=titles).delete()
        for sort, title in enumerate(titles):
            GoodsOptionValue.objects.update_or_create(option=self.instance, title=title, defaults={"sort": sort})


class TargetForm(forms.Form):
    """The price a shopper hopes for, in yuan: we email them when the wished product gets there."""

    target_price = YuanField(label=_("Target price"), required=False, help_text=_("Empty: no alert."))

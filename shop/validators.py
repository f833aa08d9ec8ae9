"""Rules for what people type, shared by the pages, the API and the database models."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Digits, an optional leading +, spaces and dashes; 6 to 20 characters.
validate_phone = RegexValidator(
    r"^(?=.{6,20}\Z)\+?[0-9][0-9 -]*[0-9]\Z",
    gettext_lazy("Enter a phone number of 6 to 20 digits; +, spaces and dashes are allowed."),
)
# Letters and digits, with spaces or dashes between them; 3 to 10 characters.
validate_postcode = RegexValidator(
    r"^(?=.{3,10}\Z)[A-Za-z0-9]+([ -][A-Za-z0-9]+)*\Z",
    gettext_lazy("Enter a postcode of 3 to 10 letters or digits."),
)


class NotOnlySpaces:
    """A password of spaces alone is as good as none, and easily mistyped by a form that trims."""

    def validate(self, password, user=None):
        if not password.strip():
            raise ValidationError(_("This password is only spaces."), code="password_only_spaces")

    def get_help_text(self):
        return _("Your password can't be only spaces.")

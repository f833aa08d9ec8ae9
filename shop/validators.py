"""Rules for what people type, shared by the pages, the API and the database models."""

from django.core.validators import RegexValidator

# Digits, an optional leading +, spaces and dashes; 6 to 20 characters.
validate_phone = RegexValidator(
    r"^(?=.{6,20}\Z)\+?[0-9][0-9 -]*[0-9]\Z",
    "Enter a phone number of 6 to 20 digits; +, spaces and dashes are allowed.",
)
# Letters and digits, with spaces or dashes between them; 3 to 10 characters.
validate_postcode = RegexValidator(
    r"^(?=.{3,10}\Z)[A-Za-z0-9]+([ -][A-Za-z0-9]+)*\Z",
    "Enter a postcode of 3 to 10 letters or digits.",
)

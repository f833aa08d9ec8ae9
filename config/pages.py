"""The pages' shared wiring: a rule's refusal (``ApiError``) in the words a shopper reads.

Services word their refusals for API clients as ``field: message`` with the JSON key first;
a page shows the field's label instead and, where it can, puts the message next to that field.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .api import ApiError

FIELD_LABELS = {
    "quantity": gettext_lazy("Quantity"),
    "goods_id": gettext_lazy("Product"),
    "sku_id": gettext_lazy("Options"),
    "coupon_code": gettext_lazy("Coupon"),
    "coupon_code_id": gettext_lazy("Coupon"),
    "coupon_id": gettext_lazy("Coupon"),
    "address": gettext_lazy("Address"),
    "address.id": gettext_lazy("Address"),
    "amount": gettext_lazy("Total"),
    "pay_way": gettext_lazy("Payment method"),
    "balance": gettext_lazy("Balance"),
    "reason": gettext_lazy("Reason"),
    "id": gettext_lazy("Item"),
    "user_name": gettext_lazy("User name"),
    "email": gettext_lazy("Email"),
    "phone": gettext_lazy("Phone"),
    "password": gettext_lazy("Password"),
    "old_password": gettext_lazy("Current password"),
    "invite_code": gettext_lazy("Invite code"),
    "score": gettext_lazy("Score"),
    "content": gettext_lazy("Your review"),
    "images": gettext_lazy("Pictures"),
    "file": gettext_lazy("Pictures"),
    "order_id": gettext_lazy("Order"),
    "archive_id": gettext_lazy("Product"),
}
_PREFIXED = re.compile(r"^(?P<field>[\w.]+): (?P<text>.+)$", re.DOTALL)


def field_and_text(exc):
    """``(field, message)`` of an ``ApiError`` as the service wrote it (``("order_extra.size", "required")``),
    or ``(None, the whole text)``."""
    match = _PREFIXED.match(str(exc.detail))
    return (match["field"], match["text"]) if match else (None, str(exc.detail))


def refusal(exc):
    """``(field, text)`` of an ``ApiError``: the field it is about (or None) and its text for people."""
    field, text = field_and_text(exc)
    if field in FIELD_LABELS:
        return field.split(".")[0], f"{FIELD_LABELS[field]}: {text}"
    message = str(exc.detail)
    return None, message[:1].upper() + message[1:]


def refusal_text(exc):
    return refusal(exc)[1]


def chosen_sku_id(source):
    """The SKU the product page's options picked: None for goods without options (sent empty)."""
    raw = source.get("sku_id") or "0"
    if not raw.isdigit():
        raise ApiError(_("sku_id: choose the options again"))
    return int(raw) or None


def whole_number(source, name, *, minimum, default=None, required=True):
    """A whole number a person typed into ``source[name]``.

    Not sent at all: ``default``, or refused when ``required``. Sent empty, not a number or below
    ``minimum``: refused, never quietly corrected (a quantity of 0 is not 1).
    """
    if name not in source and not required:
        return default
    try:
        value = int(source.get(name, ""))
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ApiError(_("%(name)s: enter a whole number of at least %(minimum)s") % {"name": name, "minimum": minimum})
    return value

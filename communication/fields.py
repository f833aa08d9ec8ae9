"""``order_extra`` checked against the form fields staff defined: required ones given, each value of its
field's type, choices among the field's options; errors name the field."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from config.api import ApiError
from shop import uploads

from .models import FormField

T = FormField.Type


def _refuse(field, problem):
    raise ApiError(_("order_extra.%(field)s: %(problem)s") % {"field": field.field_name, "problem": problem})


def _one(field, value, *, user):
    """``value`` of ``field`` as it is kept, or a refusal naming the field."""
    if field.type == T.NUMBER:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            _refuse(field, _("a number, please"))
        if isinstance(value, bool) or not number.is_finite():
            _refuse(field, _("a number, please"))
        return str(number)
    if field.type == T.CHECKBOX:
        chosen = value if isinstance(value, list) else [value]
        if any(not isinstance(one, str) or one not in field.options for one in chosen):
            _refuse(field, _("choose among: %(options)s") % {"options": ", ".join(field.options)})
        return list(dict.fromkeys(chosen))
    if field.type in (T.IMAGE, T.FILE):
        if not isinstance(value, int) or isinstance(value, bool):
            _refuse(field, _("the id of a picture you uploaded"))
        try:
            (attachment,) = uploads.mine([value], user=user)
        except ApiError:
            _refuse(field, _("the id of a picture you uploaded"))
        return attachment.file.url
    if not isinstance(value, str | int) or isinstance(value, bool):
        _refuse(field, _("text, please"))
    value = str(value).strip()
    if field.type in (T.RADIO, T.SELECT) and value not in field.options:
        _refuse(field, _("choose among: %(options)s") % {"options": ", ".join(field.options)})
    if len(value) > (5000 if field.type == T.TEXTAREA else 500):
        _refuse(field, _("too long"))
    return value


def validate_extra(extra, *, user):
    """``extra`` (a JSON object) made of the defined fields only, each checked; unknown keys are
    dropped (as unknown body fields are)."""
    if not isinstance(extra, dict):
        raise ApiError(_("order_extra: an object of the form's fields"))
    kept = {}
    for field in FormField.objects.all():
        value = extra.get(field.field_name)
        if value in (None, "", []):
            if field.required:
                _refuse(field, _("required"))
            continue
        kept[field.field_name] = _one(field, value, user=user)
    return kept

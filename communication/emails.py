"""The emails about custom orders: to the staff who answer them on a new request, a shopper's message and
an accepted quote; to the shopper on a reply and a quote (``shop.emails``, sent after the change commits)."""

from django.utils.translation import gettext_lazy as _

from shop.emails import Mail, kind, to_staff
from shop.money import format_money

from .models import CustomOrder, Message

STAFF = "communication.change_customorder"


def _request(pk):
    return CustomOrder.objects.select_related("user", "order").filter(pk=pk).first()


def _message(pk):
    return Message.objects.select_related("custom_order__user").filter(pk=pk).first()


def _to_shopper(message, subject):
    shopper = message.custom_order.user
    if not shopper.email:
        return None
    context = {"custom_order": message.custom_order, "message": message, "user": shopper,
               "price": format_money(message.custom_order.quote_price)}  # fmt: skip
    return Mail(subject, [shopper.email], context, shopper.language)


@kind("custom_order_new")
def new_request(pk):
    custom_order = _request(pk)
    return to_staff(STAFF, _("New custom order request: {custom_order.title}"), custom_order=custom_order) \
        if custom_order else None  # fmt: skip


@kind("custom_order_shopper_message")
def shopper_message(pk):
    message = _message(pk)
    return to_staff(STAFF, _("A message about the custom order {message.custom_order.title}"), message=message,
                    custom_order=message.custom_order) if message else None  # fmt: skip


@kind("custom_order_accepted")
def accepted(pk):
    custom_order = _request(pk)
    return to_staff(STAFF, _("Quote accepted: {custom_order.title}, order {custom_order.order.order_id}"),
                    custom_order=custom_order) if custom_order else None  # fmt: skip


@kind("custom_order_reply")
def reply(pk):
    message = _message(pk)
    return _to_shopper(message, _("The shop replied about {custom_order.title}")) if message else None


@kind("custom_order_quoted")
def quoted(pk):
    message = _message(pk)
    return _to_shopper(message, _("Your quote for {custom_order.title}: {price}")) if message else None

"""What staff can do to one order from its admin page: the buttons the status machine allows now,
and the sentence saying where the order stands."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from config.api import ApiError
from payments import services as payments
from payments.forms import RejectForm
from payments.models import Refund

from . import services
from .forms import ParcelForm
from .status import TRANSITIONS, OrderStatus, RefundStatus


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, cancel it: the goods go back in stock"),
        error_messages={"required": gettext_lazy("Tick the box to confirm the cancellation.")},
    )


@dataclass(frozen=True)
class StaffAction:
    label: str
    done: str  # what the message says happened to %(order)s
    form: type | None = None  # what the button asks first
    primary: bool = False


ACTIONS = {
    "ship": StaffAction(gettext_lazy("Ship"), gettext_lazy("Order %(order)s shipped."), ParcelForm, primary=True),
    "finish": StaffAction(gettext_lazy("Mark completed"), gettext_lazy("Order %(order)s completed.")),
    "mark_paid": StaffAction(gettext_lazy("Mark paid offline"),
                             gettext_lazy("Order %(order)s marked paid: the money arrived outside the gateway.")),
    "approve_refund": StaffAction(gettext_lazy("Approve the refund"),
                                  gettext_lazy("Order %(order)s: refund approved, the money is being sent back."),
                                  primary=True),
    "reject_refund": StaffAction(gettext_lazy("Reject the refund"), gettext_lazy("Order %(order)s: refund rejected."),
                                 RejectForm),
    "cancel": StaffAction(gettext_lazy("Cancel the order"), gettext_lazy("Order %(order)s cancelled."), CancelForm),
}  # fmt: skip

# What the admin's list actions say they did, by how many orders.
DONE_MANY = {
    "ship": ngettext_lazy("%(count)d order shipped.", "%(count)d orders shipped.", "count"),
    "finish": ngettext_lazy("%(count)d order completed.", "%(count)d orders completed.", "count"),
    "cancel": ngettext_lazy("%(count)d order cancelled.", "%(count)d orders cancelled.", "count"),
}


def open_refund(order):
    """The buyer's refund request of ``order`` still waiting for staff (or failed at the gateway)."""
    return (
        order.refunds.filter(automatic=False, status__in=[Refund.Status.REQUESTED, Refund.Status.FAILED])
        .order_by("-pk")
        .first()
    )


def available(order):
    """The names of ``ACTIONS`` that can be done to ``order`` now, in the order the page shows them."""
    names = {name for name in ("ship", "finish", "cancel") if order.status in TRANSITIONS[name].sources}
    refund = open_refund(order)
    if refund is not None:
        names.add("approve_refund")
        if refund.status == Refund.Status.REQUESTED:
            names.add("reject_refund")
    if order.status == OrderStatus.WAITING:
        names.add("mark_paid")
    return [name for name in ACTIONS if name in names]


def run(name, order, data, staff):
    """Do action ``name`` to ``order`` with the posted ``data``; raises ``ApiError`` saying why not.
    Returns what staff must still do by hand, if anything."""
    if name not in available(order):
        raise ApiError(
            _("The order is %(status)s: “%(action)s” cannot be done now.")
            % {"status": OrderStatus(order.status).label, "action": ACTIONS[name].label}
        )
    form = ACTIONS[name].form(data) if ACTIONS[name].form else None
    if form is not None and not form.is_valid():
        raise ApiError(" ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()))
    fields = form.cleaned_data if form is not None else {}
    if name == "ship":
        services.ship_order(order=order, actor=staff, **fields)
    elif name == "finish":
        services.finish_order(order=order, actor=staff, note=services.COMPLETED_BY_STAFF)
    elif name == "cancel":
        services.cancel_order(order=order, actor=staff, note=services.CANCELLED_BY_STAFF)
    elif name == "mark_paid":
        payments.mark_paid_offline(order=order, staff=staff)
    elif name == "approve_refund":
        refund = payments.approve_refund(refund=open_refund(order), staff=staff)
        if refund.payment.pay_way == payments.OFFLINE:
            return _("It was paid outside the gateways: send the money back the same way.")
    else:
        payments.reject_refund(refund=open_refund(order), staff=staff, reason=fields["reason"])


SENTENCES = {
    OrderStatus.WAITING: gettext_lazy("Waiting for payment"),
    OrderStatus.PAID: gettext_lazy("Paid: waiting to be shipped"),
    OrderStatus.SHIPPED: gettext_lazy("Shipped"),
    OrderStatus.FINISHED: gettext_lazy("Completed"),
    OrderStatus.REFUNDED: gettext_lazy("Refunded"),
    OrderStatus.CLOSED: gettext_lazy("Cancelled"),
}


def state(order):
    """Where the order stands, and what it waits for, in a sentence."""
    if order.status == OrderStatus.REFUNDING:
        refund = order.refunds.filter(automatic=False).order_by("-pk").first()
        if refund is None or refund.status == Refund.Status.REQUESTED:
            return _("Refund requested: waiting for your decision")
        if refund.status == Refund.Status.FAILED:
            return _("Refund failed at the gateway: %(error)s. Approve it again to retry") % {
                "error": refund.error or _("no reason given")
            }
        return _("Refund approved: the money is being sent back")
    if order.status == OrderStatus.SHIPPED and order.end_at:
        sentence = _("Shipped: completes by itself on %(day)s") % {
            "day": date_format(timezone.localtime(order.end_at).date())
        }
    else:
        sentence = str(SENTENCES[OrderStatus(order.status)])
    if order.refund_status == RefundStatus.FAILED:
        sentence = _("%(state)s (a refund was rejected)") % {"state": sentence}
    return sentence

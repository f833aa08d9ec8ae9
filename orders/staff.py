"""What staff can do to one order from its admin page: the buttons the status machine allows now,
and the sentence saying where the order stands."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone

from config.api import ApiError
from payments import services as payments
from payments.forms import RejectForm
from payments.models import Refund

from . import services
from .forms import ParcelForm
from .status import TRANSITIONS, OrderStatus, RefundStatus


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, cancel it: the goods go back in stock",
        error_messages={"required": "Tick the box to confirm the cancellation."},
    )


@dataclass(frozen=True)
class StaffAction:
    label: str
    done: str  # what the message says happened
    form: type | None = None  # what the button asks first
    primary: bool = False


ACTIONS = {
    "ship": StaffAction("Ship", "shipped", ParcelForm, primary=True),
    "finish": StaffAction("Mark completed", "completed"),
    "mark_paid": StaffAction("Mark paid offline", "marked paid: the money arrived outside the gateway"),
    "approve_refund": StaffAction("Approve the refund", "refund approved: the money is being sent back",
                                  primary=True),
    "reject_refund": StaffAction("Reject the refund", "refund rejected", RejectForm),
    "cancel": StaffAction("Cancel the order", "cancelled", CancelForm),
}  # fmt: skip


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
        raise ApiError(f"order is {OrderStatus(order.status).label}: it cannot be {ACTIONS[name].done} now")
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
            return "It was paid outside the gateways: send the money back the same way."
    else:
        payments.reject_refund(refund=open_refund(order), staff=staff, reason=fields["reason"])


def state(order):
    """Where the order stands, and what it waits for, in a sentence."""
    if order.status == OrderStatus.REFUNDING:
        refund = order.refunds.filter(automatic=False).order_by("-pk").first()
        if refund is None or refund.status == Refund.Status.REQUESTED:
            return "Refund requested: waiting for your decision"
        if refund.status == Refund.Status.FAILED:
            return f"Refund failed at the gateway: {refund.error or 'no reason given'}. Approve it again to retry"
        return "Refund approved: the money is being sent back"
    sentences = {
        OrderStatus.WAITING: "Waiting for payment",
        OrderStatus.PAID: "Paid: waiting to be shipped",
        OrderStatus.SHIPPED: "Shipped",
        OrderStatus.FINISHED: "Completed",
        OrderStatus.REFUNDED: "Refunded",
        OrderStatus.CLOSED: "Cancelled",
    }
    sentence = sentences[OrderStatus(order.status)]
    if order.status == OrderStatus.SHIPPED and order.end_at:
        sentence += f": completes by itself on {timezone.localtime(order.end_at):%Y-%m-%d}"
    if order.refund_status == RefundStatus.FAILED:
        sentence += " (a refund was rejected)"
    return sentence

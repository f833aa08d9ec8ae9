"""The order status machine: the one table of allowed transitions and the one function applying them.

Every change of ``Order.status`` — by a shopper, staff, a payment or a Celery task — goes through
``apply_transition``, which locks the order row, checks the table after the lock, stamps the times
and records an ``OrderEvent``.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.api import ApiError


class OrderStatus(models.IntegerChoices):
    CLOSED = -1, gettext_lazy("cancelled")
    WAITING = 0, gettext_lazy("waiting for payment")
    PAID = 1, gettext_lazy("paid")
    SHIPPED = 2, gettext_lazy("shipped")
    FINISHED = 3, gettext_lazy("completed")
    REFUNDING = 8, gettext_lazy("refunding")
    REFUNDED = 9, gettext_lazy("refunded")


class RefundStatus(models.IntegerChoices):
    FAILED = -1, gettext_lazy("refund failed or rejected")
    NONE = 0, gettext_lazy("none or in progress")
    REFUNDED = 1, gettext_lazy("refunded")


# The ``status`` filter of /api/orders (spec section 6).
STATUS_FILTERS = {
    "waiting": OrderStatus.WAITING,
    "paid": OrderStatus.PAID,
    "delivery": OrderStatus.SHIPPED,
    "finished": OrderStatus.FINISHED,
    "refunding": OrderStatus.REFUNDING,
    "refunded": OrderStatus.REFUNDED,
    "closed": OrderStatus.CLOSED,
}


@dataclass(frozen=True)
class Transition:
    sources: tuple
    target: OrderStatus | None  # None: back to the status the order had before its refund request
    refusal: str  # why the action is refused from any other status
    title: str  # the step as the order's timeline names it


S = OrderStatus
TRANSITIONS = {
    "cancel": Transition(
        (S.WAITING,),
        S.CLOSED,
        gettext_lazy("only an order waiting for payment can be cancelled"),
        gettext_lazy("Cancelled"),
    ),
    "pay": Transition(
        (S.WAITING,), S.PAID, gettext_lazy("only an order waiting for payment can be paid"), gettext_lazy("Paid")
    ),
    "ship": Transition((S.PAID,), S.SHIPPED, gettext_lazy("only a paid order can be shipped"), gettext_lazy("Shipped")),
    "finish": Transition(
        (S.SHIPPED,), S.FINISHED, gettext_lazy("only a shipped order can be completed"), gettext_lazy("Completed")
    ),
    "grant_membership": Transition(
        (S.PAID,),
        S.FINISHED,
        gettext_lazy("only a paid VIP order grants its membership"),
        gettext_lazy("Membership granted"),
    ),
    "request_refund": Transition(
        (S.PAID, S.FINISHED),
        S.REFUNDING,
        gettext_lazy("only a paid or completed order can be refunded"),
        gettext_lazy("Refund requested"),
    ),
    "approve_refund": Transition(
        (S.REFUNDING,), S.REFUNDED, gettext_lazy("only a refunding order can be refunded"), gettext_lazy("Refunded")
    ),
    "reject_refund": Transition(
        (S.REFUNDING,),
        None,
        gettext_lazy("only a refunding order can have its refund rejected"),
        gettext_lazy("Refund rejected"),
    ),
}
# Each event's title on the timeline: the transitions', and the order's creation.
EVENT_TITLES = {"create": gettext_lazy("Order placed"), **{action: t.title for action, t in TRANSITIONS.items()}}


def apply_transition(order_pk, action, *, actor=None, note="", **changes):
    """Lock the order, check ``action`` is allowed from its current status, apply it and record it.

    ``changes`` are further fields to set in the same write (tracking number, refund status...).
    Returns the updated order; raises ``ApiError`` saying why when the action is not allowed.
    """
    from .models import Order, OrderEvent

    transition = TRANSITIONS[action]
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_pk)
        if order.status not in transition.sources:
            raise ApiError(
                _("order is %(status)s: %(refusal)s")
                % {"status": OrderStatus(order.status).label, "refusal": transition.refusal}
            )
        previous = order.status
        now = timezone.now()
        if action == "request_refund":
            order.status_before_refund = previous
        target = transition.target if transition.target is not None else order.status_before_refund
        order.status = target
        for field, value in {**_stamps(action, now), **changes}.items():
            setattr(order, field, value)
        order.save()
        OrderEvent.objects.create(order=order, action=action, from_status=previous, to_status=target, actor=actor,
                                  note=note)  # fmt: skip
    return order


# The time each action stamps on the order.
STAMPS = {"pay": "paid_at", "ship": "deliver_at", "finish": "finished_at", "grant_membership": "finished_at"}


def _stamps(action, now):
    return {STAMPS[action]: now} if action in STAMPS else {}


def apply_transition_to_many(order_pks, action, *, note=""):
    """The set form of ``apply_transition``, for the jobs: of ``order_pks`` (whose rows the caller
    has locked), those ``action`` is allowed from move on in one UPDATE, each with its event, by
    the same table. Returns the ids moved."""
    from .models import Order, OrderEvent

    transition = TRANSITIONS[action]
    if transition.target is None or action == "request_refund":
        raise ValueError(f"{action} depends on each order's past: use apply_transition")
    rows = list(Order.objects.filter(pk__in=order_pks, status__in=transition.sources).values_list("pk", "status"))
    moved = [pk for pk, _status in rows]
    now = timezone.now()
    Order.objects.filter(pk__in=moved).update(status=transition.target, updated_at=now, **_stamps(action, now))
    OrderEvent.objects.bulk_create(
        OrderEvent(order_id=pk, action=action, from_status=status, to_status=transition.target, note=note)
        for pk, status in rows
    )
    return moved

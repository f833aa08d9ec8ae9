"""The custom order's status machine: one table of what each action may do from each status, and the one
function applying it under the row's lock."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy

from config.api import ApiError

from .models import CustomOrder

S = CustomOrder.Status


@dataclass(frozen=True)
class Transition:
    moves: dict  # the status it may start from -> the status it leaves
    refusal: str  # why it is refused from any other status


OPEN = (S.PENDING, S.DISCUSSING, S.QUOTED)
TRANSITIONS = {
    # A shopper's change withdraws a quote: the shop quotes again for what is asked now.
    "update": Transition({S.PENDING: S.PENDING, S.DISCUSSING: S.DISCUSSING, S.QUOTED: S.DISCUSSING},
                         gettext_lazy("id: this request can no longer be changed")),
    "user_message": Transition({status: status for status in (*OPEN, S.ACCEPTED)},
                               gettext_lazy("comm_order_id: this request is closed")),
    "staff_message": Transition({S.PENDING: S.DISCUSSING, S.DISCUSSING: S.DISCUSSING, S.QUOTED: S.QUOTED,
                                 S.ACCEPTED: S.ACCEPTED}, gettext_lazy("this request is closed")),
    "quote": Transition(dict.fromkeys(OPEN, S.QUOTED), gettext_lazy("only an open request can be quoted")),
    "accept": Transition({S.QUOTED: S.ACCEPTED}, gettext_lazy("id: only a quoted request can be accepted")),
    "reject": Transition(dict.fromkeys(OPEN, S.REJECTED), gettext_lazy("only an open request can be declined")),
    "cancel": Transition(dict.fromkeys(OPEN, S.CANCELLED),
                         gettext_lazy("id: only an open request can be cancelled")),
}  # fmt: skip


def apply(custom_order_pk, action, **changes):
    """Lock the request, check ``action`` from its status now, move it and save ``changes`` with it.
    Returns the request as saved; a caller's own writes join its transaction by wrapping the call."""
    with transaction.atomic():
        custom_order = CustomOrder.objects.select_for_update().get(pk=custom_order_pk)
        transition = TRANSITIONS[action]
        if custom_order.status not in transition.moves:
            raise ApiError(str(transition.refusal))
        custom_order.status = transition.moves[custom_order.status]
        for name, value in changes.items():
            setattr(custom_order, name, value)
        custom_order.save(update_fields=["status", "updated_at", *changes])
    return custom_order

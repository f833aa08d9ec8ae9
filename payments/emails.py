"""The emails about refunds and late payments: to the buyer, and to the staff who handle them."""

from django.utils.translation import gettext_lazy as _

from shop.emails import STAFF_LANGUAGE, Mail, kind, staff_who_can, to_buyer

from .models import Payment, Refund


def _refund(pk):
    return Refund.objects.select_related("order__user").filter(pk=pk).first()


def _to_buyer(pk, subject):
    refund = _refund(pk)
    return to_buyer(refund.order, subject, refund=refund) if refund else None


@kind("refund_approved")
def refund_approved(pk):
    return _to_buyer(pk, _("Your refund for order {order.order_id} is approved"))


@kind("refund_rejected")
def refund_rejected(pk):
    return _to_buyer(pk, _("Your refund request for order {order.order_id} was not accepted"))


@kind("staff_refund_requested")
def staff_refund_requested(pk):
    refund = _refund(pk)
    if refund is None:
        return None
    return Mail(_("Refund requested for order {order.order_id}"), staff_who_can("payments.change_refund"),
                {"refund": refund, "order": refund.order}, language=STAFF_LANGUAGE)  # fmt: skip


@kind("staff_late_payment")
def staff_late_payment(pk):
    payment = Payment.objects.select_related("order").filter(pk=pk).first()
    if payment is None:
        return None
    return Mail(_("A payment arrived for closed order {order.order_id}: it is being refunded"),
                staff_who_can("payments.change_payment"), {"payment": payment, "order": payment.order},
                language=STAFF_LANGUAGE)  # fmt: skip

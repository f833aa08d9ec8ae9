"""The emails about refunds and late payments: to the buyer, and to the staff who handle them."""

from django.utils.translation import gettext_lazy as _

from shop.emails import kind, to_buyer, to_staff

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
    return to_staff("payments.change_refund", _("Refund requested for order {order.order_id}"), refund=refund,
                    order=refund.order)  # fmt: skip


@kind("staff_late_payment")
def staff_late_payment(pk):
    payment = Payment.objects.select_related("order").filter(pk=pk).first()
    if payment is None:
        return None
    return to_staff("payments.change_payment",
                    _("A payment arrived for closed order {order.order_id}: it is being refunded"), payment=payment,
                    order=payment.order)  # fmt: skip

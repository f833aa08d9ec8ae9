"""The emails a shopper gets about their order (``shop.emails``)."""

from django.utils.translation import gettext_lazy as _

from shop.emails import kind, to_buyer

from .models import Order


def _to_buyer(pk, subject):
    return to_buyer(Order.objects.select_related("user").prefetch_related("details").filter(pk=pk).first(), subject)


@kind("order_placed")
def order_placed(pk):
    return _to_buyer(pk, _("Order {order.order_id} placed: please pay to confirm it"))


@kind("order_paid")
def order_paid(pk):
    return _to_buyer(pk, _("Payment received for order {order.order_id}"))


@kind("order_shipped")
def order_shipped(pk):
    return _to_buyer(pk, _("Order {order.order_id} is on its way"))


@kind("order_closed")
def order_closed(pk):
    return _to_buyer(pk, _("Order {order.order_id} was closed: it was not paid in time"))

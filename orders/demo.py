"""Demo orders: one of the demo shopper's in every status, made through the real services.

Idempotent: nothing happens once the shopper has orders.
"""

from django.db.models import F
from django.utils.translation import gettext_noop

from shop.models import Goods, User

from .models import Order
from .pricing import Line
from .services import cancel_order, create_order, finish_order, save_address, ship_order

DEMO_CREDIT = 500_000  # ¥5,000 of store credit: the demo orders are paid from the balance

# The actions that take a new order to each status (cancel, pay, ship, request and approve a refund, finish).
ROUTES = [
    [],
    ["cancel"],
    ["pay"],
    ["pay", "ship"],
    ["pay", "ship", "finish"],
    ["pay", "request_refund"],
    ["pay", "request_refund", "approve_refund"],
]


def _step(order, action, shopper):
    from payments import services as payments  # demo orders are paid and refunded like real ones

    if action == "pay":
        payments.pay_with_balance(user=shopper, order=order)
        return order
    if action == "request_refund":
        return payments.request_refund(user=shopper, order_id=order.order_id, reason="demo: wrong colour")
    if action == "approve_refund":
        refund = order.refunds.get()
        payments.approve_refund(refund=refund, staff=None)
        payments.process_refund(refund.pk)
        return order
    if action == "cancel":
        return cancel_order(order=order, actor=shopper, note=gettext_noop("changed my mind (demo)"))
    if action == "ship":
        return ship_order(order=order, actor=None, express_company="SF Express", tracking_number=f"SF{order.pk:08d}")
    return finish_order(order=order, actor=shopper, note=gettext_noop("receipt confirmed (demo)"))


def seed_orders(shopper):
    if Order.objects.filter(user=shopper).exists():
        return
    User.objects.filter(pk=shopper.pk).update(balance=F("balance") + DEMO_CREDIT)
    address = save_address(
        user=shopper,
        data={"name": "Li Lei", "phone": "13800000001", "province": "Zhejiang", "city": "Hangzhou",
              "country": "Xihu", "address_info": "18 Wensan Road", "postcode": "310012"},
    )  # fmt: skip
    goods = Goods.objects.filter(stock__gt=3, skus__isnull=True).order_by("id")[: len(ROUTES)]
    for index, (item, route) in enumerate(zip(goods, ROUTES, strict=True)):
        order = create_order(user=shopper, lines=[Line(item.pk, None, 1 + index % 2)], address={"id": address.pk})
        for action in route:
            order = _step(order, action, shopper)

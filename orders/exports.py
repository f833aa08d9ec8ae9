"""What staff download of the orders: one row per order, or one per order line (``config.exports``
writes them as CSV or XLSX)."""

from django.utils.translation import gettext_lazy as _

from config.exports import Text
from shop.money import yuan

from .models import OrderDetail
from .status import OrderStatus

ORDER_HEADER = [_("Order number"), _("Placed"), _("Paid"), _("Status"), _("Buyer"), _("Phone"), _("Ship to"),
                _("List price"), _("Discount"), _("Of which coupon"), _("Amount"), _("Payment number"),
                _("Express company"), _("Tracking number"), _("Remark")]  # fmt: skip
LINE_HEADER = [_("Order number"), _("Placed"), _("Status"), _("Buyer"), _("Product"), _("Options"), _("Quantity"),
               _("Unit list price"), _("Unit price"), _("Amount")]  # fmt: skip
LINE_FIELDS = ["order__order_id", "order__created_at", "order__status", "user__username", "title", "sku_values",
               "quantity", "origin_price", "price", "amount"]  # fmt: skip
CHUNK = 2000  # rows a database round trip reads; memory stays flat at any number of orders


def order_rows(orders):
    for order in orders.select_related("user").order_by("pk").iterator(chunk_size=CHUNK):
        address = order.address_snapshot or {}
        yield [
            Text(order.order_id), order.created_at, order.paid_at, OrderStatus(order.status).label,
            order.user.username, Text(address.get("phone") or order.user.phone), ", ".join(order.address_lines()),
            yuan(order.origin_amount), yuan(order.discount_amount), yuan(order.coupon_amount), yuan(order.amount),
            Text(order.payment_id), order.express_company, Text(order.tracking_number), order.remark,
        ]  # fmt: skip


def line_rows(orders):
    lines = (
        OrderDetail.objects.filter(order__in=orders.values("pk"))
        .select_related("order", "user")
        .only(*LINE_FIELDS)
        .order_by("pk")
    )
    for line in lines.iterator(chunk_size=CHUNK):
        options = ", ".join(f"{value.get('option_title', '')}: {value.get('title', '')}" for value in line.sku_values)
        yield [
            Text(line.order.order_id), line.order.created_at, OrderStatus(line.order.status).label,
            line.user.username, line.title, options, line.quantity, yuan(line.origin_price), yuan(line.price),
            yuan(line.amount),
        ]  # fmt: skip

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from config.api import ApiError
from config.queries import Prepared
from shop.models import WishlistItem
from shop.selectors import goods_with_images

from .models import Address, Order, OrderDetail, ShopSettings
from .status import OrderStatus

SETTINGS_KEY = "shop-settings"
SETTINGS_TIMEOUT = 30  # the longest a reader racing a save can keep the old rules


def shop_settings():
    """The shop's order rules: the row staff edited, or the defaults until they do. Read through the
    cache (every checkout and order needs them): a save empties it at once and again at its commit."""
    rules = cache.get(SETTINGS_KEY)
    if rules is None:
        rules = ShopSettings.objects.filter(pk=1).first() or ShopSettings(pk=1)
        cache.set(SETTINGS_KEY, rules, SETTINGS_TIMEOUT)
    return rules


def settings_changed(**_signal_arguments):
    cache.delete(SETTINGS_KEY)
    transaction.on_commit(lambda: cache.delete(SETTINGS_KEY))  # a reader may have cached the old row since


def orders_with_lines(user, *, status=None, search=""):
    """My orders, newest first, with their buyer, lines and goods (for the list: six queries, any length).

    ``search`` finds an order by (part of) its number or of a product title in it.
    """
    details = OrderDetail.objects.select_related("group").prefetch_related(
        Prefetch("goods", queryset=goods_with_images())
    )
    orders = (
        Order.objects.filter(user=user)
        .select_related("user", "coupon_code")
        .prefetch_related(Prefetch("details", queryset=details))
    )
    if search:
        matching = OrderDetail.objects.filter(user=user, title__icontains=search).values("order_id")
        orders = orders.filter(Q(order_id__icontains=search) | Q(pk__in=matching))
    return orders if status is None else orders.filter(status=status)


def order_by_key(user, idempotency_key):
    """The order my earlier request with this ``Idempotency-Key`` made, or None (and for no key)."""
    return Order.objects.filter(user=user, idempotency_key=idempotency_key).first() if idempotency_key else None


def order_for_user(user, order_id):
    """One of my orders by its number, or ``ApiError`` "order not found" (also for someone else's)."""
    return _found(Order.objects.filter(user=user, order_id=order_id).first())


ORDER_KEYS = ("id", "updated_at")  # what orders.rendering reads of an order's row: the rest it caches
# My orders, newest first, as rows of ORDER_KEYS, of one status or all: paged by the API, written by the ORM
# once (config.queries).
MY_ORDER_ROWS = Prepared(lambda user_id, status: (
    Order.objects.filter(user_id=user_id, **({} if status is None else {"status": status})).values(*ORDER_KEYS)
))  # fmt: skip
# The order detail's row, written by the ORM once (config.queries).
MY_ORDER_ROW = Prepared(lambda user_id, order_id: (
    Order.objects.filter(user_id=user_id, order_id=order_id).values(*ORDER_KEYS)
))  # fmt: skip


def order_row_for_user(user, order_id):
    """``order_for_user`` as a row of ``ORDER_KEYS``."""
    return _found(next(iter(MY_ORDER_ROW(user.pk, order_id)), None))


def _found(order):
    if order is None:
        raise ApiError(_("order not found"))
    return order


def addresses_for_user(user):
    return Address.objects.filter(user=user).order_by("-is_default", "-created_at", "-id")


# Read by every checkout preview: written by the ORM once (config.queries).
LATEST_ADDRESS = Prepared(lambda user_id: (
    Address.objects.filter(user_id=user_id)
    .annotate(last_used=Max("orders__created_at"))
    .order_by("-is_default", F("last_used").desc(nulls_last=True), "-created_at", "-id")[:1]
))  # fmt: skip


def latest_address(user):
    """My default address, else the one my latest order went to, else my newest, else None."""
    return next(iter(LATEST_ADDRESS(user.pk)), None)


def order_statistics(user):
    counts = Order.objects.filter(user=user).aggregate(
        total=Count("id"),
        pending=Count("id", filter=Q(status=OrderStatus.WAITING)),
        paid=Count("id", filter=Q(status=OrderStatus.PAID)),
        delivery=Count("id", filter=Q(status=OrderStatus.SHIPPED)),
        finished=Count("id", filter=Q(status=OrderStatus.FINISHED)),
        refunding=Count("id", filter=Q(status=OrderStatus.REFUNDING)),
        refunded=Count("id", filter=Q(status=OrderStatus.REFUNDED)),
        cancelled=Count("id", filter=Q(status=OrderStatus.CLOSED)),
    )
    counts["processing"] = counts["paid"] + counts["delivery"]  # AnQiCMS's names beside ours
    counts["completed"] = counts["finished"]
    counts["wishlist"] = WishlistItem.objects.filter(user=user).count()
    return counts


def order_chart(user, *, days, status=None):
    """My orders per local day for the last ``days`` days, empty days included."""
    today = timezone.localdate()
    first = today - timedelta(days=days - 1)
    orders = Order.objects.filter(user=user, created_at__date__gte=first)
    if status is not None:
        orders = orders.filter(status=status)
    rows = {
        row["day"]: row
        for row in orders.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by()
    }
    chart = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        row = rows.get(day, {})
        chart.append({"date": day.isoformat(), "count": row.get("count", 0), "amount": row.get("amount") or 0})
    return chart

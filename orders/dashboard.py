"""The staff dashboard at the admin's index: sales of the last 30 days, what waits for staff, what runs
out and what sells. A fixed number of queries, each bounded by the 30 days or a limit, at any size."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from payments.models import Refund
from shop.models import Goods
from shop.money import format_money

from .models import Order, OrderDetail
from .status import OrderStatus

DAYS = 30
LOW_STOCK = 5
# Orders whose money the shop keeps (so far): revenue counts these.
SOLD = [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.FINISHED, OrderStatus.REFUNDING]


@dataclass(frozen=True)
class Period:
    label: str
    orders: int
    revenue: int


def sales():
    """Paid orders and revenue per day of the last ``DAYS`` days (today last), and the totals of today,
    7 and 30 days: one query over the days' paid orders."""
    today = timezone.localdate()
    first = today - timedelta(days=DAYS - 1)
    start = timezone.make_aware(datetime.combine(first, time.min))
    rows = (
        Order.objects.filter(paid_at__gte=start, status__in=SOLD)
        .annotate(day=TruncDate("paid_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(orders=Count("pk"), revenue=Sum("amount"))
    )
    found = {row["day"]: (row["orders"], row["revenue"]) for row in rows}
    days = [(first + timedelta(days=n), *found.get(first + timedelta(days=n), (0, 0))) for n in range(DAYS)]
    periods = [
        Period(label, sum(d[1] for d in days[-span:]), sum(d[2] for d in days[-span:]))
        for label, span in ((_("Today"), 1), (_("7 days"), 7), (_("30 days"), 30))
    ]
    return days, periods


def waiting():
    """What waits for staff: paid orders to ship, refund requests to decide (counts and the oldest)."""
    to_ship = Order.objects.filter(status=OrderStatus.PAID).order_by("paid_at", "pk")
    refunds = Refund.objects.filter(status=Refund.Status.REQUESTED, automatic=False).select_related("order")
    return {
        "to_ship": to_ship.count(),
        "oldest_to_ship": list(to_ship.select_related("user")[:5]),
        "refunds": refunds.count(),
        "oldest_refunds": list(refunds.order_by("created_at", "pk")[:5]),
    }


def by_status():
    """The orders placed in the last ``DAYS`` days, counted by status."""
    since = timezone.now() - timedelta(days=DAYS)
    counts = dict(Order.objects.filter(created_at__gte=since).values_list("status").annotate(n=Count("pk")))
    return [(OrderStatus(status).label, counts.get(status, 0)) for status in OrderStatus.values]


def running_out():
    """Published goods with at most ``LOW_STOCK`` left, emptiest first."""
    return list(
        Goods.objects.filter(status=Goods.Status.PUBLISHED, stock__lte=LOW_STOCK)
        .order_by("stock", "pk")
        .only("pk", "title", "stock")[:10]
    )


def top_sellers():
    """The goods sold most (in units) in paid orders of the last ``DAYS`` days."""
    since = timezone.now() - timedelta(days=DAYS)
    return list(
        OrderDetail.objects.filter(Q(order__paid_at__gte=since) & Q(order__status__in=SOLD) & Q(goods__isnull=False))
        .values("goods_id", "title")
        .annotate(units=Sum("quantity"), revenue=Sum("amount"))
        .order_by("-units", "goods_id")[:10]
    )


def _coordinates(*numbers):
    return [f"{number:.1f}" for number in numbers]  # format_html escapes its arguments into text first


def column_chart(days):
    """Revenue per day as an SVG column chart, drawn here: each column says its day and figures."""
    width, height, gap = 600, 160, 4
    top = max((revenue for _, _, revenue in days), default=0) or 1
    step = width / len(days)
    columns = format_html_join(
        "",
        '<rect class="column" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
        (
            (*_coordinates(i * step + gap / 2, height - revenue / top * height, step - gap, revenue / top * height),
             f"{day:%m-%d}", ngettext("%(n)d order, %(revenue)s", "%(n)d orders, %(revenue)s", orders)
             % {"n": orders, "revenue": format_money(revenue)})
            for i, (day, orders, revenue) in enumerate(days)
        ),
    )  # fmt: skip
    labels = format_html_join(
        "",
        '<text class="axis" x="{}" y="{}">{}</text>',
        ((*_coordinates(i * step), height + 14, f"{day:%m-%d}") for i, (day, _, _) in enumerate(days) if i % 7 == 0),
    )  # fmt: skip
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<line class="baseline" x1="0" y1="{}" x2="{}" y2="{}"></line>{}{}</svg>',
        width, height + 18, _("Revenue per day, last %(days)d days") % {"days": len(days)}, height, width, height,
        columns, labels,
    )  # fmt: skip


def bar_chart(rows, label):
    """``(name, value, shown)`` rows as horizontal SVG bars, the longest the widest."""
    width, row_height = 600, 22
    top = max((value for _, value, _ in rows), default=0) or 1
    bars = format_html_join(
        "",
        '<text class="name" x="0" y="{}">{}</text><rect class="bar" x="200" y="{}" width="{}" height="14">'
        '<title>{}: {}</title></rect><text class="figure" x="{}" y="{}">{}</text>',
        (
            (i * row_height + 12, name[:28], i * row_height + 1, *_coordinates(max(value / top * 320, 1)), name, shown,
             *_coordinates(206 + value / top * 320), i * row_height + 12, shown)
            for i, (name, value, shown) in enumerate(rows)
        ),
    )  # fmt: skip
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        width, max(len(rows), 1) * row_height, label, bars,
    )  # fmt: skip


def dashboard():
    """Everything the dashboard shows (eight queries)."""
    days, periods = sales()
    statuses = by_status()
    sellers = top_sellers()
    return {
        "periods": periods,
        "sales_chart": column_chart(days),
        "status_chart": bar_chart([(name, n, n) for name, n in statuses], _("Orders of the last 30 days by status")),
        "sellers_chart": bar_chart(
            [(row["title"], row["units"], f"{row['units']} · {format_money(row['revenue'])}") for row in sellers],
            _("Top sellers of the last 30 days, in units"),
        ),
        "has_sellers": bool(sellers),
        "running_out": running_out(),
        **waiting(),
    }

"""The order list and detail answers, built from value rows with plain functions.

The nested serializers rebuilt their fields for every order and line and rendered the full product
on each line; here a page is three value queries (the count, the orders with their coupon, the
lines with their products), the products' objects come from ``shop.rendering`` (cached), and the
buyer, who is me on every order, is rendered once. ``OrderListSerializer`` and
``OrderDetailSerializer`` stay as the documented schema; ``orders/tests/test_rendering.py`` holds
both to the same bytes.
"""

from collections import defaultdict

from config.api import unix_time
from shop.models import UserGroup
from shop.rendering import joined, objects_of_joined
from shop.serializers import GroupSerializer, UserSerializer

from .models import OrderDetail
from .serializers import DetailSerializer, OrderDetailSerializer, OrderListSerializer

ORDER_COLUMNS = (
    "id", "order_id", "payment_id", "user_id", "address_id", "remark", "type", "status", "refund_status",
    "origin_amount", "amount", "discount_amount", "paid_at", "end_at", "deliver_at", "finished_at", "seller_id",
    "seller_amount", "share_user_id", "share_parent_user_id", "share_amount", "share_parent_amount",
    "express_company", "tracking_number", "created_at", "updated_at", "is_updated", "address_snapshot",
    "coupon_code__id",
)  # fmt: skip
DETAIL_COLUMNS = ("id", "order_id", "user_id", "goods_id", "sku_id", "group_id", "sku_values", "price", "origin_price",
                  "amount", "origin_amount", "quantity", "status", "created_at", "updated_at", *joined())  # fmt: skip
ZERO_FOR_NONE = ("address_id", "seller_id", "share_user_id", "share_parent_user_id")
# Serializers built once: building their fields cost more than rendering with them (DRF rebuilds them per instance).
USER, GROUP = UserSerializer(), GroupSerializer()
TIMES = {"paid_time": "paid_at", "end_time": "end_at", "deliver_time": "deliver_at", "finished_time": "finished_at",
         "created_time": "created_at", "updated_time": "updated_at"}  # fmt: skip


def order_list(request, rows):
    """``/api/orders``: these order rows (of ``ORDER_COLUMNS``, mine) with ``user`` and ``details``."""
    return _orders(request, rows, OrderListSerializer.Meta.fields, user=USER.to_representation(request.user))


def order_detail(request, row):
    """``/api/order/detail``: one order row with ``details`` and ``order_address``."""
    return _orders(request, [row], OrderDetailSerializer.Meta.fields)[0]


def _orders(request, rows, fields, user=None):
    lines = _lines(request, {row["id"]: row["order_id"] for row in rows})
    answers = []
    for row in rows:
        values = {
            **row,
            **{name: row[name] or 0 for name in ZERO_FOR_NONE},
            **{name: unix_time(row[column]) for name, column in TIMES.items()},
            "coupon_code_id": row["coupon_code__id"] or 0,
            "is_updated": int(row["is_updated"]),
            "user": user,
            "details": lines[row["id"]],
            "order_address": row["address_snapshot"],
        }
        answers.append({name: values[name] for name in fields})
    return answers


def _lines(request, order_numbers):
    """``{order pk: [line objects]}`` for the orders ``{pk: order_id}``."""
    rows = list(OrderDetail.objects.filter(order_id__in=list(order_numbers)).order_by("id").values(*DETAIL_COLUMNS))
    goods = objects_of_joined(request, rows)
    group_ids = {row["group_id"] for row in rows if row["group_id"]}
    groups = {g.pk: GROUP.to_representation(g) for g in UserGroup.objects.filter(pk__in=group_ids)} if group_ids else {}
    lines = defaultdict(list)
    for row in rows:
        values = {
            **row,
            "order_id": order_numbers[row["order_id"]],
            "goods_id": row["goods_id"] or 0,
            "goods_item_id": row["sku_id"] or 0,
            "goods": goods.get(row["goods_id"]),
            "group": groups.get(row["group_id"]),
            "created_time": unix_time(row["created_at"]),
            "updated_time": unix_time(row["updated_at"]),
        }
        lines[row["order_id"]].append({name: values[name] for name in DetailSerializer.Meta.fields})
    return lines

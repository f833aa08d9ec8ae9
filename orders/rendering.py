"""The order list and detail answers, built from value rows with plain functions.

The nested serializers rebuilt their fields for every order and line and rendered the full product
on each line. Here a page reads only its orders' ids and ``updated_at``: each order's own part (its
fields and lines) comes from the cache, keyed by ``updated_at``, which every change of an order
touches; its products' objects come from ``shop.rendering`` (cached per product, counters fresh)
and the buyer, who is me on every order, is rendered once. ``OrderListSerializer`` and
``OrderDetailSerializer`` stay as the documented schema; ``orders/tests/test_rendering.py`` holds
both to the same bytes, and to every change of an order.
"""

from collections import defaultdict

from config.api import unix_time
from config.cache import get_or_build_many
from coupons.serializers import CouponCodeSerializer
from shop.models import UserGroup
from shop.rendering import KEY_ROWS, objects_of_rows
from shop.serializers import GroupSerializer, UserSerializer

from .models import Order, OrderDetail
from .serializers import ADDRESS, CheckoutSerializer, DetailSerializer, OrderDetailSerializer, OrderListSerializer

ORDER_COLUMNS = (
    "id", "order_id", "payment_id", "user_id", "address_id", "remark", "type", "status", "refund_status",
    "origin_amount", "amount", "discount_amount", "paid_at", "end_at", "deliver_at", "finished_at", "seller_id",
    "seller_amount", "share_user_id", "share_parent_user_id", "share_amount", "share_parent_amount",
    "express_company", "tracking_number", "created_at", "updated_at", "is_updated", "address_snapshot",
    "coupon_code__id",
)  # fmt: skip
DETAIL_COLUMNS = ("id", "order_id", "user_id", "goods_id", "sku_id", "group_id", "sku_values", "price", "origin_price",
                  "amount", "origin_amount", "quantity", "status", "created_at", "updated_at")  # fmt: skip
ZERO_FOR_NONE = ("address_id", "seller_id", "share_user_id", "share_parent_user_id")
# Serializers built once: building their fields cost more than rendering with them (DRF rebuilds them per instance).
USER, GROUP, CODE = UserSerializer(), GroupSerializer(), CouponCodeSerializer()
TIMES = {"paid_time": "paid_at", "end_time": "end_at", "deliver_time": "deliver_at", "finished_time": "finished_at",
         "created_time": "created_at", "updated_time": "updated_at"}  # fmt: skip
TIMEOUT = 24 * 60 * 60


def order_list(request, rows):
    """``/api/orders``: these orders (rows of ``selectors.ORDER_KEYS``, mine) with ``user`` and ``details``."""
    return _orders(request, rows, OrderListSerializer.Meta.fields, user=USER.to_representation(request.user))


def order_detail(request, row):
    """``/api/order/detail``: one order (a row of ``selectors.ORDER_KEYS``) with ``details`` and ``order_address``."""
    return _orders(request, [row], OrderDetailSerializer.Meta.fields)[0]


def _orders(request, rows, fields, user=None):
    """Each order's own part (its row and lines) is cached per ``updated_at``, which every change of an
    order touches (lines never change); the products and groups its lines show are laid in fresh."""
    keys = {row["id"]: f"order:{row['id']}:{row['updated_at'].timestamp()}" for row in rows}
    orders = list(get_or_build_many(keys, _build, TIMEOUT).values())
    lines = [line for order in orders for line in order["details"]]
    goods_ids = {line["goods_id"] for line in lines if line["goods_id"]}
    goods = objects_of_rows(request, KEY_ROWS(*goods_ids))
    group_ids = {line["group_id"] for line in lines if line["group_id"]}
    groups = {g.pk: GROUP.to_representation(g) for g in UserGroup.objects.filter(pk__in=group_ids)} if group_ids else {}
    answers = []
    for order in orders:
        details = []
        for line in order["details"]:
            line = {**line, "goods": goods.get(line["goods_id"]), "group": groups.get(line["group_id"])}
            details.append({name: line[name] for name in DetailSerializer.Meta.fields})
        values = {**order, "user": user, "details": details}
        answers.append({name: values[name] for name in fields})
    return answers


def _build(pks):
    """``{pk: the order's own part}``: its fields, and its lines without their product and group."""
    lines = defaultdict(list)
    for row in OrderDetail.objects.filter(order_id__in=pks).order_by("id").values(*DETAIL_COLUMNS):
        lines[row["order_id"]].append({
            **row,
            "goods_id": row["goods_id"] or 0,
            "goods_item_id": row["sku_id"] or 0,
            "created_time": unix_time(row["created_at"]),
            "updated_time": unix_time(row["updated_at"]),
        })  # fmt: skip
    built = {}
    for row in Order.objects.filter(pk__in=pks).values(*ORDER_COLUMNS):
        for line in lines[row["id"]]:
            line["order_id"] = row["order_id"]
        built[row["id"]] = {
            **row,
            **{name: row[name] or 0 for name in ZERO_FOR_NONE},
            **{name: unix_time(row[column]) for name, column in TIMES.items()},
            "coupon_code_id": row["coupon_code__id"] or 0,
            "is_updated": int(row["is_updated"]),
            "details": lines[row["id"]],
            "order_address": row["address_snapshot"],
        }
    return built


def checkout(priced, address, usable, goods):
    """``/api/order/checkout``: the priced order (``goods``: its lines' product objects), the address it
    would go to and my usable codes, each with the discount it gives, as ``CheckoutSerializer`` writes it."""
    discounts = {code.pk: off for code, off in usable}
    if priced.coupon_code is not None:
        discounts[priced.coupon_code.pk] = priced.coupon_amount

    def code_of(code):
        return {**CODE.to_representation(code), "discount": discounts.get(code.pk, 0)}

    details = [{"goods_id": line.goods_id, "goods_sku_id": line.sku_id or 0, "sku_values": line.sku_values,
                "quantity": line.quantity, "origin_price": line.origin_price, "price": line.price,
                "origin_amount": line.origin_amount, "amount": line.amount, "goods": goods[line.goods_id]}
               for line in priced.lines]  # fmt: skip
    values = {
        "details": details, "origin_amount": priced.origin_amount, "discount_amount": priced.discount_amount,
        "amount": priced.amount, "coupon": code_of(priced.coupon_code) if priced.coupon_code is not None else None,
        "coupons": [code_of(code) for code, _off in usable],
        "address": ADDRESS.to_representation(address) if address is not None else None,
    }  # fmt: skip
    return {name: values[name] for name in CheckoutSerializer._declared_fields}

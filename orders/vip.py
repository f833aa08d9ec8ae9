"""VIP membership orders (spec section 12): a membership of a user group, sold as an order of
``type: "vip"``. Paying completes it at once and extends the buyer's membership; a refund takes
back the days it gave; a daily job returns lapsed members to the default group."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from config.api import ApiError
from orders.numbers import next_number
from shop.models import User
from shop.selectors import default_group, groups_on_sale

from .models import Order, OrderDetail, OrderEvent
from .selectors import order_by_key
from .status import apply_transition

DEFAULT_DAYS = 365


def group_on_sale(lines):
    """The group a VIP order's one line names (its checkout shows it), or ``ApiError``."""
    if len(lines) != 1 or lines[0].quantity != 1:
        raise ApiError(_("details: a VIP order is one group, quantity 1"))
    group = groups_on_sale().filter(pk=lines[0].goods_id).first()
    if group is None:
        raise ApiError(_("details[0].goods_id: no such membership on sale"))
    return group


def create_vip_order(*, user, lines, remark="", idempotency_key=None):
    """A VIP order for the group named by the one line: its price, no stock, no address, no coupon."""
    group = group_on_sale(lines)
    existing = order_by_key(user, idempotency_key)
    if existing:
        return existing
    order_id = next_number("order")
    with transaction.atomic():
        User.objects.select_for_update(of=("self",)).get(pk=user.pk)  # one buyer's checkouts in turn, as goods
        existing = order_by_key(user, idempotency_key)
        if existing:
            return existing
        order = Order.objects.create(
            order_id=order_id, user=user, type="vip", remark=remark or group.title, origin_amount=group.price,
            amount=group.price, idempotency_key=idempotency_key or None,
        )  # fmt: skip
        OrderDetail.objects.create(
            order=order, user=user, group=group, title=group.title, quantity=1, origin_price=group.price,
            price=group.price, origin_amount=group.price, amount=group.price,
            vip_days=group.expire_day or DEFAULT_DAYS,
        )  # fmt: skip
        OrderEvent.objects.create(order=order, action="create", to_status=order.status, actor=user)
    return order


def grant(order):
    """The paid VIP ``order`` completes and its buyer becomes a member of its group, for its days
    from today or from their current expiry, whichever is later. Runs in the paying transaction;
    the buyer's row is updated in one statement, so two payments at once add up."""
    detail = order.details.select_related("group").get()
    now = timezone.now()
    User.objects.filter(pk=order.user_id).update(
        group=detail.group,
        expire_time=Greatest(Coalesce(F("expire_time"), Value(now)), Value(now)) + timedelta(days=detail.vip_days),
    )
    apply_transition(order.pk, "grant_membership", note=f"{detail.group.title} for {detail.vip_days} days")


def revoke(order):
    """A refunded VIP order takes back the days it gave; a membership left in the past ends now."""
    detail = order.details.get()
    now = timezone.now()
    User.objects.filter(pk=order.user_id).update(expire_time=F("expire_time") - timedelta(days=detail.vip_days))
    User.objects.filter(pk=order.user_id, expire_time__lte=now).update(group=default_group(), expire_time=now)


def expire_members():
    """Members whose time has passed go back to the default group; how many."""
    default = default_group()
    return User.objects.filter(expire_time__lt=timezone.now()).exclude(group=default).update(group=default)

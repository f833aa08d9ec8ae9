from datetime import timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cart.models import CartItem
from config.api import ApiError
from config.queries import Prepared
from coupons import services as coupons
from shop import emails, stock
from shop.models import User
from shop.money import format_money
from shop.selectors import PURCHASABLE, skus_with_values

from .models import Address, Commission, Order, OrderDetail, OrderEvent, default_remark
from .numbers import next_number
from .pricing import Line, check_lines, price_order
from .selectors import latest_address, order_by_key, shop_settings
from .status import OrderStatus, apply_transition, apply_transition_to_many

# Orders whose goods count against a product's per-customer limit.
LIMIT_EXCLUDED_STATUSES = (OrderStatus.CLOSED, OrderStatus.REFUNDED)
# Who cancelled or completed an order, noted on its timeline: fixed phrases the order page translates.
CANCELLED_BY_BUYER = gettext_noop("cancelled by the buyer")
RECEIVED_BY_BUYER = gettext_noop("receipt confirmed by the buyer")
CANCELLED_BY_STAFF = gettext_noop("cancelled by staff")
COMPLETED_BY_STAFF = gettext_noop("completed by staff")


def _my_address(user, pk, field):
    address = Address.objects.filter(user=user, pk=pk).first()
    if address is None:
        raise ApiError(_("%(field)s: not one of your addresses") % {"field": field})
    return address


def save_address(*, user, data):
    """Create an address, or update it when ``data["id"]`` is one of mine."""
    address_id = data.pop("id", None)
    address = _my_address(user, address_id, "id") if address_id else Address(user=user)
    for field, value in data.items():
        setattr(address, field, value)
    address.save()
    return address


def delete_address(*, user, address_id):
    """Delete one of my addresses; orders keep the copy they were placed with."""
    _my_address(user, address_id, "id").delete()


def set_default_address(*, user, address_id):
    """Make one of my addresses the one checkout offers first."""
    address = _my_address(user, address_id, "id")
    with transaction.atomic():
        Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(is_default=False)
        Address.objects.filter(pk=address.pk).update(is_default=True)


def _lines_of(user, lines, cart_ids):
    """The order's lines: ``lines`` when given, else the cart rows ``cart_ids``. Those rows must be
    mine either way, as the order removes them from the cart."""
    rows = list(CartItem.objects.filter(user=user, pk__in=cart_ids)) if cart_ids else []
    if len(rows) != len(set(cart_ids or ())):
        raise ApiError(_("cart_ids: some of these are not in your cart"))
    return _merge(lines or [Line(row.goods_id, row.sku_id, row.quantity) for row in rows])


def _merge(lines):
    """One line per product and SKU: the same item twice is one line with the quantities added."""
    merged = {}
    for line in lines:
        key = (line.goods_id, line.sku_id or None)
        if key in merged:
            merged[key].quantity += line.quantity
        else:
            merged[key] = Line(line.goods_id, line.sku_id or None, line.quantity, line.quoted_price)
    return list(merged.values())


def _catalog(lines):
    """The goods and SKUs of ``lines``, read without a lock: stock is taken by conditional UPDATEs."""
    goods = {one.pk: one for one in PURCHASABLE(*{line.goods_id for line in lines})}
    return goods, skus_with_values({line.sku_id for line in lines if line.sku_id})


def _check_user_limits(user, lines, goods):
    limits = {pk: g.user_limit for pk, g in goods.items() if g.user_limit}
    if not limits:
        return
    wanted = {}
    for line in lines:
        if line.goods_id in limits:
            wanted[line.goods_id] = wanted.get(line.goods_id, 0) + line.quantity
    bought = dict(
        OrderDetail.objects.filter(user=user, goods_id__in=wanted)
        .exclude(order__status__in=LIMIT_EXCLUDED_STATUSES)
        .values_list("goods_id")
        .annotate(total=Sum("quantity"))
    )
    for goods_id, quantity in wanted.items():
        already = bought.get(goods_id, 0)
        if already + quantity > limits[goods_id]:
            left = max(limits[goods_id] - already, 0)
            raise ApiError(
                _("%(title)s: at most %(limit)s per customer (%(left)s left for you)")
                % {"title": goods[goods_id].local_title, "limit": limits[goods_id], "left": left}
            )


def _address_for(user, address):
    """The order's address: one of mine by id, a new one (saved to my book), or my latest."""
    if address is None:
        return latest_address(user)
    if address.get("id"):
        return _my_address(user, address["id"], "address.id")
    return Address.objects.create(user=user, **address)


def _priced(user, lines, goods, skus, *, code):
    check_lines(lines, goods, skus)
    _check_user_limits(user, lines, goods)
    return price_order(lines, goods, skus, buyer=user, seller_percent=lambda: shop_settings().seller_percent,
                       coupon_code=code)  # fmt: skip


def checkout_preview(*, user, lines=None, cart_ids=None, address=None, coupon=None):
    """What ``create_order`` would charge for the same body, writing nothing.

    Returns the priced order, the address it would go to, and my codes usable on it.
    """
    lines = _lines_of(user, lines, cart_ids)
    buyer = _buyer(user)
    code = coupons.code_for_order(user=user, preview=True, **(coupon or {}))
    goods, skus = _catalog(lines)
    priced = _priced(buyer, lines, goods, skus, code=code)
    stock.check_available(priced.lines, goods, skus)
    if address is not None and not address.get("id"):
        shown = Address(user=user, **address)  # shown back, saved only when the order is placed
    else:
        shown = _address_for(user, address)
    # A coupon changes the totals, not the lines, so the same lines tell which of my codes apply.
    return priced, shown, coupons.usable_codes(user=user, lines=priced.lines)


# The buyer with the inviters who price the order (member discount, commissions), written by the ORM once
# (config.queries); and the same with the buyer's row locked.
BUYER = Prepared(lambda pk: User.objects.select_related("parent__group", "parent__parent__group").filter(pk=pk))
LOCKED_BUYER = Prepared(lambda pk: (
    User.objects.select_for_update(of=("self",)).select_related("parent__group", "parent__parent__group").filter(pk=pk)
))  # fmt: skip


def _buyer(user, *, lock=False):
    """``user`` with the inviters who price the order, read again only when there are any, or ``lock``ed."""
    if lock:
        return LOCKED_BUYER(user.pk)[0]
    return user if user.parent_id is None else BUYER(user.pk)[0]


def create_order(
    *,
    user,
    lines=None,
    cart_ids=None,
    address=None,
    coupon=None,
    remark="",
    idempotency_key=None,
    expected_amount=None,
):
    """Place an order: price every line from the database, apply at most one coupon, reserve stock,
    save it all, or nothing. ``coupon`` is ``{coupon_code | coupon_code_id | coupon_id: ...}``.

    With an ``expected_amount`` (the total the shopper was shown) a different total is refused.

    With an ``idempotency_key`` a retried request (even a concurrent one) returns the first order.
    """
    existing = order_by_key(user, idempotency_key)
    if existing:
        return existing
    order_id = next_number("order")
    with transaction.atomic(durable=True):
        # One buyer's orders queue on the buyer's row where a rule spans them, checked after the lock: the
        # idempotency key (two concurrent retries make one order), the cart rows an order empties, a coupon,
        # per-customer limits. An order with none of them takes no lock.
        locked = bool(idempotency_key or cart_ids or coupon)
        buyer = _buyer(user, lock=locked)
        existing = order_by_key(user, idempotency_key)
        if existing:
            return existing
        lines = _lines_of(user, lines, cart_ids)
        goods, skus = _catalog(lines)
        if not locked and any(one.user_limit for one in goods.values()):
            buyer = _buyer(user, lock=True)
        code = coupons.code_for_order(user=user, **(coupon or {}))
        priced = _priced(buyer, lines, goods, skus, code=code)
        if expected_amount is not None and priced.amount != expected_amount:
            raise ApiError(
                _("amount: the total is now %(amount)s, please check it and order again")
                % {"amount": format_money(priced.amount)}
            )
        stock.check_available(priced.lines, goods, skus)  # refuse early what is already gone
        address = _address_for(user, address)
        order = Order.objects.create(
            order_id=order_id,
            user=user,
            address=address,
            address_snapshot=_snapshot(address),
            remark=remark or default_remark([line.goods.title for line in priced.lines]),
            origin_amount=priced.origin_amount,
            discount_amount=priced.discount_amount,
            coupon_amount=priced.coupon_amount,
            amount=priced.amount,
            seller_id=priced.seller_id,
            seller_amount=priced.seller_amount,
            share_user=priced.share_user,
            share_amount=priced.share_amount,
            share_parent_user=priced.share_parent_user,
            share_parent_amount=priced.share_parent_amount,
            idempotency_key=idempotency_key or None,
            placed_email_due=True,  # queued by orders.tasks.send_placed_emails: no message in the order's time
        )
        OrderDetail.objects.bulk_create(
            OrderDetail(
                order=order,
                user=user,
                goods=line.goods,
                sku=line.sku,
                title=line.goods.title,
                sku_values=line.sku_values,
                quantity=line.quantity,
                origin_price=line.origin_price,
                price=line.price,
                origin_amount=line.origin_amount,
                amount=line.amount,
            )
            for line in priced.lines
        )
        OrderEvent.objects.create(order=order, action="create", to_status=order.status, actor=user)
        if code:
            coupons.use_code(code, order)
        if cart_ids:
            CartItem.objects.filter(user=user, pk__in=cart_ids).delete()
        stock.take(priced.lines, goods, skus)  # last: the hot rows stay locked only until the commit
    Order.coupon_code.related.set_cached_value(order, code)  # known here: the answer reads it without a query
    return order


def _snapshot(address):
    if address is None:
        return None
    from .serializers import ADDRESS

    return ADDRESS.to_representation(address)


def cancel_order(*, order, actor=None, note=""):
    """Cancel (or close) an order waiting for payment: its goods go back in stock and its coupon
    code becomes usable again, once."""
    with transaction.atomic():
        order = apply_transition(order.pk, "cancel", actor=actor, note=note)
        _give_back([order.pk])
    return order


def _give_back(order_pks):
    """What closed orders held: their goods back in stock (a membership line holds none), their
    coupon codes usable again."""
    stock.give_back(OrderDetail.objects.filter(order_id__in=order_pks).exclude(goods=None).only(
        "goods_id", "sku_id", "quantity"))  # fmt: skip
    coupons.release_for_orders(order_pks)


def ship_order(*, order, actor, express_company, tracking_number):
    """Ship a paid order; it completes by itself ``auto_finish_day`` days later."""
    express_company, tracking_number = express_company.strip(), tracking_number.strip()
    if not express_company or not tracking_number:
        raise ApiError(_("express_company and tracking_number are required to ship"))
    shipped_at = timezone.now()
    with transaction.atomic():
        order = apply_transition(order.pk, "ship", actor=actor, express_company=express_company,
                                 tracking_number=tracking_number, deliver_at=shipped_at,
                                 end_at=shipped_at + timedelta(days=shop_settings().auto_finish_day))  # fmt: skip
        emails.send_after_commit("order_shipped", order.pk)
    return order


def finish_order(*, order, actor=None, note=""):
    """Complete a shipped order and credit its commissions in the same transaction."""
    with transaction.atomic():
        order = apply_transition(order.pk, "finish", actor=actor, note=note)
        credit_commissions([order.pk])
    return order


def close_orders(order_pks, *, note):
    """The close job's set form of ``cancel_order``: of ``order_pks``, those still waiting and not
    held by another worker close together, their stock and coupon codes given back in a few
    aggregated statements. Returns how many closed."""
    with transaction.atomic():
        free = Order.objects.select_for_update(skip_locked=True).filter(pk__in=order_pks, status=OrderStatus.WAITING)
        closed = apply_transition_to_many(list(free.values_list("pk", flat=True)), "cancel", note=note)
        _give_back(closed)
        emails.send_after_commit("order_closed", *closed)
    return len(closed)


def finish_orders(order_pks, *, due_by, note):
    """The complete job's set form of ``finish_order``: of ``order_pks``, those shipped, due by
    ``due_by`` and not held by another worker complete together, commissions credited once per
    beneficiary. Returns how many completed."""
    with transaction.atomic():
        free = Order.objects.select_for_update(skip_locked=True).filter(
            pk__in=order_pks, status=OrderStatus.SHIPPED, end_at__lte=due_by
        )
        finished = apply_transition_to_many(list(free.values_list("pk", flat=True)), "finish", note=note)
        credit_commissions(finished)
    return len(finished)


def credit_commissions(order_pks):
    """Record each commission of the orders once and add them to the beneficiaries' balances, one
    UPDATE per beneficiary (locked in id order, as every balance writer does)."""
    earned = []
    for pk, share, share_amount, parent, parent_amount, seller, seller_amount in Order.objects.filter(
        pk__in=order_pks
    ).values_list("pk", "share_user_id", "share_amount", "share_parent_user_id", "share_parent_amount", "seller_id",
                  "seller_amount"):  # fmt: skip
        for kind, user_id, amount in ((Commission.Kind.SHARE, share, share_amount),
                                      (Commission.Kind.SHARE_PARENT, parent, parent_amount),
                                      (Commission.Kind.SELLER, seller, seller_amount)):  # fmt: skip
            if user_id and amount > 0:
                earned.append(Commission(order_id=pk, user_id=user_id, kind=kind, amount=amount))
    if not earned:
        return
    Commission.objects.bulk_create(earned)
    totals = {}
    for commission in earned:
        balance, reward = totals.get(commission.user_id, (0, 0))
        bonus = commission.amount if commission.kind != Commission.Kind.SELLER else 0
        totals[commission.user_id] = (balance + commission.amount, reward + bonus)
    list(User.objects.select_for_update().filter(pk__in=totals).order_by("pk"))
    for user_id, (balance, reward) in sorted(totals.items()):
        User.objects.filter(pk=user_id).update(balance=F("balance") + balance, total_reward=F("total_reward") + reward)

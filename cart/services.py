"""Carts of users and of guests (spec sections 2 and 4).

A cart is not a reservation: it checks stock and ``user_limit`` so shoppers learn early, and the
order re-checks everything under row locks.
"""

import math
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.api import ApiError
from config.queries import Prepared, PreparedUpdate
from shop.services import item_for_sale

from .models import CartItem

CHANGED = gettext_lazy("your cart changed at the same time, please try again")
# A cart's row of one item (a user's, or a guest token's), and the same raised by ``n`` when it holds at most
# ``within``: each add runs both, so the ORM writes them once (config.queries).
ROW = Prepared(lambda user_id, token, goods_id, sku_id: CartItem.objects.filter(
    user_id=user_id, goods_id=goods_id, sku_id=sku_id, **({} if token is None else {"token": token})
))  # fmt: skip
ADD = PreparedUpdate(lambda user_id, token, goods_id, sku_id, within, n: (
    ROW.build(user_id, token, goods_id, sku_id).filter(quantity__lte=within),
    {"quantity": F("quantity") + n, "updated_at": Now()},
))  # fmt: skip


def new_cart_token():
    return secrets.token_urlsafe(24)


def owner_of(user, token):
    """The filter naming a cart: the user's when logged in, else the guest token's."""
    if user is not None and user.is_authenticated:
        return {"user": user}
    return {"user": None, "token": token}


def _most(goods, sku):
    """How many of this product and SKU one cart row may hold."""
    return min((sku or goods).stock, goods.user_limit or math.inf)


def _check_quantity(goods, sku, quantity):
    if quantity > _most(goods, sku):
        available = (sku or goods).stock
        if quantity > available:
            raise ApiError(
                _("quantity: only %(available)s of %(title)s in stock")
                % {"available": available, "title": goods.local_title}
            )
        raise ApiError(
            _("quantity: at most %(limit)s of %(title)s per customer")
            % {"limit": goods.user_limit, "title": goods.local_title}
        )


def add_item(*, owner, goods_id, sku_id, quantity):
    """Add ``quantity`` to the cart row of this product and SKU, creating it if needed.

    The row's new quantity is checked in the statement that changes it, under its row lock, so
    two adds at once cannot together take it past the stock.
    """
    goods, sku = item_for_sale(goods_id, sku_id)
    rows = CartItem.objects.filter(**owner, goods=goods, sku=sku)
    row = (owner["user"] and owner["user"].pk, owner.get("token"), goods.pk, sku and sku.pk)
    for _attempt in range(2):
        if ADD(*row, _most(goods, sku) - quantity, quantity):
            (item,) = ROW(*row)
            item.goods, item.sku = goods, sku
            return item
        item = rows.first()
        _check_quantity(goods, sku, quantity + (item.quantity if item else 0))  # says why it does not fit
        if item is None:
            created = _create(owner, goods, sku, quantity)
            if created:
                return created
    raise ApiError(CHANGED)


def set_quantity(*, owner, goods_id, sku_id, quantity):
    """Set the quantity of this product and SKU (0 removes it); returns the row or None."""
    if quantity == 0:
        CartItem.objects.filter(**owner, goods_id=goods_id, sku_id=sku_id or None).delete()
        return None
    goods, sku = item_for_sale(goods_id, sku_id)
    _check_quantity(goods, sku, quantity)
    for _attempt in range(2):
        if CartItem.objects.filter(**owner, goods=goods, sku=sku).update(quantity=quantity):
            return CartItem.objects.get(**owner, goods=goods, sku=sku)
        created = _create(owner, goods, sku, quantity)
        if created:
            return created
    raise ApiError(CHANGED)


def _create(owner, goods, sku, quantity):
    """The new cart row, or None when a parallel request created the same row first."""
    # Requests run in autocommit (no ATOMIC_REQUESTS), so a failed insert leaves the connection usable.
    try:
        return CartItem.objects.create(
            **owner, goods=goods, sku=sku, quantity=quantity, origin_price=(sku or goods).price
        )
    except IntegrityError:
        return None


def remove_item(*, owner, item_id):
    deleted, _rows = CartItem.objects.filter(**owner, pk=item_id).delete()
    if not deleted:
        raise ApiError(_("id: not in your cart"))


@transaction.atomic
def merge_guest_cart(*, token, user):
    """Move a guest's cart into the user's: quantities of the same item add up, capped by stock."""
    guest_rows = list(CartItem.objects.filter(user=None, token=token).select_related("goods", "sku"))
    if not guest_rows:
        return
    mine = {(row.goods_id, row.sku_id): row for row in CartItem.objects.filter(user=user)}
    for row in guest_rows:
        available = (row.sku or row.goods).stock
        existing = mine.get((row.goods_id, row.sku_id))
        if existing:
            existing.quantity = min(existing.quantity + row.quantity, max(available, existing.quantity))
            existing.save(update_fields=["quantity", "updated_at"])
            row.delete()
        else:
            row.user, row.token = user, ""
            row.quantity = min(row.quantity, available) or row.quantity
            row.save(update_fields=["user", "token", "quantity", "updated_at"])

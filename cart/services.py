"""Carts of users and of guests (spec sections 2 and 4).

A cart is not a reservation: it checks stock and ``user_limit`` so shoppers learn early, and the
order re-checks everything under row locks.
"""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from config.api import ApiError
from shop.services import item_for_sale

from .models import CartItem


def new_cart_token():
    return secrets.token_urlsafe(24)


def owner_of(user, token):
    """The filter naming a cart: the user's when logged in, else the guest token's."""
    if user is not None and user.is_authenticated:
        return {"user": user}
    return {"user": None, "token": token}


def _check_quantity(goods, sku, quantity):
    available = (sku or goods).stock
    if quantity > available:
        raise ApiError(f"quantity: only {available} of {goods.title} in stock")
    if goods.user_limit and quantity > goods.user_limit:
        raise ApiError(f"quantity: at most {goods.user_limit} of {goods.title} per customer")


def add_item(*, owner, goods_id, sku_id, quantity):
    """Add ``quantity`` to the cart row of this product and SKU, creating it if needed."""
    goods, sku = item_for_sale(goods_id, sku_id)
    item = CartItem.objects.filter(**owner, goods=goods, sku=sku).first()
    _check_quantity(goods, sku, quantity + (item.quantity if item else 0))
    if item:
        CartItem.objects.filter(pk=item.pk).update(quantity=F("quantity") + quantity)
        item.quantity += quantity
        return item
    return _create(owner, goods, sku, quantity)


def set_quantity(*, owner, goods_id, sku_id, quantity):
    """Set the quantity of this product and SKU (0 removes it); returns the row or None."""
    if quantity == 0:
        CartItem.objects.filter(**owner, goods_id=goods_id, sku_id=sku_id or None).delete()
        return None
    goods, sku = item_for_sale(goods_id, sku_id)
    _check_quantity(goods, sku, quantity)
    if CartItem.objects.filter(**owner, goods=goods, sku=sku).update(quantity=quantity):
        return CartItem.objects.get(**owner, goods=goods, sku=sku)
    return _create(owner, goods, sku, quantity)


def _create(owner, goods, sku, quantity):
    # Requests run in autocommit (no ATOMIC_REQUESTS), so a failed insert leaves the connection usable.
    try:
        return CartItem.objects.create(
            **owner, goods=goods, sku=sku, quantity=quantity, origin_price=(sku or goods).price
        )
    except IntegrityError:  # the same item was added by a parallel request
        raise ApiError("your cart changed at the same time, please try again") from None


def remove_item(*, owner, item_id):
    deleted, _ = CartItem.objects.filter(**owner, pk=item_id).delete()
    if not deleted:
        raise ApiError("id: not in your cart")


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

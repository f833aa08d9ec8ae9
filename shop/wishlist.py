"""The wishlist (spec section 9): services and selector in one small module."""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from config.api import ApiError

from .models import WishlistItem
from .selectors import goods_with_images
from .services import item_for_sale


def wishlist_for(user):
    return (
        WishlistItem.objects.filter(user=user)
        .select_related("user", "sku")
        .prefetch_related(Prefetch("goods", queryset=goods_with_images()))
    )


def add_wish(*, user, goods_id, sku_id=None, remark="", target_price=0, priority=0):
    """Add a product to my wishlist, or update the row I already have for it."""
    goods, sku = item_for_sale(goods_id, sku_id, any_option=True)
    values = {"remark": remark, "target_price": target_price, "priority": priority}
    try:
        with transaction.atomic():
            item = WishlistItem.objects.update_or_create(
                user=user,
                goods=goods,
                sku=sku,
                defaults=values,
                create_defaults={**values, "origin_price": (sku or goods).price},
            )[0]
    except IntegrityError:  # the same wish added by a parallel request: that row stands
        item = WishlistItem.objects.get(user=user, goods=goods, sku=sku)
    return item


def delete_wish(*, user, item_id):
    deleted, _rows = WishlistItem.objects.filter(user=user, pk=item_id).delete()
    if not deleted:
        raise ApiError(_("id: not in your wishlist"))

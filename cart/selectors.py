from django.db.models import Prefetch

from shop.selectors import goods_with_images, skus_with_values

from .models import CartItem


def cart_items(owner):
    """The rows of a cart with their goods, pictures and SKU values: five queries for any size."""
    return CartItem.objects.filter(**owner).prefetch_related(
        Prefetch("goods", queryset=goods_with_images()), Prefetch("sku", queryset=skus_with_values())
    )

from django.db.models import Prefetch, prefetch_related_objects

from shop.selectors import goods_with_images, images_in_order, skus_with_values, values_in_option_order

from .models import CartItem


def cart_items(owner):
    """The rows of a cart with their goods, pictures and SKU values: five or six queries for any size."""
    return CartItem.objects.filter(**owner).prefetch_related(
        Prefetch("goods", queryset=goods_with_images()), Prefetch("sku", queryset=skus_with_values())
    )


def with_display(item):
    """Fetch what one written row's JSON shows (its goods and SKU are already loaded)."""
    prefetch_related_objects([item], Prefetch("goods__images", queryset=images_in_order().queryset))
    if item.sku_id:
        prefetch_related_objects([item], Prefetch("sku__values", queryset=values_in_option_order()))
    return item

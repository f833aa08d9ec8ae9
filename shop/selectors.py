from django.db.models import Prefetch

from .models import Category, Goods, GoodsImage, GoodsOption, GoodsOptionValue, GoodsSku

GOODS_ORDERINGS = {
    "id desc": ["-id"],
    "price asc": ["price", "id"],
    "price desc": ["-price", "-id"],
    "sold desc": ["-sold_count", "-id"],
}


def published_goods():
    """Goods shoppers may see, with what their JSON and cards need, in two queries."""
    return Goods.objects.filter(status=Goods.Status.PUBLISHED).prefetch_related(
        Prefetch("images", queryset=GoodsImage.objects.order_by("sort", "id"))
    )


def goods_with_variants():
    """Published goods with their options and SKUs, for the product page, detail and SKU endpoints."""
    values = GoodsOptionValue.objects.select_related("option").order_by("sort", "id")
    return published_goods().prefetch_related(
        Prefetch(
            "options",
            queryset=GoodsOption.objects.prefetch_related(Prefetch("values", queryset=values)),
        ),
        Prefetch(
            "skus",
            queryset=GoodsSku.objects.prefetch_related(Prefetch("values", queryset=values)),
        ),
    )


def category_and_descendant_ids(category_id):
    """The category and everything below it; categories are few, so one query and a walk."""
    children = {}
    for pk, parent_id in Category.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], [category_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def categories():
    return Category.objects.order_by("sort", "id")

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy

from config.queries import Prepared

from .models import Category, Goods, GoodsImage, GoodsOption, GoodsOptionValue, GoodsSku, UserGroup

# ``order`` values of /api/archive/list and their labels on the pages.
GOODS_ORDER_LABELS = {
    "id desc": gettext_lazy("Newest"),
    "price asc": gettext_lazy("Price: low to high"),
    "price desc": gettext_lazy("Price: high to low"),
    "sold desc": gettext_lazy("Best selling"),
}
GOODS_ORDERINGS = {
    "id desc": ["-id"],
    "price asc": ["price", "id"],
    "price desc": ["-price", "-id"],
    "sold desc": ["-sold_count", "-id"],
}


def images_in_order():
    return Prefetch("images", queryset=GoodsImage.objects.order_by("sort", "id"))


def goods_with_images():
    """Goods with what their JSON and cards need, in two queries (drafts too: old orders show them)."""
    return Goods.objects.prefetch_related(images_in_order())


def published_goods():
    """Goods shoppers may see."""
    return goods_with_images().filter(status=Goods.Status.PUBLISHED)


def published_goods_rows(columns):
    """The published goods as value rows (the API's lists render them with ``shop.rendering``)."""
    return Goods.objects.filter(status=Goods.Status.PUBLISHED).values(*columns)


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


def category_and_ancestor_ids(category_id):
    """The category and every category above it."""
    parents = dict(Category.objects.values_list("id", "parent_id"))
    found = []
    while category_id and category_id not in found:
        found.append(category_id)
        category_id = parents.get(category_id)
    return found


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


def purchasable_goods():
    """Goods annotated with ``has_skus``, for the checks of carts and orders."""
    return Goods.objects.annotate(has_skus=Exists(GoodsSku.objects.filter(goods=OuterRef("pk"))))


# ``PURCHASABLE(*ids)``: those of ``purchasable_goods``, read by every cart change, checkout and order, so
# written by the ORM once per number of ids (config.queries).
PURCHASABLE = Prepared(lambda *pks: purchasable_goods().filter(pk__in=pks))
SKU_WITH_GOODS = Prepared(lambda pk: GoodsSku.objects.select_related("goods").filter(pk=pk))


OPTION_ORDER = ("option__sort", "option_id")  # a SKU's option values, in the order of their options


# SKUs, and their option values as rows of the relation (each value with its SKU and its option), read by every
# cart answer, checkout and order, so written by the ORM once (config.queries).
SKUS = Prepared(lambda *pks: GoodsSku.objects.filter(pk__in=pks))
SKU_VALUES = Prepared(lambda *pks: (
    GoodsSku.values.through.objects.filter(goodssku_id__in=pks).select_related("goodssku", "goodsoptionvalue__option")
    .order_by(*(f"goodsoptionvalue__{name}" for name in OPTION_ORDER))
))  # fmt: skip


def _skus_with_values_of(pks):
    """``{id: SKU}`` of those of ``pks`` with option values, each with its ``option_values``: one query."""
    skus = {}
    for row in SKU_VALUES(*pks):
        if row.goodssku_id not in skus:
            skus[row.goodssku_id] = row.goodssku
            row.goodssku.option_values = []
        skus[row.goodssku_id].option_values.append(row.goodsoptionvalue)
    return skus


def option_values_of(sku_ids):
    """``{SKU id: its option values}`` (each with its option), in the order of the options."""
    skus = _skus_with_values_of(sku_ids)
    return {pk: skus[pk].option_values if pk in skus else [] for pk in sku_ids}


def skus_with_values(pks):
    """``{id: SKU}`` of these, each with its ``option_values`` (``option_values_of``), for ``sku_values``
    snapshots. A SKU's values come with it; one without any costs a query more."""
    skus = _skus_with_values_of(pks)
    for sku in SKUS(*(pk for pk in pks if pk not in skus)):
        sku.option_values = []
        skus[sku.pk] = sku
    return skus


def groups_on_sale():
    """The memberships a VIP order can buy (spec section 12)."""
    return UserGroup.objects.filter(price__gt=0)


def default_group():
    """The group members return to when their membership ends: the lowest not on sale (None: none)."""
    return UserGroup.objects.filter(price=0).order_by("level", "id").first()

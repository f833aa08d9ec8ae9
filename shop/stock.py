"""Stock, under row locks. Every writer of stock locks SKU rows, then goods rows, each in id order,
so two checkouts (or a checkout and a cancel) can never deadlock; availability is checked only
after the locks are held, so two buyers can never both take the last item."""

from collections import Counter

from django.db.models import Case, F, Value, When

from config.api import ApiError

from . import catalogue
from .models import Goods, GoodsSku


def lock(*, goods_ids, sku_ids, goods_queryset=None, sku_queryset=None):
    """Lock and return ``({goods_id: goods}, {sku_id: sku})``; callers must be in a transaction."""
    sku_queryset = GoodsSku.objects.all() if sku_queryset is None else sku_queryset
    goods_queryset = Goods.objects.all() if goods_queryset is None else goods_queryset
    skus = {s.pk: s for s in sku_queryset.select_for_update(of=("self",)).filter(pk__in=sku_ids).order_by("pk")}
    goods = {g.pk: g for g in goods_queryset.select_for_update(of=("self",)).filter(pk__in=goods_ids).order_by("pk")}
    return goods, skus


def check_available(lines, goods, skus):
    """Refuse, naming the item, when the rows' stock cannot cover ``lines``; returns the totals."""
    per_goods, per_sku = _totals(lines)
    for sku_id, quantity in per_sku.items():
        sku = skus[sku_id]
        if sku.stock < quantity:
            raise ApiError(f"{goods[sku.goods_id].title} ({sku.title}): only {sku.stock} left")
    for goods_id, quantity in per_goods.items():
        if goods[goods_id].stock < quantity:
            raise ApiError(f"{goods[goods_id].title}: only {goods[goods_id].stock} left")
    return per_goods, per_sku


def take(lines, goods, skus):
    """Take ``lines`` (objects with goods_id, sku_id, quantity) out of the locked rows' stock."""
    per_goods, per_sku = check_available(lines, goods, skus)
    _add(GoodsSku, {k: -v for k, v in per_sku.items()})
    _add(Goods, {k: -v for k, v in per_goods.items()}, sold=True)


def give_back(lines):
    """Return ``lines`` to stock (a cancelled or closed order), locking in the same order as ``take``."""
    per_goods, per_sku = _totals(lines)
    lock(goods_ids=list(per_goods), sku_ids=list(per_sku))
    _add(GoodsSku, per_sku)
    _add(Goods, per_goods, sold=True)


def _totals(lines):
    per_goods, per_sku = Counter(), Counter()
    for line in lines:
        per_goods[line.goods_id] += line.quantity
        if line.sku_id:
            per_sku[line.sku_id] += line.quantity
    return per_goods, per_sku


def _add(model, deltas, sold=False):
    """One UPDATE adding each row's delta to its stock (and taking it from ``sold_count``)."""
    if not deltas:
        return
    delta = Case(*[When(pk=pk, then=Value(d)) for pk, d in deltas.items()], default=Value(0))
    changes = {"stock": F("stock") + delta}
    if sold:
        changes["sold_count"] = F("sold_count") - delta
    model.objects.filter(pk__in=list(deltas)).update(**changes)
    catalogue.changed()  # the lists show stock

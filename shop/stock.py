"""Stock, under row locks. Every writer of stock locks SKU rows, then goods rows, each in id order,
so two checkouts (or a checkout and a cancel) can never deadlock. Taking stock is one conditional
UPDATE per row (``stock >= quantity``), so two buyers can never both take the last item, and an
order takes it last: the hot rows stay locked only from that UPDATE to the commit."""

from collections import Counter

from django.db.models import Case, F, Value, When
from django.utils.translation import gettext as _

from config.api import ApiError
from config.queries import PreparedUpdate, updates

from . import catalogue
from .models import Goods, GoodsSku


def _lock(*, goods_ids, sku_ids):
    """Lock these rows in the writers' order; callers must be in a transaction."""
    list(GoodsSku.objects.select_for_update().filter(pk__in=sku_ids).order_by("pk").values_list("pk"))
    list(Goods.objects.select_for_update().filter(pk__in=goods_ids).order_by("pk").values_list("pk"))


def check_available(lines, goods, skus):
    """Refuse, naming the item, when the rows' stock cannot cover ``lines``."""
    per_goods, per_sku = _totals(lines)
    for sku_id, quantity in per_sku.items():
        if skus[sku_id].stock < quantity:
            raise _short(_sku_name(goods, skus[sku_id]), skus[sku_id].stock)
    for goods_id, quantity in per_goods.items():
        if goods[goods_id].stock < quantity:
            raise _short(goods[goods_id].title, goods[goods_id].stock)


# A row's stock taken when it covers ``n`` (and a product's sales counted): every order runs them, within its
# lock on the hot rows, so they are written by the ORM once (config.queries).
TAKE = {
    GoodsSku: PreparedUpdate(lambda pk, n: (GoodsSku.objects.filter(pk=pk, stock__gte=n), {"stock": F("stock") - n})),
    Goods: PreparedUpdate(lambda pk, n: (
        Goods.objects.filter(pk=pk, stock__gte=n), {"stock": F("stock") - n, "sold_count": F("sold_count") + n}
    )),
}  # fmt: skip


def take(lines, goods, skus):
    """Take ``lines`` (objects with goods_id, sku_id, quantity) out of stock, or refuse as
    ``check_available`` does, naming the item (``goods`` and ``skus``: their rows, for the names).
    Call it last in the transaction: each row stays locked from its UPDATE to the commit."""
    per_goods, per_sku = _totals(lines)
    rows = [(model, pk, n) for model, deltas in ((GoodsSku, per_sku), (Goods, per_goods))
            for pk, n in sorted(deltas.items())]  # fmt: skip
    # In one round trip where the database allows: the first row's lock is held for less.
    taken = updates([(TAKE[model], (pk, n)) for model, pk, n in rows])
    for (model, pk, _n), count in zip(rows, taken, strict=True):
        if not count:
            left = model.objects.filter(pk=pk).values_list("stock", flat=True).first() or 0
            raise _short(_sku_name(goods, skus[pk]) if model is GoodsSku else goods[pk].title, left)
    catalogue.changed()


def _sku_name(goods, sku):
    return f"{goods[sku.goods_id].title} ({sku.title})"


def _short(item, left):
    """The refusal a shopper reads when ``item`` has fewer than asked for."""
    return ApiError(_("%(item)s: only %(left)s left") % {"item": item, "left": left})


def give_back(lines):
    """Return ``lines`` to stock (a cancelled or closed order), locking in the same order as ``take``."""
    per_goods, per_sku = _totals(lines)
    _lock(goods_ids=list(per_goods), sku_ids=list(per_sku))
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

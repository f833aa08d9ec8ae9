"""The wishlist (spec section 9): services, selector and the price-drop job in one small module."""

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.api import ApiError

from . import emails
from .models import Goods, SentEmail, WishlistItem
from .money import format_money
from .selectors import goods_with_images
from .services import item_for_sale

DROP_EMAIL = "wishlist_price_drop"
BATCH = 500


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


def set_target(*, user, item_id, target_price):
    """My hoped-for price of a wish (0: none); a new target may be told of again."""
    if not WishlistItem.objects.filter(user=user, pk=item_id).update(target_price=target_price, told_of_drop=False):
        raise ApiError(_("id: not in your wishlist"))


def delete_wish(*, user, item_id):
    deleted, _rows = WishlistItem.objects.filter(user=user, pk=item_id).delete()
    if not deleted:
        raise ApiError(_("id: not in your wishlist"))


def tell_price_drops():
    """Email each shopper whose wished product now costs its target price or less, once per drop: a wish
    whose price rose above its target again is re-armed first. Batches of ``BATCH`` rows are locked
    ``skip_locked``, so two workers never tell the same drop. Returns how many were told."""
    with_target = WishlistItem.objects.filter(target_price__gt=0).annotate(now=Coalesce("sku__price", "goods__price"))
    with transaction.atomic():
        risen = list(with_target.filter(told_of_drop=True, now__gt=F("target_price")).values_list("pk", flat=True))
        WishlistItem.objects.filter(pk__in=risen).update(told_of_drop=False)
        SentEmail.objects.filter(key__in=[f"{DROP_EMAIL}:{pk}" for pk in risen]).delete()
    due = with_target.filter(told_of_drop=False, now__lte=F("target_price"), goods__status=Goods.Status.PUBLISHED)
    told, last = 0, 0
    while True:
        with transaction.atomic():
            batch = list(due.filter(pk__gt=last).order_by("pk").select_for_update(skip_locked=True, of=("self",))
                         .values_list("pk", flat=True)[:BATCH])  # fmt: skip
            if not batch:
                return told
            WishlistItem.objects.filter(pk__in=batch).update(told_of_drop=True)
            emails.send_after_commit(DROP_EMAIL, *batch)
        told, last = told + len(batch), batch[-1]


@emails.kind(DROP_EMAIL)
def price_drop_email(pk):
    item = WishlistItem.objects.select_related("user", "goods", "sku").filter(pk=pk).first()
    if item is None or not item.user.email:
        return None
    context = {"item": item, "user": item.user, "price": format_money(item.price),
               "target": format_money(item.target_price)}  # fmt: skip
    return emails.Mail(gettext_lazy("Now {price}: {item.goods.local_title}, on your wishlist"), [item.user.email],
                       context, item.user.language)  # fmt: skip

from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from shop.models import Goods
from shop.selectors import category_and_ancestor_ids

from . import rules
from .models import Coupon, CouponCode


def codes_for_user(user, *, status=""):
    """My codes; ``status`` is unused, used, expired or all (spec section 8)."""
    now = timezone.now()
    codes = CouponCode.objects.filter(user=user).select_related("coupon", "order")
    if status == "unused":
        return codes.filter(status=CouponCode.Status.UNUSED, coupon__end_time__gte=now)
    if status == "used":
        return codes.filter(status=CouponCode.Status.USED)
    if status == "expired":
        return codes.filter(status=CouponCode.Status.UNUSED, coupon__end_time__lt=now)
    return codes


def live_campaigns():
    now = timezone.now()
    return Coupon.objects.filter(status=Coupon.Status.ACTIVE, start_time__lte=now, end_time__gte=now)


def campaigns_for(user, *, archive_id=None):
    """Live campaigns (those covering product ``archive_id``, when given), each with ``claimed``, the
    codes of it ``user`` holds (0 for a guest), and ``claimable``: codes left and their share not reached."""
    held = CouponCode.objects.filter(coupon=OuterRef("pk"), user=user).values("coupon").annotate(n=Count("pk"))
    claimed = Coalesce(Subquery(held.values("n")), 0) if user is not None else Value(0)
    codes_left = Q(quantity=0) | Q(issued__lt=F("quantity"))
    campaigns = (
        live_campaigns()
        .annotate(claimed=claimed)
        .annotate(claimable=ExpressionWrapper(codes_left & Q(claimed__lt=F("per_user")), output_field=BooleanField()))
        .prefetch_related("goods", "categories")
        .order_by("end_time", "pk")
    )
    if archive_id:
        goods = Goods.objects.filter(pk=archive_id).first()
        if goods is None:
            return campaigns.none()
        campaigns = campaigns.filter(
            Q(all_goods=True)
            | Q(pk__in=Coupon.goods.through.objects.filter(goods=goods).values("coupon_id"))
            | Q(pk__in=Coupon.categories.through.objects.filter(
                category__in=category_and_ancestor_ids(goods.category_id)).values("coupon_id"))
        )  # fmt: skip
    return campaigns


def valid_codes(user, *, amount=None, archive_id=None):
    """My unused in-date codes usable for an order of ``amount`` with product ``archive_id``."""
    goods = Goods.objects.filter(pk=archive_id).first() if archive_id else None

    def fits(coupon):
        if goods is not None and not rules.in_scope(rules.load_scope(coupon), goods):
            return False
        return amount is None or amount >= coupon.min_amount

    codes = codes_for_user(user, status="unused")
    return [code for code in codes if rules.why_not_live(code.coupon) is None and fits(code.coupon)]

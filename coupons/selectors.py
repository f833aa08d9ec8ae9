from django.db.models import Count, F, Q, Value
from django.utils import timezone

from shop.models import Goods

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


def claimable_campaigns(user):
    """Live campaigns with codes left that ``user`` (None: a guest, who logs in to claim) may still claim,
    flagged ``claimable``."""
    mine = Count("codes", filter=Q(codes__user=user)) if user is not None else Value(0)
    campaigns = (
        live_campaigns()
        .filter(Q(quantity=0) | Q(issued__lt=F("quantity")))
        .annotate(mine=mine)
        .prefetch_related("goods", "categories")
    )
    claimable = [c for c in campaigns if c.mine < c.per_user]
    for campaign in claimable:
        campaign.claimable = True
    return claimable


def valid_for(user, *, amount=None, archive_id=None):
    """My unused in-date codes usable for ``amount`` and product ``archive_id``, and campaigns I can claim."""
    goods = Goods.objects.filter(pk=archive_id).first() if archive_id else None

    def fits(coupon):
        if goods is not None and not rules.in_scope(rules.load_scope(coupon), goods):
            return False
        return amount is None or amount >= coupon.min_amount

    codes = [code for code in codes_for_user(user, status="unused") if rules.why_not_live(code.coupon) is None]
    return [code for code in codes if fits(code.coupon)], [c for c in claimable_campaigns(user) if fits(c)]

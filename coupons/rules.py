"""The coupon rules, in one place: who may use a code, on what, and how much it takes off.

Rounding: a percent coupon takes ``eligible * percent // 100`` — rounded down to whole cents, so
the shop never gives more than the percentage — then its cap, and never more than the eligible
amount.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from config.api import ApiError
from shop.money import format_money
from shop.selectors import category_and_descendant_ids

from .models import Coupon, CouponCode


def in_scope(coupon, goods):
    """Whether ``goods`` counts toward ``coupon``. Needs ``scope_goods``/``scope_categories`` (see below)."""
    if coupon.all_goods:
        return True
    return goods.pk in coupon.scope_goods or goods.category_id in coupon.scope_categories


def load_scope(coupon):
    """Fetch what ``in_scope`` needs, once per coupon."""
    if not coupon.all_goods and not hasattr(coupon, "scope_goods"):
        coupon.scope_goods = set(coupon.goods.values_list("pk", flat=True))
        coupon.scope_categories = {
            pk for top in coupon.categories.values_list("pk", flat=True) for pk in category_and_descendant_ids(top)
        }
    return coupon


def eligible_amount(coupon, lines):
    """What of ``lines`` (priced lines: ``goods``, ``amount``) the coupon applies to."""
    load_scope(coupon)
    return sum(line.amount for line in lines if in_scope(coupon, line.goods))


def discount(coupon, eligible):
    if coupon.money_type == Coupon.MoneyType.FIXED:
        off = coupon.money
    else:
        off = eligible * coupon.money // 100
        if coupon.max_money:
            off = min(off, coupon.max_money)
    return min(off, eligible)


def why_not_live(coupon, now=None):
    """Why a campaign cannot be used or claimed now, or None."""
    now = now or timezone.now()
    if coupon.status != Coupon.Status.ACTIVE:
        return _("this coupon is not available")
    if now < coupon.start_time:
        return _("this coupon starts on %(start)s") % {
            "start": f"{timezone.localtime(coupon.start_time):%Y-%m-%d %H:%M}"
        }
    if now > coupon.end_time:
        return _("this coupon has expired")
    return None


def check_code(code, *, user, lines):
    """The discount ``code`` gives ``user`` on ``lines``, or ``ApiError`` saying why it cannot be used."""
    if code.user_id not in (None, user.pk):
        raise ApiError(_("coupon_code: not your coupon"))
    if code.status == CouponCode.Status.USED:
        raise ApiError(_("coupon_code: this coupon has been used"))
    problem = why_not_live(code.coupon)
    if problem:
        raise ApiError(_("coupon_code: %(problem)s") % {"problem": problem})
    eligible = eligible_amount(code.coupon, lines)
    if eligible == 0:
        raise ApiError(_("coupon_code: this coupon does not apply to these goods"))
    if eligible < code.coupon.min_amount:
        raise ApiError(
            _("coupon_code: needs at least %(amount)s of eligible goods")
            % {"amount": format_money(code.coupon.min_amount)}
        )
    return discount(code.coupon, eligible)

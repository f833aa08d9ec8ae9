"""Claiming and using coupon codes. Limits are checked after the campaign's (or the code's) row
lock is taken, never before; unique constraints and check constraints back every limit."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from config.api import ApiError
from config.queries import Prepared

from . import rules
from .models import Coupon, CouponCode, normalize_code


def _next_claim_number(coupon, user):
    """The number of ``user``'s next claim of ``coupon``, or ``ApiError`` past its per-user limit."""
    claimed = CouponCode.objects.filter(coupon=coupon, user=user).count()
    if claimed >= coupon.per_user:
        raise ApiError(_("you already have this coupon") if coupon.per_user == 1 else _("you have claimed all you may"))
    return claimed + 1


def _check_claimable(coupon, user):
    problem = rules.why_not_live(coupon)
    if problem:
        raise ApiError(problem)
    if coupon.quantity and coupon.issued >= coupon.quantity:
        raise ApiError(_("this coupon has all been claimed"))
    return _next_claim_number(coupon, user)


@transaction.atomic
def claim(*, user, coupon_id):
    """Give ``user`` a new code of campaign ``coupon_id``, within its dates, quantity and per-user limit."""
    coupon = Coupon.objects.select_for_update().filter(pk=coupon_id).first()
    if coupon is None:
        raise ApiError(_("id: no such coupon"))
    number = _check_claimable(coupon, user)
    Coupon.objects.filter(pk=coupon.pk).update(issued=F("issued") + 1)
    return CouponCode.objects.create(coupon=coupon, user=user, claim_number=number, get_time=timezone.now())


@transaction.atomic
def generate_codes(*, coupon, count):
    """Pre-generate ``count`` codes of ``coupon`` for distribution; they count against its quantity."""
    coupon = Coupon.objects.select_for_update().get(pk=coupon.pk)
    if coupon.quantity and coupon.issued + count > coupon.quantity:
        raise ApiError(
            _("only %(left)s codes of %(title)s are left to issue")
            % {"left": coupon.quantity - coupon.issued, "title": coupon.title}
        )
    Coupon.objects.filter(pk=coupon.pk).update(issued=F("issued") + count)
    return CouponCode.objects.bulk_create(CouponCode(coupon=coupon) for _number in range(count))


def code_for_order(*, user, coupon_code="", coupon_code_id=None, coupon_id=None, preview=False):
    """The code an order asks for (``coupon_code`` string, ``coupon_code_id`` or campaign ``coupon_id``), or None.

    For a real order (inside its transaction) the code row is locked until the order is saved, so
    two orders can never both use it; a campaign is claimed and a distributed code becomes the
    user's. A ``preview`` locks and writes nothing: it answers with what the order would get.
    """
    if coupon_id:
        if not preview:
            return claim(user=user, coupon_id=coupon_id)
        coupon = Coupon.objects.filter(pk=coupon_id).first()
        if coupon is None:
            raise ApiError(_("coupon_id: no such coupon"))
        _check_claimable(coupon, user)
        return CouponCode(coupon=coupon, user=user)
    codes = CouponCode.objects.select_related("coupon")
    if not preview:
        codes = codes.select_for_update(of=("self",))
    if coupon_code_id:
        code = codes.filter(pk=coupon_code_id, user=user).first()
        if code is None:
            raise ApiError(_("coupon_code_id: not one of your coupons"))
    elif coupon_code and coupon_code.strip():
        code = codes.filter(code=normalize_code(coupon_code)).first()
        if code is None:
            raise ApiError(_("coupon_code: no such coupon code"))
    else:
        return None
    if code.user_id is None and not preview:  # a distributed code: whoever uses it first owns it
        Coupon.objects.select_for_update().get(pk=code.coupon_id)
        code.user, code.claim_number, code.get_time = user, _next_claim_number(code.coupon, user), timezone.now()
        code.save(update_fields=["user", "claim_number", "get_time"])
    return code


def use_code(code, order):
    code.status, code.order, code.use_time = CouponCode.Status.USED, order, timezone.now()
    code.save(update_fields=["status", "order", "use_time"])


def release_for_orders(order_pks):
    """Cancelled or closed orders give their codes back, usable again."""
    CouponCode.objects.filter(order_id__in=order_pks).update(status=CouponCode.Status.UNUSED, order=None, use_time=None)


# Read by every checkout preview: written by the ORM once (config.queries).
UNUSED_CODES = Prepared(lambda user_id: (
    CouponCode.objects.filter(user_id=user_id, status=CouponCode.Status.UNUSED).select_related("coupon")
))  # fmt: skip


def usable_codes(*, user, lines):
    """My unused codes that apply to ``lines``, with the discount each would give, best first."""
    usable, campaigns = [], {}
    for code in UNUSED_CODES(user.pk):
        code.coupon = campaigns.setdefault(code.coupon_id, code.coupon)  # scopes load once per campaign
        try:
            usable.append((code, rules.check_code(code, user=user, lines=lines)))
        except ApiError:
            continue
    return sorted(usable, key=lambda pair: -pair[1])

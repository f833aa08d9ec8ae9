from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.api import ApiError
from config.pages import refusal_text

from . import selectors, services

TABS = [("unused", gettext_lazy("Unused")), ("used", gettext_lazy("Used")), ("expired", gettext_lazy("Expired"))]


def coupon_centre(request):
    user = request.user if request.user.is_authenticated else None
    return render(request, "coupons/centre.html", {"campaigns": selectors.campaigns_for(user)})


@login_required
@require_POST
def claim(request):
    try:
        code = services.claim(user=request.user, coupon_id=int(request.POST.get("id") or 0))
        messages.success(request, _("Claimed: %(title)s (%(code)s).") % {"title": code.coupon.title, "code": code.code})
    except (ApiError, ValueError) as exc:
        messages.error(request, refusal_text(exc) if isinstance(exc, ApiError) else _("Choose a coupon to claim."))
    return redirect("coupons:centre")


@login_required
def my_coupons(request):
    tab = request.GET.get("status", "unused")
    if tab not in dict(TABS):
        tab = "unused"
    page = Paginator(selectors.codes_for_user(request.user, status=tab), 20).get_page(request.GET.get("page"))
    return render(request, "coupons/mine.html", {"page": page, "tabs": TABS, "tab": tab, "query": f"status={tab}"})

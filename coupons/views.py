from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.api import ApiError

from . import selectors, services

TABS = [("unused", "Unused"), ("used", "Used"), ("expired", "Expired")]


@login_required
def coupon_centre(request):
    return render(request, "coupons/centre.html", {"campaigns": selectors.claimable_campaigns(request.user)})


@login_required
@require_POST
def claim(request):
    try:
        code = services.claim(user=request.user, coupon_id=int(request.POST.get("id") or 0))
        messages.success(request, f"Claimed: {code.coupon.title} ({code.code}).")
    except (ApiError, ValueError) as exc:
        messages.error(request, str(getattr(exc, "detail", "id: must be a whole number")))
    return redirect("coupons:centre")


@login_required
def my_coupons(request):
    tab = request.GET.get("status", "unused")
    if tab not in dict(TABS):
        tab = "unused"
    page = Paginator(selectors.codes_for_user(request.user, status=tab), 20).get_page(request.GET.get("page"))
    return render(request, "coupons/mine.html", {"page": page, "tabs": TABS, "tab": tab, "query": f"status={tab}"})

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from config.api import ApiError
from config.exports import Text, csv_response
from shop.money import MoneyAdmin, format_money

from . import services
from .forms import CouponForm
from .models import Coupon, CouponCode


class GenerateForm(forms.Form):
    count = forms.IntegerField(label=_("Count"), min_value=1, max_value=10_000, initial=100)


@admin.register(Coupon)
class CouponAdmin(MoneyAdmin, admin.ModelAdmin):
    form = CouponForm
    list_display = ["title", "discount", "min_amount", "start_time", "end_time", "quantity", "issued_count",
                    "used_count", "status"]  # fmt: skip
    list_filter = ["status", "money_type", "all_goods"]
    search_fields = ["title"]
    filter_horizontal = ["goods", "categories"]
    readonly_fields = ["issued"]
    actions = ["generate", "export_codes"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(used=Count("codes", filter=Q(codes__status=CouponCode.Status.USED)))
        )

    @admin.display(description=_("discount"), ordering="money")
    def discount(self, coupon):
        if coupon.money_type == Coupon.MoneyType.FIXED:
            return gettext("%(amount)s off") % {"amount": format_money(coupon.money)}
        off = gettext("%(percent)s%% off") % {"percent": coupon.money}
        if coupon.max_money:
            return gettext("%(off)s (at most %(cap)s)") % {"off": off, "cap": format_money(coupon.max_money)}
        return off

    @admin.display(description=_("issued"), ordering="issued")
    def issued_count(self, coupon):
        return coupon.issued

    @admin.display(description=_("used"), ordering="used")
    def used_count(self, coupon):
        return coupon.used

    @admin.action(description=_("Generate codes for distribution…"), permissions=["change"])
    def generate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Choose one campaign to generate codes for."), messages.WARNING)
            return None
        coupon = queryset.get()
        form = GenerateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                codes = services.generate_codes(coupon=coupon, count=form.cleaned_data["count"])
            except ApiError as exc:
                self.message_user(request, str(exc.detail), messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d code generated for %(coupon)s.", "%(n)d codes generated for %(coupon)s.", len(codes)
                    )
                    % {"n": len(codes), "coupon": coupon},
                    messages.SUCCESS,
                )
            return None
        title = gettext("Generate codes: %(coupon)s") % {"coupon": coupon}
        context = {**self.admin_site.each_context(request), "title": title, "form": form, "coupon": coupon,
                   "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/coupons/generate.html", context)

    @admin.action(description=_("Export the codes of selected campaigns as CSV"))
    def export_codes(self, request, queryset):
        codes = CouponCode.objects.filter(coupon__in=queryset).select_related("coupon", "user", "order")
        rows = (
            [code.coupon.title, code.code, code.user.username if code.user else "", code.get_status_display(),
             Text(code.order.order_id) if code.order else "",
             code.get_time, code.use_time]
            for code in codes.order_by("coupon_id", "id").iterator(chunk_size=1000)
        )  # fmt: skip
        header = [gettext("Campaign"), gettext("Code"), gettext("User"), gettext("Status"), gettext("Order number"),
                  gettext("Got"), gettext("Used")]  # fmt: skip
        return csv_response(f"coupon-codes-{timezone.localdate():%Y%m%d}.csv", header, rows)


@admin.register(CouponCode)
class CouponCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "coupon", "user", "status", "order", "get_time", "use_time"]
    list_filter = ["status", "coupon"]
    search_fields = ["code", "user__username", "order__order_id"]
    list_select_related = ["coupon", "user", "order"]

    def has_add_permission(self, request):
        return False  # codes come from claims and from "Generate codes"

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.api import ApiError
from shop.money import MoneyAdmin

from . import gateways, services
from .forms import RejectForm
from .models import Payment, PaymentEvent, Refund


class EventInline(MoneyAdmin, admin.TabularInline):
    model = PaymentEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "source", "event_key", "amount", "currency", "outcome"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(MoneyAdmin, admin.ModelAdmin):
    list_display = ["payment_id", "order", "pay_way_name", "amount", "status", "orphaned", "paid_at", "created_at"]
    list_filter = ["pay_way", "status", "orphaned"]
    search_fields = ["payment_id", "order__order_id", "gateway_txn_id", "gateway_ref"]
    list_select_related = ["order"]
    inlines = [EventInline]
    readonly_fields = [field.name for field in Payment._meta.fields]
    actions = ["mark_paid_offline"]

    @admin.display(description=_("pay way"), ordering="pay_way")
    def pay_way_name(self, payment):
        return gateways.pay_way_name(payment.pay_way)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mark paid offline (money received outside the gateways)"), permissions=["change"])
    def mark_paid_offline(self, request, queryset):
        for payment in queryset.filter(status=Payment.Status.PENDING):
            try:
                services.mark_paid_offline(order=payment.order, payment=payment, staff=request.user)
                self.message_user(
                    request, gettext("%(payment)s marked paid.") % {"payment": payment.payment_id}, messages.SUCCESS
                )
            except ApiError as exc:
                self.message_user(request, f"{payment.payment_id}: {exc.detail}", messages.ERROR)


@admin.register(PaymentEvent)
class PaymentEventAdmin(MoneyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "pay_way", "source", "event_key", "amount", "outcome", "payment"]
    list_filter = ["pay_way", "source", "outcome"]
    search_fields = ["event_key", "payment__payment_id", "payment__order__order_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Refund)
class RefundAdmin(MoneyAdmin, admin.ModelAdmin):
    list_display = ["order", "amount", "status", "automatic", "reason", "error", "attempts", "created_at"]
    list_filter = ["status", "automatic"]
    search_fields = ["order__order_id", "payment__payment_id", "reason"]
    list_select_related = ["order"]
    actions = ["approve", "reject"]
    readonly_fields = [field.name for field in Refund._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve (or retry) selected refunds"), permissions=["change"])
    def approve(self, request, queryset):
        for refund in queryset:
            try:
                services.approve_refund(refund=refund, staff=request.user)
                self.message_user(
                    request, gettext("Refund of %(order)s approved: it is being sent back.") % {"order": refund.order}
                )
            except ApiError as exc:
                self.message_user(request, f"{refund.order}: {exc.detail}", messages.ERROR)

    @admin.action(description=_("Reject selected refunds…"), permissions=["change"])
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for refund in queryset:
                try:
                    services.reject_refund(refund=refund, staff=request.user, reason=form.cleaned_data["reason"])
                    self.message_user(request, gettext("Refund of %(order)s rejected.") % {"order": refund.order})
                except ApiError as exc:
                    self.message_user(request, f"{refund.order}: {exc.detail}", messages.ERROR)
            return None
        context = {**self.admin_site.each_context(request), "title": gettext("Reject refunds"), "form": form,
                   "queryset": queryset, "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/payments/reject.html", context)

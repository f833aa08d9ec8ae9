from datetime import datetime, time, timedelta

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.api import ApiError
from config.exports import csv_response, xlsx_response
from payments.gateways import pay_way_name
from shop.models import User
from shop.money import MoneyAdmin, format_money

from . import exports, services, staff
from .forms import ExportForm, ShipFormSet
from .models import Address, Commission, Order, OrderDetail, OrderEvent, ShopSettings
from .status import OrderStatus


class ReadOnlyInline(MoneyAdmin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DetailInline(ReadOnlyInline):
    model = OrderDetail
    fields = ["goods", "sku", "title", "sku_values", "quantity", "origin_price", "price", "amount"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = OrderEvent
    verbose_name_plural = _("timeline")
    fields = ["created_at", "action", "from_status", "to_status", "actor", "note_shown"]
    readonly_fields = fields

    @admin.display(description=_("note"))
    def note_shown(self, event):
        return gettext(event.note) if event.note else ""  # the services' notes are marked, gettext_noop


class CommissionInline(ReadOnlyInline):
    model = Commission
    fields = ["kind", "user", "amount", "reversed", "created_at"]
    readonly_fields = fields


def _each(modeladmin, request, orders, act, action):
    """Run ``act(order)`` for each order; report what worked (as staff ``action`` says) and why the rest did not."""
    ok = 0
    for order in orders:
        try:
            act(order)
            ok += 1
        except ApiError as exc:
            modeladmin.message_user(request, f"{order.order_id}: {exc.detail}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, staff.DONE_MANY[action] % {"count": ok}, messages.SUCCESS)


def _lines(rows):
    """``rows`` of text, one a line, escaped; "-" for none."""
    return format_html_join(mark_safe("<br>"), "{}", ((row,) for row in rows)) or "-"


@admin.register(Order)
class OrderAdmin(MoneyAdmin, admin.ModelAdmin):
    list_display = ["order_id", "user", "status", "amount", "created_at", "paid_at"]
    list_filter = ["status", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["order_id"]  # the search box; what it matches is get_search_results
    search_help_text = _(
        "An order number (or its beginning), a payment or tracking number, a buyer's user name or phone."
    )
    list_select_related = ["user"]
    inlines = [DetailInline, EventInline, CommissionInline]
    # Orders change only through the status machine: the buttons of the order page and the actions below.
    readonly_fields = [*(field.name for field in Order._meta.fields), "delivery_address", "payments_and_refunds"]
    actions = ["ship", "cancel", "complete", "export_csv"]
    fieldsets = [
        (None, {"fields": ["order_id", "user", "status", "remark", "type"]}),
        (_("Money"), {"fields": ["origin_amount", "discount_amount", "amount"]}),
        (_("Payment"), {"fields": ["payment_id", "paid_at", "payments_and_refunds"]}),
        (
            _("Delivery"),
            {
                "fields": [
                    "delivery_address",
                    "express_company",
                    "tracking_number",
                    "deliver_at",
                    "end_at",
                    "finished_at",
                ]
            },
        ),
        (
            _("Distribution"),
            {
                "fields": [
                    "seller",
                    "seller_amount",
                    "share_user",
                    "share_amount",
                    "share_parent_user",
                    "share_parent_amount",
                ]
            },
        ),
        (_("Times"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("Address"))
    def delivery_address(self, order):
        return _lines(order.address_lines())

    @admin.display(description=_("Payments and refunds"))
    def payments_and_refunds(self, order):
        late = gettext("(paid after the order closed)")
        rows = [
            f"{p.payment_id} · {pay_way_name(p.pay_way)} · {format_money(p.amount)} · {p.get_status_display()}"
            + (f" {late}" if p.orphaned else "")
            for p in order.payments.all()
        ] + [
            gettext("Refund of %(amount)s") % {"amount": format_money(r.amount)}
            + f" · {r.get_status_display()}"
            + (f" · {r.error or r.decision_note or r.reason}" if r.error or r.decision_note or r.reason else "")
            for r in order.refunds.all()
        ]
        return _lines(rows)

    def get_urls(self):
        act, export = self.admin_site.admin_view(self.act), self.admin_site.admin_view(self.export)
        return [
            path("export/", export, name="orders_order_export"),
            path("<path:object_id>/act/<str:action>/", act, name="orders_order_act"),
            *super().get_urls(),
        ]

    def act(self, request, object_id, action):
        """One button of the order page (POST): the action done, or an admin message saying why not."""
        order = self.get_object(request, unquote(object_id))
        if order is None or action not in staff.ACTIONS:
            raise Http404
        if request.method != "POST" or not self.has_change_permission(request, order):
            raise PermissionDenied
        try:
            still = staff.run(action, order, request.POST, request.user)
        except ApiError as exc:
            self.message_user(request, f"{order.order_id}: {exc.detail}", messages.ERROR)
        else:
            done = staff.ACTIONS[action].done % {"order": order.order_id}
            self.message_user(request, f"{done} {still}" if still else done, messages.SUCCESS)
        return redirect("admin:orders_order_change", order.pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Nothing here is edited by a form: no Save buttons; the order page's buttons act instead.
        context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        if obj is not None:
            context["order_state"] = staff.state(obj)
            if self.has_change_permission(request, obj):
                context["order_actions"] = [
                    (name, staff.ACTIONS[name], staff.ACTIONS[name].form and staff.ACTIONS[name].form())
                    for name in staff.available(obj)
                ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_search_results(self, request, queryset, search_term):
        """Matches answered from indexes at any number of orders: an order number by its beginning, a
        payment or tracking number exactly, a buyer by exact user name or phone (looked up first)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        buyers = list(User.objects.filter(Q(username=term) | Q(phone=term)).values_list("pk", flat=True))
        matches = Q(order_id__startswith=term) | Q(payment_id=term) | Q(tracking_number=term) | Q(user_id__in=buyers)
        return queryset.filter(matches), False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Ship selected paid orders…"), permissions=["change"])
    def ship(self, request, queryset):
        paid = list(queryset.filter(status=OrderStatus.PAID).order_by("pk"))
        if not paid:
            self.message_user(request, gettext("Only paid orders can be shipped."), messages.WARNING)
            return None
        if "apply" in request.POST:
            formset = ShipFormSet(request.POST, prefix="ship")
            if formset.is_valid():
                parcels = {form.cleaned_data["order"]: form.cleaned_data for form in formset}

                def ship_one(order):
                    parcel = parcels[order.pk]
                    services.ship_order(order=order, actor=request.user, express_company=parcel["express_company"],
                                        tracking_number=parcel["tracking_number"])  # fmt: skip

                _each(self, request, [o for o in paid if o.pk in parcels], ship_one, "ship")
                return None
        else:
            formset = ShipFormSet(initial=[{"order": o.pk} for o in paid], prefix="ship")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Ship orders"),
            "rows": list(zip(paid, formset.forms, strict=True)),
            "formset": formset,
            "queryset": queryset,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/orders/ship.html", context)

    @admin.action(description=_("Cancel selected orders waiting for payment"), permissions=["change"])
    def cancel(self, request, queryset):
        def cancel_one(order):
            services.cancel_order(order=order, actor=request.user, note=services.CANCELLED_BY_STAFF)

        _each(self, request, queryset.order_by("pk"), cancel_one, "cancel")

    @admin.action(description=_("Complete selected shipped orders"), permissions=["change"])
    def complete(self, request, queryset):
        def complete_one(order):
            services.finish_order(order=order, actor=request.user, note=services.COMPLETED_BY_STAFF)

        _each(self, request, queryset.order_by("pk"), complete_one, "finish")

    @admin.action(description=_("Export selected orders as CSV"))
    def export_csv(self, request, queryset):
        return csv_response(f"orders-{timezone.localdate():%Y%m%d}.csv", exports.ORDER_HEADER,
                            exports.order_rows(queryset))  # fmt: skip

    def export(self, request):
        """Orders placed in a range of days (of a status), or their lines, as XLSX or CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = ExportForm(request.GET or None, initial={"start": today - timedelta(days=30), "end": today})
        if form.is_valid():
            wanted = form.cleaned_data
            start, end = (timezone.make_aware(datetime.combine(day, time.min)) for day in (wanted["start"],
                          wanted["end"] + timedelta(days=1)))  # fmt: skip
            orders = Order.objects.filter(created_at__gte=start, created_at__lt=end)
            if wanted["status"] is not None:
                orders = orders.filter(status=wanted["status"])
            header, rows = ((exports.ORDER_HEADER, exports.order_rows) if wanted["rows"] == "orders"
                            else (exports.LINE_HEADER, exports.line_rows))  # fmt: skip
            name = f"{wanted['rows']}-{wanted['start']:%Y%m%d}-{wanted['end']:%Y%m%d}"
            if wanted["format"] == "csv":
                return csv_response(f"{name}.csv", header, rows(orders))
            return xlsx_response(f"{name}.xlsx", wanted["rows"], header, rows(orders))
        context = {**self.admin_site.each_context(request), "title": gettext("Export orders"), "form": form,
                   "opts": self.model._meta}  # fmt: skip
        return TemplateResponse(request, "admin/orders/export.html", context)


@admin.register(ShopSettings)
class ShopSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "auto_finish_day", "auto_close_minute", "refund_days", "seller_percent"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ShopSettings.objects.exists()

    def changelist_view(self, request, extra_context=None):
        """One row: the list is its form, with the defaults until staff first save it."""
        if ShopSettings.objects.filter(pk=1).exists():
            return redirect("admin:orders_shopsettings_change", 1)
        return redirect("admin:orders_shopsettings_add")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = 1  # the single row every reader looks for
        super().save_model(request, obj, form, change)


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "province", "city", "address_info", "user"]
    search_fields = ["name", "phone", "user__username", "address_info"]
    raw_id_fields = ["user"]


@admin.register(Commission)
class CommissionAdmin(MoneyAdmin, admin.ModelAdmin):
    list_display = ["order", "kind", "user", "amount", "reversed", "created_at"]
    list_filter = ["kind", "reversed"]
    search_fields = ["order__order_id", "user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

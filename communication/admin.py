from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.api import ApiError
from shop import uploads
from shop.admin import THUMBNAIL, thumbnails
from shop.forms import PicturesField
from shop.money import MoneyAdmin, YuanField

from . import selectors, services
from .models import CustomOrder, FormField, Message


@admin.register(FormField)
class FormFieldAdmin(admin.ModelAdmin):
    """The custom-order form's fields: what shoppers fill in, and how ``order_extra`` is checked."""

    list_display = ["name", "field_name", "type", "required", "sort"]
    list_editable = ["sort"]
    prepopulated_fields = {"field_name": ["name"]}


class ThreadInline(admin.TabularInline):
    model = Message
    extra = 0
    can_delete = False
    fields = ["created_at", "sender_kind", "sender", "type", "said", "read_by_user"]
    readonly_fields = fields
    verbose_name_plural = _("thread")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("content"))
    def said(self, message):
        if message.type == Message.Type.IMAGE:
            return format_html(THUMBNAIL, message.content, message.content)  # the message keeps the picture's URL
        return message.text


class StaffAnswer(forms.ModelForm):
    """The request page's form: a reply to the thread, or a quote (price and what it covers)."""

    reply = forms.CharField(label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Sent to the shopper's thread when you save."))  # fmt: skip
    new_quote_price = YuanField(label=_("Quote price"), required=False, min_value=Decimal("0.01"),
                                help_text=_("With the quote's words below: the request becomes quoted."))  # fmt: skip
    new_quote_content = forms.CharField(label=_("What the quote covers"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    add_sketches = PicturesField(label=_("Add sketches"), required=False,
                                 help_text=_("Pictures of what the shop will make, sent to the thread."))  # fmt: skip
    add_finished = PicturesField(label=_("Add pictures of the finished piece"), required=False,
                                 help_text=_("Sent to the thread too."))  # fmt: skip
    close = forms.ChoiceField(label=_("Close the request"), required=False, widget=forms.RadioSelect,
                              choices=[("", _("Keep it open")), ("reject", _("Decline it")),
                                       ("cancel", _("Cancel it"))],
                              help_text=_("Any reply above is sent first."))  # fmt: skip

    class Meta:
        model = CustomOrder
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_quote_price") and not (cleaned.get("new_quote_content") or "").strip():
            self.add_error("new_quote_content", gettext("Say what the quote covers."))
        if cleaned.get("new_quote_price") and cleaned.get("close"):
            self.add_error("close", gettext("Quote or close the request, not both."))
        return cleaned


@admin.register(CustomOrder)
class CustomOrderAdmin(MoneyAdmin, admin.ModelAdmin):
    """Requests with their unread messages; a request's page is its thread, where staff reply and quote."""

    form = StaffAnswer
    list_display = ["title", "user", "goods", "status", "unread_messages", "quote_price", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "user__username", "user__phone"]
    list_select_related = ["user", "goods"]
    inlines = [ThreadInline]
    readonly_fields = ["user", "goods", "title", "content", "phone", "pictures", "extra_fields", "status",
                       "quote_price", "quote_content", "sketches", "finished", "order", "created_at"]  # fmt: skip
    fieldsets = [
        (None, {"fields": readonly_fields}),
        (
            _("Answer"),
            {"fields": ["reply", "new_quote_price", "new_quote_content", "add_sketches", "add_finished", "close"]},
        ),
    ]

    def get_queryset(self, request):
        unread = Count("messages", filter=Q(messages__read_by_staff=False))
        return super().get_queryset(request).annotate(unread=unread)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("unread"), ordering="unread")
    def unread_messages(self, custom_order):
        return custom_order.unread

    @admin.display(description=_("images"))
    def pictures(self, custom_order):
        return thumbnails(custom_order.images.all())

    @admin.display(description=_("sketches"))
    def sketches(self, custom_order):
        return thumbnails(custom_order.sketch_images.all())

    @admin.display(description=_("finished pictures"))
    def finished(self, custom_order):
        return thumbnails(custom_order.finished_images.all())

    @admin.display(description=_("extra fields"))
    def extra_fields(self, custom_order):
        shown = selectors.filled_fields(custom_order)
        return format_html_join("", "<div>{}: {}</div>", ((label, value) for label, value, _picture in shown))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":  # staff have read the thread
            Message.objects.filter(custom_order_id=object_id, read_by_staff=False).update(read_by_staff=True)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        answer = form.cleaned_data
        try:
            if answer.get("reply", "").strip():
                services.staff_message(staff=request.user, pk=obj.pk, content=answer["reply"].strip())
            for kind, files in (("sketch_images", answer["add_sketches"]), ("finished_images", answer["add_finished"])):
                if files:
                    with uploads.saving(user=request.user) as save:
                        services.add_pictures(staff=request.user, pk=obj.pk, kind=kind,
                                              attachments=[save(file) for file in files])  # fmt: skip
            if answer.get("new_quote_price"):
                services.quote(staff=request.user, pk=obj.pk, price=answer["new_quote_price"],
                               text=answer["new_quote_content"])  # fmt: skip
            if answer.get("close"):
                services.close(pk=obj.pk, action=answer["close"])
        except ApiError as exc:
            self.message_user(request, str(exc.detail), messages.ERROR)

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shop.admin import thumbnails

from . import services
from .models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Moderation: approve or reject in bulk (the product's counts follow), and the shop's reply."""

    list_display = ["goods", "user_name", "score", "short_content", "pictures", "status", "created_at"]
    list_filter = ["status", "score"]
    search_fields = ["goods__title", "user_name", "content", "order__order_id"]
    list_select_related = ["goods"]
    actions = ["approve", "reject"]
    fields = ["goods", "order", "user", "user_name", "email", "score", "content", "pictures", "status", "reply",
              "created_at"]  # fmt: skip
    readonly_fields = [name for name in fields if name != "reply"]  # the status moves only through the actions

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("images")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("content"))
    def short_content(self, review):
        return review.content[:60] + ("…" if len(review.content) > 60 else "")

    @admin.display(description=_("images"))
    def pictures(self, review):
        return thumbnails(review.images.all())

    def _moderate(self, request, queryset, status, said):
        changed = services.moderate(list(queryset.values_list("pk", flat=True)), status)
        self.message_user(request, said(changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Approve selected reviews: show them"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Review.Status.APPROVED,
                       lambda n: ngettext("%(count)d review approved.", "%(count)d reviews approved.", n))  # fmt: skip

    @admin.action(description=_("Reject selected reviews: hide them"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, Review.Status.REJECTED,
                       lambda n: ngettext("%(count)d review rejected.", "%(count)d reviews rejected.", n))  # fmt: skip

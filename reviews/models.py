from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Review(models.Model):
    """A shopper's (or a guest's) review of a product: shown once staff approve it (spec section 11).
    The product's ``review_count`` and ``review_score_total`` count the approved ones
    (``reviews.services.moderate``)."""

    class Status(models.IntegerChoices):
        PENDING = 0, _("waiting for approval")
        APPROVED = 1, _("approved")
        REJECTED = 2, _("rejected")

    goods = models.ForeignKey("shop.Goods", verbose_name=_("goods"), on_delete=models.CASCADE, related_name="reviews")
    sku = models.ForeignKey(
        "shop.GoodsSku", verbose_name=_("SKU"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reviews",
    )  # fmt: skip
    user_name = models.CharField(_("name"), max_length=64)
    email = models.EmailField(_("email"), blank=True)
    score = models.PositiveSmallIntegerField(_("score"))
    content = models.TextField(_("content"), max_length=2000)
    images = models.ManyToManyField("shop.Attachment", verbose_name=_("images"), blank=True, related_name="+")
    status = models.SmallIntegerField(_("status"), choices=Status.choices, default=Status.PENDING)
    reply = models.TextField(_("shop's reply"), blank=True, help_text=_("Shown under the review."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-id"]
        indexes = [models.Index(fields=["goods", "status", "-id"], name="review_goods_status_id")]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="review_score_1_to_5"),
            models.UniqueConstraint(
                fields=["order", "goods"], condition=Q(order__isnull=False), name="review_once_per_product_per_order"
            ),
        ]

    def __str__(self):
        return f"{self.user_name}: {self.score}/5"

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shop.money import MoneyField


class CartItem(models.Model):
    """A line in a cart. The cart belongs to a user, or to a guest's ``cart`` token until login."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.CASCADE
    )
    token = models.CharField(_("token"), max_length=64, blank=True, default="", db_index=True)
    goods = models.ForeignKey("shop.Goods", verbose_name=_("goods"), on_delete=models.CASCADE, related_name="+")
    sku = models.ForeignKey(
        "shop.GoodsSku", verbose_name=_("SKU"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    origin_price = MoneyField(_("origin price"), help_text=_("Unit price when first added."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_quantity_positive"),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(token="")) | (Q(user__isnull=True) & ~Q(token="")),
                name="cart_has_exactly_one_owner",
            ),
            # One row per product and SKU in a cart (NULL SKUs need their own constraint).
            models.UniqueConstraint(
                fields=["user", "goods", "sku"], condition=Q(sku__isnull=False), name="cart_user_goods_sku_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "goods"], condition=Q(sku__isnull=True), name="cart_user_goods_unique"
            ),
            models.UniqueConstraint(
                fields=["token", "goods", "sku"],
                condition=Q(sku__isnull=False) & ~Q(token=""),
                name="cart_token_goods_sku_unique",
            ),
            models.UniqueConstraint(
                fields=["token", "goods"], condition=Q(sku__isnull=True) & ~Q(token=""), name="cart_token_goods_unique"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.goods_id}/{self.sku_id}"

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shop.money import MoneyField
from shop.validators import validate_phone, validate_postcode

from .status import EVENT_TITLES, OrderStatus, RefundStatus


class ShopSettings(models.Model):
    """The shop's order rules, one row, edited by staff; read through ``selectors.shop_settings()``."""

    auto_finish_day = models.PositiveIntegerField(
        _("auto finish day"), default=10, help_text=_("Days after shipping an order completes.")
    )
    auto_close_minute = models.PositiveIntegerField(
        _("auto close minute"), default=30, help_text=_("Minutes an unpaid order stays open.")
    )
    refund_days = models.PositiveIntegerField(
        _("refund days"), default=7, help_text=_("Days after completion a refund may be asked.")
    )
    seller_percent = models.PositiveSmallIntegerField(
        _("seller percent"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Percent of an order paid to its seller (0 = off)."),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("shop settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="shop_settings_single_row"),
            models.CheckConstraint(condition=Q(seller_percent__lte=100), name="seller_percent_at_most_100"),
        ]

    def __str__(self):
        return str(_("Shop settings"))


class Address(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="addresses"
    )
    name = models.CharField(_("name"), max_length=64)
    last_name = models.CharField(_("last name"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    province = models.CharField(_("province"), max_length=64)
    city = models.CharField(_("city"), max_length=64)
    town = models.CharField(_("town"), max_length=64, blank=True)
    country = models.CharField(_("country"), max_length=64, help_text=_("The district, as AnQiCMS names it."))
    address_info = models.CharField(_("address info"), max_length=255)
    company = models.CharField(_("company"), max_length=128, blank=True)
    postcode = models.CharField(_("postcode"), max_length=16, validators=[validate_postcode])
    status = models.SmallIntegerField(_("status"), default=1)
    is_default = models.BooleanField(_("is default"), default=False, help_text=_("Chosen first at checkout."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("address")
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(is_default=True), name="one_default_address_per_user")
        ]

    def __str__(self):
        return f"{self.name}, {self.city} {self.address_info}"


class NumberCounter(models.Model):
    """Per-second counters behind order and payment numbers (see ``numbers.py``)."""

    kind = models.CharField(_("kind"), max_length=8)
    second = models.CharField(_("second"), max_length=14)
    last = models.PositiveIntegerField(_("last"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [models.UniqueConstraint(fields=["kind", "second"], name="number_counter_unique")]

    def __str__(self):
        return f"{self.kind} {self.second}: {self.last}"


def default_remark(titles):
    """AnQiCMS's remark for an order that has none: the first line's title, and "等" when there are more."""
    return titles[0] + ("等" if len(titles) > 1 else "") if titles else ""


class Order(models.Model):
    class Type(models.TextChoices):
        GOODS = "goods", _("goods")
        VIP = "vip", _("VIP membership")

    order_id = models.CharField(_("order id"), max_length=18, unique=True)
    payment_id = models.CharField(_("payment id"), max_length=18, blank=True, default="", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="orders"
    )
    address = models.ForeignKey(
        Address, verbose_name=_("address"), null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    address_snapshot = models.JSONField(
        _("address snapshot"), null=True, blank=True, help_text=_("The address as it was when ordered.")
    )
    remark = models.CharField(_("remark"), max_length=500, blank=True)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices, default=Type.GOODS)
    status = models.SmallIntegerField(
        _("status"), choices=OrderStatus.choices, default=OrderStatus.WAITING, db_index=True
    )
    status_before_refund = models.SmallIntegerField(
        _("status before refund"), choices=OrderStatus.choices, null=True, blank=True
    )
    refund_status = models.SmallIntegerField(
        _("refund status"), choices=RefundStatus.choices, default=RefundStatus.NONE
    )
    origin_amount = MoneyField(_("origin amount"), help_text=_("Sum of the lines at list price."))
    discount_amount = MoneyField(_("discount amount"), default=0, help_text=_("Member discount plus coupon_amount."))
    coupon_amount = MoneyField(
        _("coupon amount"), default=0, help_text=_("The part of discount_amount a coupon took off.")
    )
    amount = MoneyField(_("amount"), help_text=_("What the buyer pays."))
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seller"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seller_amount = MoneyField(_("seller amount"), default=0)
    share_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("share user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    share_amount = MoneyField(_("share amount"), default=0)
    share_parent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("share parent user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    share_parent_amount = MoneyField(_("share parent amount"), default=0)
    express_company = models.CharField(_("express company"), max_length=64, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True, db_index=True)
    is_updated = models.BooleanField(_("is updated"), default=False)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, null=True, blank=True)
    # Set by the order's own INSERT and cleared once its "order placed" email is queued (orders.tasks).
    placed_email_due = models.BooleanField(_("placed email due"), default=False, editable=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    deliver_at = models.DateTimeField(_("deliver at"), null=True, blank=True)
    end_at = models.DateTimeField(
        _("end at"), null=True, blank=True, help_text=_("When a shipped order completes by itself.")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "status", "-created_at"]),
            models.Index(fields=["status", "id"], name="order_status_id"),  # the jobs' due rows, in id order
            models.Index(fields=["id"], condition=Q(placed_email_due=True), name="order_placed_email_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(origin_amount__gte=0), name="order_origin_amount_not_negative"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="order_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(discount_amount__gte=0) & Q(discount_amount__lte=models.F("origin_amount")),
                name="order_discount_within_origin_amount",
            ),
            models.CheckConstraint(
                condition=Q(amount=models.F("origin_amount") - models.F("discount_amount")),
                name="order_amount_is_origin_less_discount",
            ),
            models.CheckConstraint(
                condition=Q(coupon_amount__gte=0) & Q(coupon_amount__lte=models.F("discount_amount")),
                name="order_coupon_amount_within_discount",
            ),
            models.CheckConstraint(
                condition=Q(seller_amount__gte=0) & Q(share_amount__gte=0) & Q(share_parent_amount__gte=0),
                name="order_commissions_not_negative",
            ),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="order_idempotency_key_unique_per_user",
            ),
        ]

    def __str__(self):
        return self.order_id

    def buyer_note(self):
        """The remark as the buyer wrote it: empty when it is only AnQiCMS's default (``default_remark``)."""
        return "" if self.remark == default_remark([line.title for line in self.details.all()]) else self.remark

    def address_lines(self):
        """The address the order goes to, as it was when ordered, in the lines of an envelope."""
        address = self.address_snapshot or {}
        lines = [
            " ".join(filter(None, [address.get("name"), address.get("phone")])),
            " ".join(filter(None, (address.get(k) for k in ("province", "city", "country", "town")))),
            address.get("address_info"),
            " ".join(filter(None, [address.get("company"), address.get("postcode")])),
        ]
        return [line for line in lines if line]


class OrderDetail(models.Model):
    """One line of an order, priced from the database when the order was made."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="details")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    goods = models.ForeignKey(
        "shop.Goods", verbose_name=_("goods"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sku = models.ForeignKey(
        "shop.GoodsSku", verbose_name=_("SKU"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        "shop.UserGroup", verbose_name=_("group"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("The membership a VIP order's line buys (then there are no goods)."),
    )  # fmt: skip
    vip_days = models.PositiveIntegerField(
        _("vip days"), default=0, help_text=_("Membership days this line grants once paid.")
    )
    title = models.CharField(_("title"), max_length=200)
    sku_values = models.JSONField(_("sku values"), default=list, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    origin_price = MoneyField(_("origin price"), help_text=_("Unit list price."))
    price = MoneyField(_("price"), help_text=_("Unit price paid, after the member discount."))
    origin_amount = MoneyField(_("origin amount"))
    amount = MoneyField(_("amount"))
    status = models.SmallIntegerField(_("status"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("order detail")
        verbose_name_plural = _("order details")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="detail_quantity_positive"),
            models.CheckConstraint(
                condition=Q(goods__isnull=False, group__isnull=True) | Q(goods__isnull=True, group__isnull=False),
                name="detail_is_goods_or_membership",
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0) & Q(amount__gte=0) & Q(amount__lte=models.F("origin_amount")),
                name="detail_amounts_sane",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.title}"


class OrderEvent(models.Model):
    """Who moved an order from which status to which, and when: the order's timeline."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=32, choices=list(EVENT_TITLES.items()))
    from_status = models.SmallIntegerField(_("from status"), choices=OrderStatus.choices, null=True, blank=True)
    to_status = models.SmallIntegerField(_("to status"), choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.order_id}: {self.title}"

    @property
    def title(self):
        return EVENT_TITLES.get(self.action, self.action)


class Commission(models.Model):
    """Money an order earns a sharer, the sharer's inviter or the seller, credited when it completes."""

    class Kind(models.TextChoices):
        SHARE = "share"
        SHARE_PARENT = "share_parent"
        SELLER = "seller"

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="commissions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="commissions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = MoneyField(_("amount"))
    reversed = models.BooleanField(_("reversed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="commission_once_per_order_and_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="commission_amount_positive"),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount} for {self.order_id}"

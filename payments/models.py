from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shop.money import MoneyField


class Payment(models.Model):
    """One attempt to pay an order through one gateway. ``payment_id`` is what the gateway knows us by."""

    class Status(models.IntegerChoices):
        PENDING = 0, _("pending")
        PAID = 1, _("paid")
        FAILED = -1, _("failed or abandoned")

    payment_id = models.CharField(_("payment id"), max_length=18, unique=True)
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="payments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    pay_way = models.CharField(_("pay way"), max_length=16)
    amount = MoneyField(_("amount"), help_text=_("Asked of the gateway."))
    currency = models.CharField(_("currency"), max_length=3)
    status = models.SmallIntegerField(_("status"), choices=Status.choices, default=Status.PENDING, db_index=True)
    gateway_ref = models.CharField(
        _("gateway ref"), max_length=128, blank=True, help_text=_("The gateway's session/order/prepay id.")
    )
    gateway_txn_id = models.CharField(
        _("gateway txn id"), max_length=128, null=True, blank=True, help_text=_("Its transaction id once paid.")
    )
    paid_amount = MoneyField(_("paid amount"), default=0, help_text=_("What the gateway confirmed for the order."))
    payer_amount = MoneyField(
        _("payer amount"),
        default=0,
        help_text=_("What the payer paid: less than paid_amount after the gateway's own coupon."),
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    orphaned = models.BooleanField(
        _("orphaned"), default=False, help_text=_("Paid after the order was closed: refunded by itself.")
    )
    polled_at = models.DateTimeField(
        _("polled at"), null=True, blank=True, help_text=_("When the poller last asked the gateway.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-id"]
        # polling's pending rows, in id order
        indexes = [models.Index(fields=["status", "id"], name="payment_status_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["pay_way", "gateway_txn_id"],
                condition=Q(gateway_txn_id__isnull=False),
                name="payment_gateway_txn_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(status=0) | Q(status=-1) | (Q(gateway_txn_id__isnull=False) & Q(paid_amount__gt=0)),
                name="paid_payment_has_txn_and_amount",
            ),
        ]

    def __str__(self):
        return f"{self.payment_id} ({self.pay_way})"


class PaymentEvent(models.Model):
    """A fact a gateway told us (notification, poll, return page). Unique per gateway event, so a
    replayed notification is recognised as already processed."""

    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    pay_way = models.CharField(_("pay way"), max_length=16)
    event_key = models.CharField(
        _("event key"), max_length=160, help_text=_("The gateway's transaction id and what happened to it.")
    )
    source = models.CharField(_("source"), max_length=16, help_text=_("notify, poll, return or staff."))
    amount = MoneyField(_("amount"), default=0)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["pay_way", "event_key"], name="payment_event_once")]

    def __str__(self):
        return f"{self.pay_way} {self.event_key}: {self.outcome}"


class Refund(models.Model):
    """A refund of an order's payment, requested by its buyer (or automatic for an orphaned payment)."""

    class Status(models.IntegerChoices):
        REQUESTED = 0, _("requested")
        PROCESSING = 1, _("approved, at the gateway")
        SUCCEEDED = 2, _("refunded")
        FAILED = -1, _("failed at the gateway")
        REJECTED = -2, _("rejected by staff")

    order = models.ForeignKey("orders.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds")
    amount = MoneyField(_("amount"))
    captured_amount = MoneyField(
        _("captured amount"), help_text=_("What the payment captured: the most a refund may return.")
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    status = models.SmallIntegerField(_("status"), choices=Status.choices, default=Status.REQUESTED)
    automatic = models.BooleanField(
        _("automatic"), default=False, help_text=_("For a payment that arrived after the order closed.")
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    gateway_refund_id = models.CharField(_("gateway refund id"), max_length=128, blank=True)
    error = models.TextField(_("error"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=F("captured_amount")), name="refund_within_captured_amount"
            ),
            # One refund request per order (an automatic refund of an orphaned payment is per payment).
            models.UniqueConstraint(
                fields=["order"], condition=Q(automatic=False), name="one_refund_request_per_order"
            ),
            models.UniqueConstraint(fields=["payment"], name="one_refund_per_payment"),
        ]

    def __str__(self):
        return _("refund of %(order)s: %(status)s") % {"order": self.order_id, "status": self.get_status_display()}

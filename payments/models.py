from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy

from shop.money import MoneyField


class Payment(models.Model):
    """One attempt to pay an order through one gateway. ``payment_id`` is what the gateway knows us by."""

    class Status(models.IntegerChoices):
        PENDING = 0, gettext_lazy("pending")
        PAID = 1, gettext_lazy("paid")
        FAILED = -1, gettext_lazy("failed or abandoned")

    payment_id = models.CharField(max_length=18, unique=True)
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pay_way = models.CharField(max_length=16)
    amount = MoneyField(help_text="Asked of the gateway.")
    currency = models.CharField(max_length=3)
    status = models.SmallIntegerField(choices=Status.choices, default=Status.PENDING, db_index=True)
    gateway_ref = models.CharField(max_length=128, blank=True, help_text="The gateway's session/order/prepay id.")
    gateway_txn_id = models.CharField(max_length=128, null=True, blank=True, help_text="Its transaction id once paid.")
    paid_amount = MoneyField(default=0, help_text="What the gateway confirmed for the order.")
    payer_amount = MoneyField(
        default=0, help_text="What the payer paid: less than paid_amount after the gateway's own coupon."
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    orphaned = models.BooleanField(default=False, help_text="Paid after the order was closed: refunded by itself.")
    polled_at = models.DateTimeField(null=True, blank=True, help_text="When the poller last asked the gateway.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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

    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    pay_way = models.CharField(max_length=16)
    event_key = models.CharField(max_length=160, help_text="The gateway's transaction id and what happened to it.")
    source = models.CharField(max_length=16, help_text="notify, poll, return or staff.")
    amount = MoneyField(default=0)
    currency = models.CharField(max_length=3, blank=True)
    outcome = models.CharField(max_length=200)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["pay_way", "event_key"], name="payment_event_once")]

    def __str__(self):
        return f"{self.pay_way} {self.event_key}: {self.outcome}"


class Refund(models.Model):
    """A refund of an order's payment, requested by its buyer (or automatic for an orphaned payment)."""

    class Status(models.IntegerChoices):
        REQUESTED = 0, gettext_lazy("requested")
        PROCESSING = 1, gettext_lazy("approved, at the gateway")
        SUCCEEDED = 2, gettext_lazy("refunded")
        FAILED = -1, gettext_lazy("failed at the gateway")
        REJECTED = -2, gettext_lazy("rejected by staff")

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = MoneyField()
    captured_amount = MoneyField(help_text="What the payment captured: the most a refund may return.")
    reason = models.CharField(max_length=500, blank=True)
    status = models.SmallIntegerField(choices=Status.choices, default=Status.REQUESTED)
    automatic = models.BooleanField(default=False, help_text="For a payment that arrived after the order closed.")
    idempotency_key = models.CharField(max_length=64, unique=True)
    gateway_refund_id = models.CharField(max_length=128, blank=True)
    error = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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
        return f"refund of {self.order_id}: {self.get_status_display()}"

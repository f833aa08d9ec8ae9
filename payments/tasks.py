"""The Celery jobs of spec section 7, in the beat schedule. Each is idempotent, works in batches,
and is safe with several workers at once: rows are taken with ``skip_locked`` and re-checked
under their lock, so two workers never act on the same order."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from config.api import ApiError
from orders.models import Order
from orders.selectors import shop_settings
from orders.services import cancel_order, finish_order
from orders.status import OrderStatus
from shop.money import format_money

from . import gateways, services
from .gateways import GatewayError, InvalidNotification
from .models import Payment

logger = logging.getLogger(__name__)
BATCH = 200
RETRY = {"autoretry_for": (GatewayError,), "retry_backoff": True, "retry_jitter": True, "max_retries": 5}


def _claim(queryset, **changes):
    """Take up to BATCH rows nobody else holds, mark them with ``changes`` and return their ids."""
    with transaction.atomic():
        ids = list(queryset.select_for_update(skip_locked=True).values_list("pk", flat=True)[:BATCH])
        if ids and changes:
            queryset.model.objects.filter(pk__in=ids).update(**changes)
    return ids


@shared_task(acks_late=True, **RETRY)
def poll_pending_payments():
    """Ask the gateways about payments still pending, younger than PAYMENT_POLL_MAX_AGE."""
    now = timezone.now()
    polled = 0
    pollable = [way for way in gateways.available() if way not in ("balance", "sandbox")]
    while True:
        due = Payment.objects.filter(
            status=Payment.Status.PENDING, pay_way__in=pollable, created_at__gte=now - settings.PAYMENT_POLL_MAX_AGE,
        ).exclude(polled_at__gte=now - timedelta(seconds=50)).order_by("pk")  # fmt: skip
        ids = _claim(due, polled_at=now)
        if not ids:
            return polled
        for payment in Payment.objects.filter(pk__in=ids):
            try:
                services.ask_gateway(payment)
            except (GatewayError, InvalidNotification) as exc:
                logger.warning("polling %s failed: %s", payment.payment_id, exc)
            polled += 1


@shared_task(acks_late=True, **RETRY)
def close_unpaid_orders():
    """Close orders unpaid after ``auto_close_minute`` (stock and coupon released), after asking
    their gateways whether a payment did arrive. An order whose gateway says paid, or could not
    say, stays open for the next run: closing it would refund a payment the shopper meant."""
    closed = 0
    cutoff = timezone.now() - timedelta(minutes=shop_settings().auto_close_minute)
    seen = set()
    while True:
        due = Order.objects.filter(status=OrderStatus.WAITING, created_at__lt=cutoff).exclude(pk__in=seen)
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return closed
        seen.update(ids)
        held = set()
        for payment in Payment.objects.filter(order_id__in=ids, status=Payment.Status.PENDING).exclude(
            pay_way__in=("balance", "sandbox")
        ):
            try:
                if services.ask_gateway(payment, source="close"):
                    held.add(payment.order_id)
            except (GatewayError, InvalidNotification, ApiError) as exc:
                held.add(payment.order_id)
                logger.warning("not closing %s: asking about %s failed: %s", payment.order_id, payment.payment_id, exc)
        for order_pk in set(ids) - held:
            closed += _close_one(order_pk, cutoff)


def _close_one(order_pk, cutoff):
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(skip_locked=True)
            .filter(pk=order_pk, status=OrderStatus.WAITING, created_at__lt=cutoff)
            .first()
        )
        if order is None:
            return 0  # paid meanwhile, or another worker has it
        cancel_order(order=order, note="closed: not paid in time")
    return 1


@shared_task(acks_late=True, **RETRY)
def complete_shipped_orders():
    """Complete shipped orders whose ``end_time`` has passed, crediting their commissions."""
    done = 0
    now = timezone.now()
    seen = set()
    while True:
        due = Order.objects.filter(status=OrderStatus.SHIPPED, end_at__lte=now).exclude(pk__in=seen)
        ids = list(due.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        seen.update(ids)
        for order_pk in ids:
            with transaction.atomic():
                order = (
                    Order.objects.select_for_update(skip_locked=True)
                    .filter(pk=order_pk, status=OrderStatus.SHIPPED, end_at__lte=now)
                    .first()
                )
                if order is not None:  # else completed meanwhile, or another worker has it
                    finish_order(order=order, note="completed automatically")
                    done += 1


@shared_task(acks_late=True)
def process_refund(refund_pk):
    """Carry out an approved refund. A gateway failure is recorded on the refund for staff, who can
    retry it: the gateway sees the same idempotency key, so it never refunds twice."""
    try:
        return services.process_refund(refund_pk).status
    except GatewayError as exc:
        logger.warning("refund %s failed at the gateway: %s", refund_pk, exc)
        return "failed"


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5)
def send_receipt(payment_pk):
    """Email the buyer that their payment arrived (queued after the confirming transaction commits)."""
    payment = Payment.objects.select_related("order", "user").get(pk=payment_pk)
    if not payment.user.email:
        return False
    send_mail(
        f"Payment received for order {payment.order.order_id}",
        f"We received {format_money(payment.paid_amount)} for order {payment.order.order_id}. "
        "We will let you know when it ships.",
        settings.DEFAULT_FROM_EMAIL,
        [payment.user.email],
    )
    return True

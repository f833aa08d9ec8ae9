"""The Celery jobs of spec section 7, in the beat schedule. Each is idempotent, works in batches,
and is safe with several workers at once: rows are taken with ``skip_locked`` and re-checked
under their lock, so two workers never act on the same order."""

import logging
from datetime import datetime, timedelta
from itertools import groupby
from operator import attrgetter

from celery import shared_task
from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_noop

from config.api import ApiError
from config.jobs import BATCH, claim
from orders import services as order_services
from orders.models import Order
from orders.selectors import shop_settings
from orders.status import OrderStatus

from . import gateways, services
from .gateways import GatewayError, InvalidNotification
from .models import Payment

logger = logging.getLogger(__name__)
CHUNK = 5000  # ids one fanned-out job task covers
RETRY = {"autoretry_for": (GatewayError,), "retry_backoff": True, "retry_jitter": True, "max_retries": 5}


@shared_task(acks_late=True, **RETRY)
def poll_pending_payments():
    """Beat: ask the gateways about payments still pending, younger than PAYMENT_POLL_MAX_AGE, in
    chunks spread over the workers."""
    now = timezone.now()
    return _fan_out(poll_payments_chunk, _pollable(now), now.isoformat())


def _pollable(now):
    ways = [way for way in gateways.available() if way not in ("balance", "sandbox")]
    return Payment.objects.filter(
        status=Payment.Status.PENDING, pay_way__in=ways, created_at__gte=now - settings.PAYMENT_POLL_MAX_AGE,
    ).exclude(polled_at__gte=now - timedelta(seconds=50))  # fmt: skip


@shared_task(acks_late=True, **RETRY)
def poll_payments_chunk(start, end, now):
    """Poll the pending payments with ids in [start, end), a claimed batch at a time; returns how many."""
    now = datetime.fromisoformat(now)
    due, polled, last = _pollable(now).order_by("pk"), 0, start - 1
    while ids := claim(due.filter(pk__gt=last, pk__lt=end), polled_at=now):  # keyset, as _batches
        last, polled = ids[-1], polled + len(ids)
        payments = sorted(Payment.objects.filter(pk__in=ids), key=attrgetter("pay_way"))
        for pay_way, group in groupby(payments, attrgetter("pay_way")):
            _poll(pay_way, list(group))
    return polled


def _poll(pay_way, payments):
    """Ask ``pay_way``'s gateway about ``payments`` and confirm those it says are paid; what fails is
    logged and left for the next round."""
    try:
        answers = list(gateways.get(pay_way).query_many(payments))
    except GatewayError as exc:
        logger.warning("polling %s payments failed: %s", pay_way, exc)
        return
    for payment, verified in answers:
        if verified.paid:
            try:
                services.confirm_payment(pay_way=pay_way, verified=verified, source="poll")
            except InvalidNotification as exc:
                logger.warning("polling %s: %s", payment.payment_id, exc)


def _fan_out(chunk_task, due, *args):
    """Hand the id range of the ``due`` rows to ``chunk_task`` in chunks of CHUNK ids, one task
    each, so every worker on every machine takes a share. Returns how many chunks."""
    bounds = due.aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return 0
    starts = range(bounds["first"], bounds["last"] + 1, CHUNK)
    for start in starts:
        chunk_task.delay(start, start + CHUNK, *args)
    return len(starts)


def _batches(due, start, end):
    """The ids of ``due`` in [start, end), BATCH at a time in id order: each batch one short index
    range read (``pk > last``), whatever the size of the table or of what went before."""
    last = start - 1
    while ids := list(due.filter(pk__gt=last, pk__lt=end).order_by("pk").values_list("pk", flat=True)[:BATCH]):
        last = ids[-1]
        yield ids


def _unpaid(cutoff):
    return Order.objects.filter(status=OrderStatus.WAITING, created_at__lt=cutoff)


def _shipped_due(now):
    return Order.objects.filter(status=OrderStatus.SHIPPED, end_at__lte=now)


@shared_task(acks_late=True, **RETRY)
def close_unpaid_orders():
    """Beat: close the orders unpaid after ``auto_close_minute``, in chunks spread over the workers."""
    cutoff = timezone.now() - timedelta(minutes=shop_settings().auto_close_minute)
    return _fan_out(close_unpaid_chunk, _unpaid(cutoff), cutoff.isoformat())


@shared_task(acks_late=True, **RETRY)
def close_unpaid_chunk(start, end, cutoff):
    """Close the unpaid orders with ids in [start, end), stock and coupons given back, a batch at a
    time. An order whose gateway says paid, or could not say, stays open for the next run: closing
    it would refund a payment the shopper meant. Returns how many closed."""
    closed = 0
    for ids in _batches(_unpaid(datetime.fromisoformat(cutoff)), start, end):
        held = _paid_or_unknown(ids)
        closed += order_services.close_orders(
            [pk for pk in ids if pk not in held], note=gettext_noop("not paid in time")
        )
    return closed


def _paid_or_unknown(order_pks):
    """Of these orders, those with a gateway payment the gateway says is paid or cannot tell about."""
    held = set()
    for payment in Payment.objects.filter(order_id__in=order_pks, status=Payment.Status.PENDING).exclude(
        pay_way__in=("balance", "sandbox")
    ):
        try:
            if services.ask_gateway(payment, source="close"):
                held.add(payment.order_id)
        except (GatewayError, InvalidNotification, ApiError) as exc:
            held.add(payment.order_id)
            logger.warning("not closing %s: asking about %s failed: %s", payment.order_id, payment.payment_id, exc)
    return held


@shared_task(acks_late=True, **RETRY)
def complete_shipped_orders():
    """Beat: complete the shipped orders whose ``end_time`` has passed, in chunks over the workers."""
    now = timezone.now()
    return _fan_out(complete_shipped_chunk, _shipped_due(now), now.isoformat())


@shared_task(acks_late=True, **RETRY)
def complete_shipped_chunk(start, end, now):
    """Complete the due shipped orders with ids in [start, end), commissions credited, a batch at a
    time. Returns how many completed."""
    now = datetime.fromisoformat(now)
    return sum(order_services.finish_orders(ids, due_by=now, note=gettext_noop("completed automatically"))
               for ids in _batches(_shipped_due(now), start, end))  # fmt: skip


@shared_task(acks_late=True)
def process_refund(refund_pk):
    """Carry out an approved refund. A gateway failure is recorded on the refund for staff, who can
    retry it: the gateway sees the same idempotency key, so it never refunds twice."""
    try:
        return services.process_refund(refund_pk).status
    except GatewayError as exc:
        logger.warning("refund %s failed at the gateway: %s", refund_pk, exc)
        return "failed"

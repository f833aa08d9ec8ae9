from celery import shared_task
from django.db import transaction
from django.utils import timezone

from shop.tasks import send_emails

from . import vip
from .models import NumberCounter, Order

BATCH = 500  # orders a "placed" email task covers


@shared_task(acks_late=True)
def purge_number_counters():
    """Counters of past days can no longer hand out numbers: drop them."""
    today = timezone.localtime().strftime("%Y%m%d000000")
    deleted, _ = NumberCounter.objects.filter(second__lt=today).delete()
    return deleted


@shared_task(acks_late=True)
def expire_memberships():
    """Daily: members whose membership has ended go back to the default group."""
    return vip.expire_members()


@shared_task(acks_late=True)
def send_placed_emails():
    """Beat, every few seconds: queue the "order placed" emails of the orders placed since, one task per
    batch. An order marks itself due in its own INSERT (``placed_email_due``) instead of queueing a message
    as it commits: that message was a fifth of an order's time (bench/README.md), and an order placed while
    the broker is away is told once it is back. Returns how many orders' emails it queued."""
    queued = 0
    while ids := _claim_placed():
        queued += len(ids)
    return queued


def _claim_placed():
    """Queue the email of up to BATCH due orders nobody else holds, and mark them told; their ids."""
    due = Order.objects.filter(placed_email_due=True).select_for_update(skip_locked=True).order_by("pk")
    with transaction.atomic():
        ids = list(due.values_list("pk", flat=True)[:BATCH])
        if ids:
            Order.objects.filter(pk__in=ids).update(placed_email_due=False)
            send_emails.delay("order_placed", ids)  # before the commit: a broker away leaves them due
    return ids

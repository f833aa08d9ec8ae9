from celery import shared_task
from django.utils import timezone

from config.jobs import claim
from shop.tasks import send_emails

from . import vip
from .models import NumberCounter, Order


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
    batch (``config.jobs.claim``). An order marks itself due in its own INSERT (``placed_email_due``) instead
    of queueing a message as it commits: that message was a fifth of an order's time (bench/README.md), and
    an order placed while the broker is away is told once it is back. Returns how many orders' emails it
    queued."""
    due = Order.objects.filter(placed_email_due=True).order_by("pk")
    queued = 0
    # Queued before the batch's commit: a broker that is away leaves its orders due.
    while ids := claim(due, placed_email_due=False, then=lambda ids: send_emails.delay("order_placed", ids)):
        queued += len(ids)
    return queued

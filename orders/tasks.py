from celery import shared_task
from django.utils import timezone

from . import vip
from .models import NumberCounter


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

"""Order and payment numbers: ``YYYYMMDDhhmmss`` + 4 digits, unique by construction.

Each (kind, second) has a counter row; a number is the second plus the counter's next value, so
two numbers can only be equal if one counter handed out the same value twice, which its row lock
prevents. Past 9,999 numbers in one second the caller waits for the next second. Numbers are
drawn in their own short transaction, before the order's, so concurrent checkouts do not queue
behind each other on the counter row; a failed checkout leaves a gap, which is harmless.
"""

import time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import NumberCounter

PER_SECOND = 9999


def next_number(kind):
    while True:
        second = timezone.localtime().strftime("%Y%m%d%H%M%S")
        value = _bump(kind, second)
        if value <= PER_SECOND:
            return f"{second}{value:04d}"
        time.sleep(0.05)


def _bump(kind, second):
    with transaction.atomic():
        updated = NumberCounter.objects.filter(kind=kind, second=second).update(last=F("last") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    NumberCounter.objects.create(kind=kind, second=second, last=1)
                return 1
            except IntegrityError:  # another process created it first
                NumberCounter.objects.filter(kind=kind, second=second).update(last=F("last") + 1)
        return NumberCounter.objects.get(kind=kind, second=second).last

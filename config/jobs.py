"""What the Celery jobs share: taking a batch of rows that no other worker holds."""

from django.db import transaction

BATCH = 500  # rows a transaction of a job takes


def claim(queryset, *, then=None, **changes):
    """Take up to BATCH rows of ``queryset`` nobody else holds (``skip_locked``), mark them with ``changes``,
    call ``then(ids)`` before the commit (if it fails, the rows stay as they were), and return their ids."""
    with transaction.atomic():
        ids = list(queryset.select_for_update(skip_locked=True).values_list("pk", flat=True)[:BATCH])
        if ids and changes:
            queryset.model.objects.filter(pk__in=ids).update(**changes)
        if ids and then:
            then(ids)
    return ids

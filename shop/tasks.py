from celery import shared_task

from . import tokens


@shared_task(acks_late=True)
def purge_expired_tokens():
    return tokens.purge_expired_tokens()

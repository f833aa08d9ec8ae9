from celery import shared_task

from . import submissions, tokens


@shared_task(acks_late=True)
def purge_expired_tokens():
    return tokens.purge_expired_tokens()


@shared_task(acks_late=True)
def purge_form_submissions():
    return submissions.purge_old()

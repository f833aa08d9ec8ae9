from celery import shared_task

from . import emails, submissions, tokens


@shared_task(acks_late=True)
def purge_expired_tokens():
    return tokens.purge_expired_tokens()


@shared_task(acks_late=True)
def purge_form_submissions():
    return submissions.purge_old()


@shared_task(acks_late=True)
def tell_price_drops():
    from . import wishlist  # it uses shop.services, which queues this module's tasks

    return wishlist.tell_price_drops()


@shared_task(acks_late=True)
def tell_of_registration_attempt(user_pk):
    """Someone tried to register with this account's email or phone: the registrant was not told
    the account exists, its owner is (they may have forgotten they have one)."""
    told = emails.messages("registration_attempt", user_pk)
    for email in told:
        email.send()  # every attempt is told, so no SentEmail record (``emails.send``) holds back the next one
    return bool(told)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=8)
def send_emails(name, pks):
    """Send email ``name`` about each of ``pks``; a retry skips those already sent."""
    return sum(emails.send(name, pk) for pk in pks)

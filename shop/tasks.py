from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from . import emails, submissions, tokens
from .models import User


@shared_task(acks_late=True)
def purge_expired_tokens():
    return tokens.purge_expired_tokens()


@shared_task(acks_late=True)
def purge_form_submissions():
    return submissions.purge_old()


@shared_task(acks_late=True)
def tell_of_registration_attempt(user_pk):
    """Someone tried to register with this account's email or phone: the registrant was not told
    the account exists, its owner is (they may have forgotten they have one)."""
    user = User.objects.filter(pk=user_pk).exclude(email="").first()
    if user is None:
        return False
    send_mail(
        "Someone tried to register with your details",
        f"Hello {user.username},\n\nSomeone just tried to create an account with your email address or phone "
        "number. If it was you: you already have an account, so sign in (with your user name, email or phone), "
        'or use "Forgot your password?" on the sign-in page.\nIf it was not you, you need do nothing: '
        "no account was created and yours is unchanged.",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    return True


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=8)
def send_emails(name, pks):
    """Send email ``name`` about each of ``pks``; a retry skips those already sent."""
    return sum(emails.send(name, pk) for pk in pks)

"""Page forms that act once: each form carries a one-time key (``{% form_key %}``), and
``submitted_once`` carries out the first post of a key and sends every later post of the same
key where the first one went. The API's ``Idempotency-Key`` does the same for API clients.
"""

import secrets
import time
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from .models import FormSubmission

FIELD = "form_key"
WAIT_SECONDS = 20  # how long a repeat waits for the first post to finish
KEEP = timedelta(days=1)


def new_key():
    return secrets.token_urlsafe(24)


def key_of(request):
    return request.POST.get(FIELD, "")[:64] if request.method == "POST" else ""


def _claim(user, key):
    try:
        with transaction.atomic():
            FormSubmission.objects.create(user=user, key=key)
        return True
    except IntegrityError:
        return False


def _outcome_of_first(user, key):
    """Where the first post of ``key`` went once it finishes; None when it left no outcome."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        row = FormSubmission.objects.filter(user=user, key=key).values_list("outcome", flat=True).first()
        if row is None or row:
            return row
        time.sleep(0.1)
    return None


def submitted_once(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = key_of(request)
        if not key or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if not _claim(request.user, key):
            outcome = _outcome_of_first(request.user, key)
            if outcome:
                return redirect(outcome)
            _claim(request.user, key)  # the first post only showed the form again: this one acts
        mine = FormSubmission.objects.filter(user=request.user, key=key)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            mine.delete()
            raise
        if response.status_code in (301, 302, 303):
            _save_messages(request, response)
            mine.update(outcome=response["Location"][:500])
        else:
            mine.delete()  # a form shown again with its errors may be posted again
        return response

    return wrapper


def _save_messages(request, response):
    """Store the first post's messages ("Order … placed") before a repeat is let go: the middleware
    would save them only after this returns, and the page the repeat lands on would miss them."""
    messages.get_messages(request).update(response)
    request.session.save()


def purge_old():
    return FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()[0]

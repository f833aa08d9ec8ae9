"""Email to shoppers and staff. Each kind is a function of one object's id that says the subject,
the recipients and what its template needs (``@kind``, in the app the object belongs to); the
template ``emails/<kind>.txt`` is the text, and the HTML is that text in the shop's email frame.

``send_after_commit`` queues them once the change that caused them commits; the task sends each at
most once per kind and object (``SentEmail``), however often it is retried or doubled.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import SentEmail, User

KINDS = {}


@dataclass(frozen=True)
class Mail:
    subject: str  # lazily translated, formatted with ``context`` in the recipient's language
    to: list
    context: dict = field(default_factory=dict)
    language: str = ""  # the recipients' (``User.language``); empty: the shop's ``LANGUAGE_CODE``


def kind(name):
    """Register the function that makes email ``name`` about an object, from its id: a ``Mail``, a list of
    them (one per language, ``to_staff``) or None (no email)."""

    def register(make):
        KINDS[name] = make
        return make

    return register


def send_after_commit(name, *pks):
    """Email ``name`` about each of ``pks`` once the current transaction commits, in one task."""
    from .tasks import send_emails

    if pks:
        transaction.on_commit(lambda: send_emails.delay(name, list(pks)))


def to_buyer(order, subject, **context):
    """Email to ``order``'s buyer in their language, ``subject`` formatted with the order; None when they
    gave no address."""
    if order is None or not order.user.email:
        return None
    context = {"order": order, "user": order.user, **context}
    return Mail(subject, [order.user.email], context, language=order.user.language)


def to_staff(permission, subject, **context):
    """Email to the active staff who hold ``permission`` (superusers included), one per language they
    read (``User.language``, else the shop's)."""
    people = User.objects.with_perm(permission, include_superusers=True).filter(is_staff=True).exclude(email="")
    by_language = {}
    for address, language in people.order_by("email").values_list("email", "language"):
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(address)
    return [Mail(subject, to, context, language) for language, to in sorted(by_language.items())]


def messages(name, pk):
    """Email ``name`` about object ``pk`` ready to send, one per language: none when there is no one to
    send it to."""
    made = KINDS[name](pk)
    emails = []
    for mail in made if isinstance(made, list) else filter(None, [made]):
        context = {"shop_url": settings.SHOP_URL, **mail.context}
        with translation.override(mail.language or settings.LANGUAGE_CODE):
            subject = str(mail.subject).format(**context)
            text = render_to_string(f"emails/{name}.txt", context).strip()
            html = render_to_string("emails/frame.html", {**context, "subject": subject, "text": text})
        email = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, mail.to)
        email.attach_alternative(html, "text/html")
        emails.append(email)
    return [email for email in emails if email.to]


def send(name, pk):
    """Send email ``name`` about ``pk`` unless it was sent: the record's row lock makes a second task
    for the same email wait, then find it sent. Returns whether this call sent it."""
    emails = messages(name, pk)
    if not emails:  # no one to tell (a shopper without an email address): nothing to record
        return False
    with transaction.atomic():
        record, _ = SentEmail.objects.select_for_update().get_or_create(key=f"{name}:{pk}")
        if record.sent_at is not None:
            return False
        for email in emails:
            email.send()  # an error leaves the record unsent, for the task's retry
        record.sent_at, record.recipients = timezone.now(), ", ".join(to for email in emails for to in email.to)
        record.save(update_fields=["sent_at", "recipients"])
    return True


def _to_user(pk, subject):
    """Email to user ``pk`` in their language; None when they gave no address."""
    user = User.objects.filter(pk=pk).exclude(email="").first()
    return Mail(subject, [user.email], {"user": user}, user.language) if user else None


@kind("welcome")
def welcome(pk):
    return _to_user(pk, _("Welcome to Lantern Goods"))


@kind("registration_attempt")
def registration_attempt(pk):
    """To an account's owner, when someone tried to register with its email or phone (the registrant is
    not told it exists). Sent by ``messages(...)`` at each attempt, not once as the other kinds."""
    return _to_user(pk, _("Someone tried to register with your details"))

import pytest
from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.shortcuts import redirect
from django.test import RequestFactory

from shop.models import FormSubmission
from shop.submissions import submitted_once
from shop.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@submitted_once
def place(request):
    messages.success(request, "Order 1 placed")
    return redirect("/orders/1/")


def post(user, session):
    request = RequestFactory().post("/checkout/", {"form_key": "k1"})
    request.user, request.session = user, session
    request._messages = SessionStorage(request)
    return request


def test_a_repeat_is_let_go_only_once_the_first_posts_message_is_stored():
    """The page the repeat lands on must show "Order … placed", even before the middleware saves the session."""
    user, session = UserFactory(), SessionStore()
    session.create()
    assert place(post(user, session))["Location"] == "/orders/1/"
    assert FormSubmission.objects.get(user=user, key="k1").outcome == "/orders/1/"
    stored = SessionStore(session.session_key)  # what the repeat's next page loads
    assert [m.message for m in SessionStorage(post(user, stored))] == ["Order 1 placed"]


def test_a_repeat_goes_where_the_first_post_went_without_acting_again():
    user, session = UserFactory(), SessionStore()
    session.create()
    place(post(user, session))
    repeat = post(user, SessionStore(session.session_key))
    assert place(repeat)["Location"] == "/orders/1/"
    assert list(repeat._messages._queued_messages) == []  # the view did not run a second time

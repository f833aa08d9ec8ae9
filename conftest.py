import pytest
from rest_framework.test import APIClient

from shop import tokens
from shop.tests.factories import UserFactory


@pytest.fixture
def client_api():
    """An API client with no user, as a mini-program before login."""
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def api(user):
    """An API client logged in as ``user`` through the ``token`` header."""
    client = APIClient()
    client.credentials(HTTP_TOKEN=tokens.issue_token(user=user))
    client.user = user
    return client


@pytest.fixture
def other_api(db):
    """A second shopper, for "never another user's object" tests."""
    other = UserFactory()
    client = APIClient()
    client.credentials(HTTP_TOKEN=tokens.issue_token(user=other))
    client.user = other
    return client

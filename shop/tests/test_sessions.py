"""Signing out ends every way in; another site cannot sign a visitor in to its own account."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from shop import tokens
from shop.models import AuthToken
from shop.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def api_login(client, **headers):
    return client.post("/api/login", {"user_name": "bob", "password": PASSWORD}, **headers)


@pytest.fixture
def bob():
    return UserFactory(username="bob")


def test_the_shops_log_out_also_ends_the_api_token_cookie(client, bob):
    raw = api_login(client, content_type="application/json").json()["data"]["token"]
    assert tokens.find_token(raw) is not None
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert response.cookies["token"].value == "" and response.cookies["token"]["max-age"] == 0
    assert tokens.find_token(raw) is None
    stolen = APIClient()
    stolen.credentials(HTTP_TOKEN=raw)
    assert stolen.get("/api/user/detail").json()["code"] == 1001


def test_the_apis_log_out_ends_the_header_token_and_the_cookie_token(bob):
    browser = APIClient()
    cookie_token = api_login(browser, format="json").json()["data"]["token"]
    header_token = api_login(APIClient(), format="json").json()["data"]["token"]
    browser.credentials(HTTP_TOKEN=header_token)
    assert browser.post("/api/logout", format="json").json()["code"] == 0
    assert tokens.find_token(header_token) is None and tokens.find_token(cookie_token) is None


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame or a data: page
        {"HTTP_SEC_FETCH_SITE": "cross-site"},  # a browser that sent no Origin still says where it comes from
    ],
)
@pytest.mark.parametrize("path", ["/api/login", "/api/register"])
def test_a_form_on_another_site_cannot_sign_the_visitor_in(client, bob, headers, path):
    body = {"user_name": "bob" if path == "/api/login" else "mallory", "password": PASSWORD}
    response = client.post(path, body, **headers)  # form-encoded, as a cross-site form posts
    assert response.json() == {"code": 1002, "msg": "signing in from another site is not allowed", "data": None}
    assert "token" not in response.cookies and "sessionid" not in response.cookies
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "headers",
    [
        {},  # an app or a mini-program
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},  # our own pages
        {"HTTP_ORIGIN": "https://m.shop.example", "HTTP_SEC_FETCH_SITE": "cross-site"},  # a trusted front end
    ],
)
def test_apps_our_pages_and_trusted_origins_sign_in(client, bob, settings, headers):
    settings.CSRF_TRUSTED_ORIGINS = ["https://m.shop.example"]
    assert api_login(client, **headers).json()["code"] == 0


def test_a_found_token_is_its_row_with_its_user(user):
    raw = tokens.issue_token(user=user, remember=True)
    row = AuthToken.objects.get()
    found = tokens.find_token(raw)
    assert (found.pk, found.user, found.remember, found.renewed, found.expires_at) == (
        row.pk, user, True, False, row.expires_at)  # fmt: skip
    AuthToken.objects.update(expires_at=timezone.now())
    assert tokens.find_token(raw) is None

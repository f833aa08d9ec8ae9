"""Password guessing is limited per client address and per account, on the API, the shop's
sign-in and registration pages and the staff admin alike."""

import uuid

import pytest
from rest_framework.test import APIClient

from shop import limits
from shop.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOCKED = "Too many failed sign-ins for this account"
BUSY = "Too many attempts from your network"


@pytest.fixture(autouse=True)
def tight(settings, monkeypatch):
    monkeypatch.setattr(limits, "PREFIX", f"limits-{uuid.uuid4().hex}")  # counters of this test only
    settings.LOGIN_RATE = "3/minute"
    settings.LOGIN_ACCOUNT_FAILURES = 3


def api_login(name, password="guess", **headers):
    return APIClient().post("/api/login", {"user_name": name, "password": password}, format="json", **headers).json()


def test_a_changing_x_forwarded_for_does_not_buy_more_guesses():
    UserFactory(username="bob")
    answers = [api_login(f"bob{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(4)]
    assert [a["msg"] for a in answers[:3]] == ["wrong user name or password"] * 3
    assert (answers[3]["code"], answers[3]["msg"]) == (-1, f"{BUSY}: please try again in a minute.")


def test_behind_the_configured_proxies_each_client_address_counts_on_its_own(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for client in ("198.51.100.1", "198.51.100.2"):
        answers = [api_login(f"x{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.9, {client}") for n in range(3)]
        assert {a["msg"] for a in answers} == {"wrong user name or password"}
    assert api_login("x", HTTP_X_FORWARDED_FOR="10.0.0.9, 198.51.100.1")["msg"].startswith(BUSY)


def test_an_account_is_locked_after_failures_from_any_address_and_others_are_not():
    UserFactory(username="alice")
    UserFactory(username="carol")
    for n in range(3):
        assert api_login("alice", REMOTE_ADDR=f"203.0.113.{n}")["msg"] == "wrong user name or password"
    locked = api_login("Alice", PASSWORD, REMOTE_ADDR="203.0.113.50")  # even the right password, any spelling
    assert locked["msg"] == f"{LOCKED}: please try again in 15 minutes, or reset your password."
    assert api_login("carol", PASSWORD, REMOTE_ADDR="203.0.113.51")["code"] == 0


def test_a_good_sign_in_clears_the_accounts_failures():
    UserFactory(username="dave")
    for password in ("guess", "guess", PASSWORD, "guess", "guess", PASSWORD):
        answer = api_login("dave", password, REMOTE_ADDR=f"203.0.113.{uuid.uuid4().int % 250}")
    assert answer["code"] == 0


def test_the_retry_after_header_says_when(client_api):
    for _ in range(4):
        response = client_api.post("/api/login", {"user_name": "x", "password": "y"}, format="json")
    assert int(response["Retry-After"]) == 60


@pytest.mark.parametrize("path", ["/account/login/", "/admin/login/"])
def test_the_sign_in_pages_lock_the_account_with_a_message(client, path):
    UserFactory(username="erin", is_staff=True)
    for n in range(3):
        page = client.post(path, {"username": "erin", "password": "guess"}, REMOTE_ADDR=f"203.0.113.{n}")
        assert LOCKED not in page.content.decode()
    page = client.post(path, {"username": "erin", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert page.status_code == 200  # not signed in
    assert f"{LOCKED}: please try again in 15 minutes, or reset your password." in page.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/account/login/", "/admin/login/"])
def test_the_sign_in_pages_limit_each_address(client, path):
    for n in range(3):
        client.post(path, {"username": f"nobody{n}", "password": "guess"})
    assert BUSY in client.post(path, {"username": "nobody", "password": "guess"}).content.decode()


def test_registration_is_limited_per_address(client, client_api):
    for n in range(2):
        answer = client_api.post("/api/register", {"user_name": f"new{n}", "password": "Long enough 1"}, format="json")
        assert answer.json()["code"] == 0
    form = {"user_name": "new3", "password": "Long enough 1", "password_again": "Long enough 1"}
    assert client.post("/account/register/", form).status_code == 302
    page = client.post("/account/register/", {**form, "user_name": "new4"})
    assert BUSY in page.content.decode()
    answer = client_api.post("/api/register", {"user_name": "new5", "password": "Long enough 1"}, format="json")
    assert answer.json()["msg"].startswith(BUSY)

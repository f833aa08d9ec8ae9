from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from shop import tokens
from shop.models import AuthToken, User
from shop.services import NOT_REGISTERED
from shop.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

USER_KEYS = {
    "id", "parent_id", "user_name", "real_name", "avatar_url", "email", "phone", "group_id", "is_retailer",
    "balance", "total_reward", "invite_code", "last_login", "expire_time", "created_time", "updated_time", "status",
}  # fmt: skip


def register(client, **body):
    return client.post("/api/register", {"user_name": "alice", "password": PASSWORD, **body}, format="json").json()


def login(client, **body):
    return client.post("/api/login", body, format="json").json()


class TestRegister:
    def test_returns_the_user_and_a_working_token(self, client_api):
        body = register(client_api, email="Alice@Example.com", phone="13900000000")
        assert body["code"] == 0
        assert set(body["data"]) == USER_KEYS | {"token"}
        assert body["data"]["user_name"] == "alice"
        assert body["data"]["email"] == "alice@example.com"
        assert body["data"]["parent_id"] == 0
        assert "password" not in str(body)
        fresh = APIClient()
        fresh.credentials(HTTP_TOKEN=body["data"]["token"])
        assert fresh.get("/api/user/detail").json()["data"]["user_name"] == "alice"

    def test_invite_code_links_the_inviter(self, client_api):
        inviter = UserFactory()
        body = register(client_api, invite_code=inviter.invite_code)
        assert body["data"]["parent_id"] == inviter.id

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({"user_name": ""}, "user_name:"),
            ({"password": ""}, "password:"),
            ({"user_name": "bad name!"}, "user_name:"),
            ({"email": "not-an-email"}, "email:"),
            ({"password": "123"}, "password:"),
            ({"password": "password"}, "password:"),
            ({"invite_code": "nobody"}, "invite_code:"),
            ({"phone": "call me"}, "phone:"),
            ({"password": " " * 12}, "password: This password is only spaces."),
            ({"password": "\t \n" * 4}, "password: This password is only spaces."),
        ],
    )
    def test_bad_input_names_the_field_and_creates_nothing(self, client_api, body, message):
        answer = register(client_api, **body)
        assert answer["code"] == -1
        assert answer["msg"].startswith(message)
        assert not User.objects.exists()

    def test_missing_fields(self, client_api):
        answer = client_api.post("/api/register", {}, format="json").json()
        assert answer == {"code": -1, "msg": "user_name: This field is required.", "data": None}

    def test_a_taken_user_name_is_named(self, client_api):
        UserFactory(username="alice")
        answer = register(client_api)
        assert answer == {"code": -1, "msg": "user_name: already registered", "data": None}
        assert User.objects.count() == 1

    @pytest.mark.parametrize(
        "body",
        [
            {"email": "ALICE@example.com"},  # her email
            {"phone": "13900000000"},  # her phone
            {"user_name": "alice@example.com"},  # a name that would take her sign-in by email
            {"user_name": "13900000000"},  # ... or by phone
            {"email": "ally@example.com"},  # an email that is her user name
        ],
    )
    def test_someone_elses_email_or_phone_is_refused_without_saying_whose(self, client_api, mailoutbox, body):
        alice = UserFactory(username="ally@example.com", email="alice@example.com", phone="13900000000")
        answer = register(client_api, **{"user_name": "newcomer", **body})
        assert answer == {"code": -1, "msg": NOT_REGISTERED, "data": None}
        assert User.objects.count() == 1
        assert [m.to for m in mailoutbox] == [[alice.email]]  # she hears of it, the registrant does not
        assert "already have an account" in mailoutbox[0].body


class TestLogin:
    @pytest.mark.parametrize("field", ["user_name", "email", "phone"])
    def test_with_any_identifier(self, client_api, field):
        user = UserFactory(username="bob", email="bob@example.com", phone="13700000000")
        value = {"user_name": "bob", "email": "bob@example.com", "phone": "13700000000"}[field]
        body = login(client_api, **{field: value, "password": PASSWORD})
        assert body["code"] == 0
        assert body["data"]["id"] == user.id
        assert body["data"]["token"]

    def test_sets_session_and_http_only_token_cookie(self, client_api):
        UserFactory(username="bob")
        response = client_api.post("/api/login", {"user_name": "bob", "password": PASSWORD}, format="json")
        cookie = response.cookies["token"]
        assert cookie.value == response.json()["data"]["token"]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"
        assert "sessionid" in response.cookies
        # the browser session alone authenticates the API too
        session_only = APIClient()
        session_only.cookies["sessionid"] = response.cookies["sessionid"].value
        assert session_only.get("/api/user/detail").json()["code"] == 0

    def test_remember_gives_a_30_day_token(self, client_api):
        UserFactory(username="bob")
        login(client_api, user_name="bob", password=PASSWORD, remember=True)
        token = AuthToken.objects.get()
        assert token.expires_at - timezone.now() > timedelta(days=29)

    def test_plain_login_gives_a_24_hour_token(self, client_api):
        UserFactory(username="bob")
        login(client_api, user_name="bob", password=PASSWORD)
        left = AuthToken.objects.get().expires_at - timezone.now()
        assert timedelta(hours=23) < left <= timedelta(hours=24)

    @pytest.mark.parametrize(
        "body",
        [
            {"user_name": "bob", "password": "wrong-password"},
            {"user_name": "nobody", "password": PASSWORD},
        ],
    )
    def test_wrong_credentials_are_one_clear_message(self, client_api, body):
        UserFactory(username="bob")
        assert login(client_api, **body) == {"code": -1, "msg": "wrong user name or password", "data": None}
        assert not AuthToken.objects.exists()

    def test_inactive_user_cannot_log_in(self, client_api):
        UserFactory(username="bob", is_active=False)
        assert login(client_api, user_name="bob", password=PASSWORD)["code"] == -1

    def test_missing_identifier_and_password(self, client_api):
        assert login(client_api, password=PASSWORD)["msg"] == "user_name: give user_name, email or phone"
        assert login(client_api, user_name="bob")["msg"] == "password: This field is required."

    def test_wrong_type_for_remember(self, client_api):
        UserFactory(username="bob")
        body = login(client_api, user_name="bob", password=PASSWORD, remember="sometimes")
        assert body["code"] == -1
        assert body["msg"].startswith("remember:")


class TestTokens:
    def test_expired_token_is_not_logged_in(self, api, user):
        AuthToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        assert api.get("/api/user/detail").json()["code"] == 1001

    def test_unknown_token_is_not_logged_in(self, client_api):
        client_api.credentials(HTTP_TOKEN="made-up")
        assert client_api.get("/api/user/detail").json()["code"] == 1001

    def test_fresh_token_is_not_renewed(self, api):
        assert "Update-Token" not in api.get("/api/user/detail")

    def test_token_with_under_an_hour_left_is_renewed_once(self, api, user):
        AuthToken.objects.update(expires_at=timezone.now() + timedelta(minutes=30))
        first = api.get("/api/user/detail")
        renewed = first["Update-Token"]
        assert renewed
        assert "Update-Token" not in api.get("/api/user/detail")  # handed out once
        fresh = APIClient()
        fresh.credentials(HTTP_TOKEN=renewed)
        assert fresh.get("/api/user/detail").json()["data"]["id"] == user.id
        assert tokens.find_token(renewed).expires_at - timezone.now() > timedelta(hours=23)

    def test_logout_revokes_the_token(self, api):
        assert api.post("/api/logout", format="json").json()["code"] == 0
        assert api.get("/api/user/detail").json()["code"] == 1001
        assert not AuthToken.objects.exists()

    def test_password_change_revokes_every_token(self, api, user):
        other_device = tokens.issue_token(user=user)
        body = api.post(
            "/api/user/password", {"old_password": PASSWORD, "password": "another-long-passphrase"}, format="json"
        ).json()
        assert body["code"] == 0
        assert api.get("/api/user/detail").json()["code"] == 1001
        assert tokens.find_token(other_device) is None
        assert login(APIClient(), user_name=user.username, password="another-long-passphrase")["code"] == 0

    def test_password_change_needs_the_old_password(self, api, user):
        body = api.post("/api/user/password", {"old_password": "nope", "password": "x-long-passphrase"}, format="json")
        assert body.json() == {"code": -1, "msg": "old_password: wrong password", "data": None}
        assert tokens.find_token(api._credentials["HTTP_TOKEN"]) is not None

    def test_weak_new_password_is_refused(self, api):
        body = api.post("/api/user/password", {"old_password": PASSWORD, "password": "123"}, format="json").json()
        assert body["code"] == -1
        assert body["msg"].startswith("password:")

    def test_only_a_hash_is_stored(self, api):
        raw = api._credentials["HTTP_TOKEN"]
        assert not AuthToken.objects.filter(key_hash=raw).exists()

    def test_purge_removes_only_expired_tokens(self, user):
        tokens.issue_token(user=user)
        AuthToken.objects.create(key_hash="x" * 64, user=user, expires_at=timezone.now() - timedelta(days=1))
        assert tokens.purge_expired_tokens() == 1
        assert AuthToken.objects.count() == 1


class TestCookieAuthNeedsCsrf:
    @pytest.fixture
    def browser(self, user):
        client = APIClient(enforce_csrf_checks=True)
        client.cookies["token"] = tokens.issue_token(user=user)
        return client

    def test_reads_work_with_the_cookie(self, browser, user):
        assert browser.get("/api/user/detail").json()["data"]["id"] == user.id

    def test_write_without_csrf_is_refused(self, browser):
        body = browser.post("/api/logout", format="json").json()
        assert body["code"] == 1002
        assert AuthToken.objects.exists()

    def test_write_with_csrf_works(self, browser):
        browser.get("/account/login/")  # sets the csrftoken cookie
        csrf = browser.cookies["csrftoken"].value
        assert browser.post("/api/logout", format="json", HTTP_X_CSRFTOKEN=csrf).json()["code"] == 0
        assert not AuthToken.objects.exists()

    def test_header_token_needs_no_csrf(self, user):
        client = APIClient(enforce_csrf_checks=True)
        client.credentials(HTTP_TOKEN=tokens.issue_token(user=user))
        assert client.post("/api/logout", format="json").json()["code"] == 0

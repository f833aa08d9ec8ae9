"""WeChat sign-in against a local fake of WeChat's code exchange, on a loopback port."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from rest_framework.test import APIClient

from conftest import race
from shop.models import User, WechatAccount
from shop.tests.factories import UserFactory

# code -> what WeChat answers for it
CODES = {
    "code-a1": {"openid": "o-alice", "session_key": "k1", "unionid": "u-alice"},
    "code-a2": {"openid": "o-alice", "session_key": "k2", "unionid": "u-alice"},
    "code-b": {"openid": "o-bob", "session_key": "k3"},
    "used": {"errcode": 40163, "errmsg": "code been used"},
}
APPS = {"/sns/jscode2session": ("wx-weapp", "weapp-secret", "js_code"),
        "/sns/oauth2/access_token": ("wx-mp", "mp-secret", "code")}  # fmt: skip


class FakeWeChat(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.seen.append((url.path, query))
        appid, secret, code_name = APPS.get(url.path, (None, None, None))
        if appid is None or (query.get("appid"), query.get("secret")) != (appid, secret):
            answer = {"errcode": 40013, "errmsg": "invalid appid"}
        else:
            answer = CODES.get(query.get(code_name), {"errcode": 40029, "errmsg": "invalid code"})
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def wechat(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWeChat)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WECHAT_API = f"http://127.0.0.1:{server.server_port}"
    settings.WECHAT_WEAPP_APPID, settings.WECHAT_WEAPP_SECRET = "wx-weapp", "weapp-secret"
    settings.WECHAT_APPID, settings.WECHAT_APP_SECRET = "wx-mp", "mp-secret"
    yield server
    server.shutdown()
    server.server_close()


def login(body):
    return APIClient().post("/api/login", body, format="json").json()


@pytest.mark.django_db
class TestWeChatSignIn:
    def test_a_mini_program_code_signs_in_and_the_same_openid_is_the_same_shopper(self, wechat):
        first = login({"platform": "weapp", "code": "code-a1"})
        assert first["code"] == 0 and first["data"]["token"] and first["data"]["user_name"].startswith("wx_")
        asked = {
            "appid": "wx-weapp",
            "secret": "weapp-secret",
            "js_code": "code-a1",
            "grant_type": "authorization_code",
        }
        assert wechat.seen[0] == ("/sns/jscode2session", asked)
        again = login({"platform": "weapp", "code": "code-a2"})
        assert again["data"]["id"] == first["data"]["id"]
        assert login({"platform": "weapp", "code": "code-b"})["data"]["id"] != first["data"]["id"]
        account = WechatAccount.objects.get(openid="o-alice")
        assert (account.platform, account.unionid, account.user_id) == ("weapp", "u-alice", first["data"]["id"])
        assert not User.objects.get(pk=first["data"]["id"]).has_usable_password()

    def test_the_token_works_like_a_password_logins(self, wechat):
        token = login({"platform": "weapp", "code": "code-a1"})["data"]["token"]
        client = APIClient()
        client.credentials(HTTP_TOKEN=token)
        assert client.get("/api/user/detail").json()["data"]["user_name"].startswith("wx_")

    def test_a_refused_code_is_an_error_with_wechats_reason_and_makes_nobody(self, wechat):
        assert login({"platform": "weapp", "code": "used"}) == {
            "code": -1, "msg": "code: WeChat refused it (code been used)", "data": None}  # fmt: skip
        assert login({"platform": "weapp", "code": "nonsense"})["msg"] == "code: WeChat refused it (invalid code)"
        assert login({"platform": "weapp", "code": ""})["msg"].startswith("code:")
        assert not User.objects.exists()

    def test_an_official_account_code_uses_its_own_app(self, wechat):
        answer = login({"platform": "wechat", "code": "code-b"})
        assert answer["code"] == 0
        assert wechat.seen[-1][0] == "/sns/oauth2/access_token" and wechat.seen[-1][1]["appid"] == "wx-mp"
        assert WechatAccount.objects.get().platform == "wechat"

    def test_the_inviter_is_kept(self, wechat):
        inviter = UserFactory()
        assert (
            login({"platform": "weapp", "code": "code-b", "invite_id": inviter.pk})["data"]["parent_id"] == inviter.pk
        )

    def test_without_the_apps_secret_or_with_wechat_down_it_says_so(self, wechat, settings):
        settings.WECHAT_WEAPP_SECRET = ""
        assert login({"platform": "weapp", "code": "code-a1"})["msg"] == (
            "platform: WeChat sign-in (weapp) is not set up in this shop"
        )
        settings.WECHAT_WEAPP_SECRET, settings.WECHAT_API = "weapp-secret", "http://127.0.0.1:9"  # nothing listens
        assert login({"platform": "weapp", "code": "code-a1"})["msg"] == "WeChat is not answering, please try again"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgres_only")
def test_two_first_sign_ins_of_one_openid_at_once_make_one_shopper(wechat):
    answers = race(
        *[lambda code=code: login({"platform": "weapp", "code": code}) for code in ["code-a1", "code-a2"] * 3]
    )
    assert {a["data"]["id"] for a in answers} == {WechatAccount.objects.get(openid="o-alice").user_id}
    assert User.objects.count() == 1

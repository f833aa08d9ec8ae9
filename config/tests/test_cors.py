"""Cross-origin API clients (spec section 1): the listed origins, the listed headers, the API only."""

import pytest

from shop.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
FRONT = "https://m.shop.example"


@pytest.fixture(autouse=True)
def allowed(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONT]


def test_a_listed_front_end_may_send_the_api_headers(client):
    headers = "token, cart, idempotency-key, content-type, language"
    response = client.options("/api/cart/add", HTTP_ORIGIN=FRONT, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                              HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers)  # fmt: skip
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONT
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"token", "cart", "idempotency-key", "content-type", "language"} <= allowed


def test_its_answers_expose_update_token(client):
    response = client.get("/api/category/list", HTTP_ORIGIN=FRONT)
    assert response["Access-Control-Allow-Origin"] == FRONT
    assert response["Access-Control-Expose-Headers"] == "Update-Token"


def test_a_foreign_origin_gets_no_cors_headers(client):
    preflight = client.options("/api/cart/add", HTTP_ORIGIN="https://evil.example",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")  # fmt: skip
    assert "Access-Control-Allow-Origin" not in preflight
    assert "Access-Control-Allow-Origin" not in client.get("/api/category/list", HTTP_ORIGIN="https://evil.example")


def test_pages_are_not_opened_to_other_origins(client):
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN=FRONT)


def test_a_listed_front_end_signs_in(client):
    UserFactory(username="bo")
    answer = client.post("/api/login", {"user_name": "bo", "password": PASSWORD}, content_type="application/json",
                         HTTP_ORIGIN=FRONT, HTTP_SEC_FETCH_SITE="cross-site").json()  # fmt: skip
    assert answer["code"] == 0

import pytest

from shop.models import Category
from shop.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("config.tests.urls")]


def test_success_is_wrapped(client_api):
    response = client_api.get("/api/category/list")
    assert response.status_code == 200
    assert response.json() == {"code": 0, "msg": "", "data": []}


def test_validation_error_names_the_field(client_api):
    body = client_api.post("/api/test/echo", {}, format="json").json()
    assert body == {"code": -1, "msg": "name: This field is required.", "data": None}


def test_nested_validation_error_names_the_path(client_api):
    response = client_api.post("/api/test/echo", {"name": "x", "lines": [{"quantity": 0}]}, format="json")
    assert response.status_code == 200
    assert response.json()["msg"] == "lines[0].quantity: Ensure this value is greater than or equal to 1."


def test_wrong_type_is_a_validation_error(client_api):
    body = client_api.post("/api/test/echo", {"name": "x", "lines": "many"}, format="json").json()
    assert body["code"] == -1
    assert body["msg"].startswith("lines:")


def test_malformed_json_is_an_error_not_a_500(client_api):
    response = client_api.generic("POST", "/api/test/echo", "{not json", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["code"] == -1
    assert response.json()["msg"] == "body: not valid JSON"


def test_not_logged_in_is_1001(client_api):
    response = client_api.get("/api/user/detail")
    assert response.status_code == 200
    assert response.json() == {"code": 1001, "msg": "not logged in", "data": None}


def test_forbidden_is_1002(api):
    response = api.get("/api/test/staff")
    assert response.status_code == 200
    assert response.json() == {"code": 1002, "msg": "not authorized", "data": None}


def test_staff_passes_the_same_check(client_api):
    client_api.force_authenticate(UserFactory(is_staff=True))
    assert client_api.get("/api/test/staff").json()["data"] == {"secret": 42}


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/order/nope/deeper", "/api"])
def test_unknown_path_under_api_answers_the_envelope(client_api, path):
    response = client_api.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == -1
    assert "no such endpoint" in body["msg"]


def test_unknown_path_for_a_write_method_too(client_api):
    assert client_api.delete("/api/nothing-here").json()["code"] == -1


def test_wrong_method_is_405_in_the_envelope(client_api):
    response = client_api.post("/api/archive/list", {}, format="json")
    assert response.status_code == 200
    assert response.json() == {"code": -1, "msg": 'Method "POST" not allowed.', "data": None}


def test_an_error_rolls_back_what_the_request_wrote(client_api):
    body = client_api.post("/api/test/half-write", {}, format="json").json()
    assert body == {"code": -1, "msg": "refused after a write", "data": None}
    assert not Category.objects.filter(url_token="half-written").exists()


def test_pages_outside_api_keep_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404


def test_an_unhandled_bug_is_a_500_in_the_envelope_and_logged(client_api, caplog):
    response = client_api.get("/api/test/broken")
    assert response.status_code == 500
    assert response.json() == {"code": -1, "msg": "server error, please try again later", "data": None}
    assert "a bug" in caplog.text

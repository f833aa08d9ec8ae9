"""The OpenAPI description at /api/schema, and Swagger UI at /api/docs (spec: every /api endpoint)."""

import pytest
from django.core.management import call_command

from config.urls import api_patterns

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/schema", HTTP_ACCEPT="application/json").json()


def test_every_api_endpoint_is_described(schema):
    documented = set(schema["paths"])
    assert {f"/api/{p.pattern}" for p in api_patterns} <= documented


def test_no_endpoint_is_described_by_guesswork(tmp_path):
    """drf-spectacular warns for a view it cannot describe (no serializer, an untyped field): that fails here."""
    call_command("spectacular", "--fail-on-warn", "--file", tmp_path / "schema.yaml")
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi:")


def test_answers_are_described_inside_the_envelope(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert answer["required"] == ["code", "msg", "data"], (method, path)
    orders = schema["paths"]["/api/orders"]["get"]
    assert "total" in orders["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert {"current", "pageSize", "page", "limit", "page_size", "status"} <= {p["name"] for p in orders["parameters"]}


def test_the_docs_page_loads_its_assets_from_this_site(client):
    page = client.get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="swagger-ui"' in html
    assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    script = client.get("/api/docs?script=")
    assert script.status_code == 200 and "/api/schema" in script.content.decode()

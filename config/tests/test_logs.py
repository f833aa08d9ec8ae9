import logging

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("config.tests.urls")]


def console_handler():
    return next(
        h for h in logging.getLogger().handlers if any(f.__class__.__name__ == "QuietForbidden" for f in h.filters)
    )


def test_an_ordinary_403_is_one_line_without_a_traceback(client, caplog):
    with caplog.at_level("WARNING", logger="django.request"):
        response = client.get("/test/forbidden/")
    assert response.status_code == 403
    assert "This page is not for you" in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    handler = console_handler()
    assert handler.filter(record)
    assert "Traceback" not in handler.format(record)


def test_a_500_still_logs_its_traceback(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level("ERROR", logger="django.request"):
        response = client.get("/api/test/broken")
    assert response.status_code == 500
    errors = [r for r in caplog.records if r.exc_info]
    assert errors and all(console_handler().filter(r) for r in errors)
    assert "Traceback" in console_handler().format(errors[0])

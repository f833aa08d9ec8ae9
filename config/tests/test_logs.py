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


def test_the_every_few_seconds_job_logs_only_the_runs_that_did_something():
    from celery.app.trace import LOG_RECEIVED, LOG_SUCCESS

    from config.logs import QuietFrequentJobs

    def record(message, *args, level=logging.INFO, name="celery.app.trace"):
        return logging.LogRecord(name, level, __file__, 1, message, args, None)

    def run(task, result):
        return {"id": "1", "name": task, "return_value": result, "runtime": 0.01, "args": "()", "kwargs": "{}"}

    placed, hourly = "orders.tasks.send_placed_emails", "shop.tasks.purge_expired_tokens"
    quiet = QuietFrequentJobs()
    kept = {
        "sent": quiet.filter(record("Scheduler: Sending due task %s (%s)", "send-placed-emails", placed)),
        "received": quiet.filter(record(LOG_RECEIVED, {"id": "1", "name": placed, "args": "()", "kwargs": "{}"})),
        "found nothing": quiet.filter(record(LOG_SUCCESS, run(placed, "0"))),
        "queued 7": quiet.filter(record(LOG_SUCCESS, run(placed, "7"))),
        "failed": quiet.filter(record("Task %(name)s[%(id)s] raised", run(placed, "0"), level=logging.ERROR)),
        "hourly sent": quiet.filter(record("Scheduler: Sending due task %s (%s)", "purge", hourly)),
        "hourly found nothing": quiet.filter(record(LOG_SUCCESS, run(hourly, "0"))),
    }
    assert kept == {
        "sent": False, "received": False, "found nothing": False, "queued 7": True, "failed": True,
        "hourly sent": True, "hourly found nothing": True,
    }  # fmt: skip

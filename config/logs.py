import functools
import logging
from datetime import timedelta

from django.conf import settings


class QuietForbidden(logging.Filter):
    """A 403 is someone reaching for what is not theirs, not a bug: one line, no traceback."""

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True


class QuietFrequentJobs(logging.Filter):
    """Celery's INFO lines about a job the beat sends more often than once a minute (the "placed" emails',
    every 5 s) only for a run that did something: its sending, its receipt and the runs that found nothing
    would be two dozen lines a minute of nothing. Its failures are logged as any task's."""

    def filter(self, record):
        if record.levelno != logging.INFO:
            return True
        args = record.args
        if isinstance(args, dict):  # a task received or succeeded (celery.worker.strategy, celery.app.trace)
            return args.get("name") not in _frequent_jobs() or args.get("return_value", "0") != "0"
        return not (isinstance(args, tuple) and len(args) == 2 and args[1] in _frequent_jobs())  # the beat sent it


@functools.cache
def _frequent_jobs():
    return {
        entry["task"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if isinstance(entry["schedule"], timedelta) and entry["schedule"] < timedelta(minutes=1)
    }

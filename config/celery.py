import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("shop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.after_setup_logger.connect
def quiet_frequent_jobs(logger, **_kwargs):
    """Celery's own handlers (the worker's and the beat's) are not Django's: they get the filter here."""
    from .logs import QuietFrequentJobs

    for handler in logger.handlers:
        handler.addFilter(QuietFrequentJobs())

"""The shop as the read benchmark serves it: the real settings, plus a bare DRF endpoint."""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}  # quiet: no access or info lines under load

from .base import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en"  # tests read English unless they ask for Chinese (config/tests/test_language.py)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
if not REDIS_URL:  # one cache per test process (xdist runs two): a test's cache.clear() is its own
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SANDBOX_PAYMENTS = True
STATIC_ROOT = None  # tests serve static files from the finders; nothing is collected
WHITENOISE_USE_FINDERS = True
# Tests that count attempts set their own limits (and a fresh shop.limits.PREFIX).
LOGIN_RATE = "10000/minute"
LOGIN_ACCOUNT_FAILURES = 1000
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser suite's live server then serves each request on its own
    # connection, locking as the embedded default does, instead of sharing the test's connection.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

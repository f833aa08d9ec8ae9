"""Settings for every deployment; everything a deployment changes comes from the environment.

With no environment at all this is the embedded default: a SQLite file and a Celery
transport on the local filesystem, so web, worker and beat run with no server.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))  # the embedded default's database, media and queue
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("SECRET_KEY", default="embedded-default-only-never-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "shop",
    "cart",
    "orders",
    "payments",
    "coupons",
    "communication",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.Language",
    "config.middleware.ContentSecurityPolicy",
    "config.middleware.RefuseNulBytes",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.middleware.TokenRenewalMiddleware",
]

# No inline script anywhere; images may come from product URLs elsewhere and data: (WeChat's QR code).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
SECURE_REFERRER_POLICY = "same-origin"

# Cross-origin API clients (spec section 1): the listed origins only, the API only.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = ["token", "cart", "idempotency-key", "content-type", "language", "accept", "x-csrftoken"]
CORS_EXPOSE_HEADERS = ["Update-Token"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.context_processors.catalog_nav",
                "cart.context_processors.cart_count",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
# The web server and the Celery worker write at the same time: WAL lets readers go on beside
# one writer, IMMEDIATE takes the write lock at BEGIN (so a transaction never fails half-way
# upgrading its lock) and the timeout makes a writer wait instead of answering "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "shop.User"
AUTHENTICATION_BACKENDS = ["shop.backends.IdentifierBackend"]
LOGIN_URL = "shop:login"
LOGIN_REDIRECT_URL = "shop:home"
LOGOUT_REDIRECT_URL = "shop:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "shop.validators.NotOnlySpaces"},
]

# Chinese first, English on request (issue 13): the API and the pages answer in the language asked for
# (``config.middleware.Language``), the admin too. Dates and times in each language's own way
# (``config/formats``).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "lang"  # AnQiCMS's cookie
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded pictures (shop/uploads.py): bytes and pixels each at most; guests upload at most so often.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_MAX_PIXELS = 40_000_000
UPLOAD_GUEST_RATE = env("UPLOAD_GUEST_RATE", default="20/hour")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded media is served by Django itself only on the embedded default; a deployment
# serves MEDIA_ROOT from its web server or object storage.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

# Redis in production; embedded, a file cache that the web processes and the worker share (the
# catalogue's cached answers are dropped by whichever process changes the catalogue).
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="shop@localhost")
# Where the shop is, for the links of emails (sent by workers, which have no request to ask).
SHOP_URL = env("SHOP_URL", default=f"http://127.0.0.1:{env('SHOP_PORT', default='8000')}").rstrip("/")

# Messages live in the session, so a page that a repeated form post lands on still shows them.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# API tokens (spec section 2).
TOKEN_TTL = timedelta(hours=24)
TOKEN_REMEMBER_TTL = timedelta(days=30)
TOKEN_RENEW_WITHIN = timedelta(hours=1)
TOKEN_COOKIE_SECURE = env.bool("TOKEN_COOKIE_SECURE", default=False)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["config.renderers.EnvelopeRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shop.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASSES": None,
    "DEFAULT_PAGINATION_CLASS": "config.api.PagePagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    # How many proxies of ours stand before the app: the client address is the one the last of
    # them saw (shop/limits.py). 0: the peer itself; X-Forwarded-For is then never believed.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# /api/schema and /api/docs (Swagger UI from drf-spectacular-sidecar's local files: no CDN).
SPECTACULAR_SETTINGS = {
    "TITLE": "Lantern Goods API",
    "DESCRIPTION": "The AnQiCMS-compatible shop API. Contract: docs/api.md. Every answer is HTTP 200 with the "
    "envelope {code, msg, data}; code 0 OK, -1 error (msg says why), 1001 not logged in, 1002 not authorized.",
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.schema.wrap_in_envelope"],
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.status.OrderStatus",
        "GoodsStatusEnum": "shop.models.Goods.Status",
        "OrderTypeEnum": "orders.models.Order.Type",
        "ReviewStatusEnum": "reviews.models.Review.Status",
        "CustomOrderStatusEnum": "communication.models.CustomOrder.Status",
        "FormFieldTypeEnum": "communication.models.FormField.Type",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

# Password guessing (shop/limits.py): sign-in and registration attempts per client address, and
# failed sign-ins per account from any address.
LOGIN_RATE = env("LOGIN_RATE", default="10/minute")
LOGIN_ACCOUNT_FAILURES = env.int("LOGIN_ACCOUNT_FAILURES", default=5)
LOGIN_ACCOUNT_WINDOW = timedelta(minutes=env.int("LOGIN_ACCOUNT_WINDOW_MINUTES", default=15))

# Payments (spec section 7). A gateway without its credentials is not offered.
SHOP_CURRENCY = env("SHOP_CURRENCY", default="CNY")
# The local test gateway confirms payments nobody made: off unless DEBUG or asked for (bin/start asks),
# and offered only while no real gateway is configured (payments/gateways/sandbox.py).
SANDBOX_PAYMENTS = env.bool("SANDBOX_PAYMENTS", default=DEBUG)
PAYMENT_POLL_MAX_AGE = timedelta(hours=env.int("PAYMENT_POLL_MAX_AGE_HOURS", default=2))
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # another Stripe-compatible endpoint (tests: a local fake)
PAYPAL_CLIENT_ID = env("PAYPAL_CLIENT_ID", default="")
PAYPAL_CLIENT_SECRET = env("PAYPAL_CLIENT_SECRET", default="")
PAYPAL_WEBHOOK_ID = env("PAYPAL_WEBHOOK_ID", default="")
PAYPAL_API = env("PAYPAL_API", default="https://api-m.sandbox.paypal.com")
ALIPAY_APP_ID = env("ALIPAY_APP_ID", default="")
ALIPAY_PRIVATE_KEY = env("ALIPAY_PRIVATE_KEY", default="")  # the shop's key, PEM or bare base64
ALIPAY_PUBLIC_KEY = env("ALIPAY_PUBLIC_KEY", default="")  # Alipay's public key
ALIPAY_GATEWAY = env("ALIPAY_GATEWAY", default="https://openapi.alipay.com/gateway.do")
WECHAT_APPID = env("WECHAT_APPID", default="")  # the official account / site app, for Native
WECHAT_WEAPP_APPID = env("WECHAT_WEAPP_APPID", default="")  # the mini-program, for JSAPI
# WeChat sign-in (spec section 2): each platform's app secret; WECHAT_API is WeChat's (tests point it at a fake).
WECHAT_WEAPP_SECRET = env("WECHAT_WEAPP_SECRET", default="")
WECHAT_APP_SECRET = env("WECHAT_APP_SECRET", default="")
WECHAT_API = env("WECHAT_API", default="https://api.weixin.qq.com")
WECHAT_MCHID = env("WECHAT_MCHID", default="")
WECHAT_PRIVATE_KEY = env("WECHAT_PRIVATE_KEY", default="")  # the merchant API key
WECHAT_CERT_SERIAL = env("WECHAT_CERT_SERIAL", default="")  # the merchant API certificate's serial number
WECHAT_APIV3_KEY = env("WECHAT_APIV3_KEY", default="")
WECHAT_PLATFORM_PUBLIC_KEY = env("WECHAT_PLATFORM_PUBLIC_KEY", default="")  # "WeChat Pay public key" mode

# Celery: Redis when REDIS_URL is set, otherwise a broker in the local filesystem.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue, _control = VAR_DIR / "celery" / "queue", VAR_DIR / "celery" / "control"
    for _folder in (_queue, _control):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(_control),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "purge-expired-tokens": {"task": "shop.tasks.purge_expired_tokens", "schedule": timedelta(hours=1)},
    "purge-form-submissions": {"task": "shop.tasks.purge_form_submissions", "schedule": timedelta(hours=6)},
    # An order's "placed" email (orders.tasks); a run missed while the workers are busy is not queued up.
    "send-placed-emails": {
        "task": "orders.tasks.send_placed_emails",
        "schedule": timedelta(seconds=5),
        "options": {"expires": 5},
    },
    "purge-number-counters": {"task": "orders.tasks.purge_number_counters", "schedule": timedelta(hours=6)},
    "poll-pending-payments": {"task": "payments.tasks.poll_pending_payments", "schedule": timedelta(minutes=1)},
    "close-unpaid-orders": {"task": "payments.tasks.close_unpaid_orders", "schedule": timedelta(minutes=1)},
    "complete-shipped-orders": {"task": "payments.tasks.complete_shipped_orders", "schedule": timedelta(minutes=1)},
    "expire-memberships": {"task": "orders.tasks.expire_memberships", "schedule": crontab(hour=0, minute=5)},
    "tell-price-drops": {"task": "shop.tasks.tell_price_drops", "schedule": timedelta(minutes=15)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_forbidden": {"()": "config.logs.QuietForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet_forbidden"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

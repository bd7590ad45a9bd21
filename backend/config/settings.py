"""Koma settings: one module driven by the environment, defaults that run embedded (docs/architecture.md A17)."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool, env_int, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent  # backend/
REPO_DIR = BASE_DIR.parent
DATA_DIR = Path(env_str("KOMA_DATA_DIR", str(REPO_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
# Demo mode (set by the launcher): the demo seed with its published passwords may run.
KOMA_DEMO = env_bool("KOMA_DEMO", False)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is required when DJANGO_DEBUG is off; "
            "`make run` creates one in the data folder"
        )
    SECRET_KEY = "koma-insecure-debug-key-only-with-DJANGO_DEBUG-0123456789"

ALLOWED_HOSTS = [h for h in env_str("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_ratelimit",  # login lockout counters; its system check refuses a non-shared cache
    "koma.core",
    "koma.accounts",
    "koma.workforce",
    "koma.audit",
    "koma.jobs",
    "koma.units",
    "koma.quality",
    "koma.billing",
    "koma.realtime",
    "koma.demo",
]

MIDDLEWARE = [
    # First: a bad Host header on /api/ answers the JSON error shape, and every response,
    # errors included, carries the security headers.
    "koma.core.middleware.ApiErrorMiddleware",
    "koma.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Admin and API-docs static files without a separate file server or collectstatic.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: sees request.user, records the client IP for audit rows.
    "koma.core.middleware.ClientIpMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    raise RuntimeError(
        "DATABASE_URL is not set: start Koma with `make run` (embedded PostgreSQL) "
        "or point DATABASE_URL at a PostgreSQL server"
    )
# The application connects as a role that owns no table (it cannot disable the append-only
# triggers); `manage.py migrate` connects as the owner given by MIGRATE_DATABASE_URL, if set.
MIGRATE_DATABASE_URL = env_str("MIGRATE_DATABASE_URL")
if MIGRATE_DATABASE_URL and sys.argv[1:2] == ["migrate"]:
    DATABASE_URL = MIGRATE_DATABASE_URL
DATABASES = {"default": database_from_url(DATABASE_URL)}
# Under ASGI every request runs in a thread of its own, so persistent per-thread connections
# (CONN_MAX_AGE) pile up until PostgreSQL refuses more (Django's docs: disable them with
# ASGI). A psycopg pool per process reuses connections instead; a connection per request
# is a known cause of slow peers (bench/claim measures it). KOMA_DB_POOL_MAX=0 turns it off.
DB_POOL_MAX = env_int("KOMA_DB_POOL_MAX", 8)
if DB_POOL_MAX > 0:
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 1, "max_size": DB_POOL_MAX, "timeout": 10}
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # With a pool, health checks make it test a connection before handing it out (an empty
    # query): after a PostgreSQL restart stale connections are replaced, requests do not fail.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")

# Login failure counters live here; a Redis database of its own (1 unless KOMA_CACHE_URL says
# otherwise) so clearing it never touches the Celery queue or the channel layer.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("KOMA_CACHE_URL", REDIS_URL.rsplit("/", 1)[0] + "/1"),
        "KEY_PREFIX": env_str("KOMA_CHANNEL_PREFIX", "koma"),
    }
}

# channels-redis waits for a socket's messages with BZPOPMIN of 5 s (RedisChannelLayer.
# brpop_timeout). redis-py 8 reads every reply with a 5 s socket_timeout by default, so an
# idle websocket's receive timed out and the socket died after ~5 s of silence. The read
# timeout must stay well above the blocking pop; keepalive and health checks still find a
# dead Redis (a connect is bounded on its own).
CHANNEL_REDIS_SOCKET_TIMEOUT = 30.0
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": REDIS_URL,
                    "socket_timeout": CHANNEL_REDIS_SOCKET_TIMEOUT,
                    "socket_connect_timeout": 5.0,
                    "socket_keepalive": True,
                    "health_check_interval": 30,
                }
            ],
            "prefix": env_str("KOMA_CHANNEL_PREFIX", "koma"),
        },
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TIMEZONE = "Asia/Tokyo"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("KOMA_CELERY_QUEUE", "celery")
# At-least-once delivery: a task's message is acked after it ran, and re-queued when the
# worker process running it dies (SIGKILL, OOM). Tasks must therefore be safe to run again.
# One message at a time per process, so a dying process takes no prefetched work with it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# A split silent (no batch written) this long is re-enqueued by jobs.sweep_stale_splits.
KOMA_SPLIT_STALE_MINUTES = env_int("KOMA_SPLIT_STALE_MINUTES", 10)
# Calibration (koma.jobs.calibration): the measured pace counts once this many accepted
# entries have active time; open units are re-packed when it drifts more than this many
# percent from the pace they were packed with.
KOMA_CALIBRATION_MIN_ENTRIES = env_int("KOMA_CALIBRATION_MIN_ENTRIES", 20)
KOMA_REPACK_DRIFT_PERCENT = env_int("KOMA_REPACK_DRIFT_PERCENT", 15)
# Test-only: a pause after each split batch, so a live test can kill the worker mid-split.
KOMA_SPLIT_BATCH_PAUSE_MS = env_int("KOMA_SPLIT_BATCH_PAUSE_MS", 0)

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request otherwise
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
FRONTEND_DIST = REPO_DIR / "frontend" / "dist"

# Uploads: big CSVs stream to disk instead of memory (the in-memory limit stays low).
KOMA_MAX_IMPORT_BYTES = env_int("KOMA_MAX_IMPORT_BYTES", 20 * 1024 * 1024)
KOMA_MAX_IMPORT_ROWS = env_int("KOMA_MAX_IMPORT_ROWS", 50_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Work rules.
# A lease (units/transitions.py lease_end) ends at the earliest of: the last claim, save or
# heartbeat + KOMA_LEASE_MINUTES; the end of the worker's window + KOMA_LEASE_GRACE_MINUTES;
# the claim + 1.5 x the unit's estimate. The holder is warned KOMA_LEASE_WARNING_MINUTES before.
KOMA_LEASE_MINUTES = env_int("KOMA_LEASE_MINUTES", 150)
KOMA_LEASE_GRACE_MINUTES = env_int("KOMA_LEASE_GRACE_MINUTES", 15)
KOMA_LEASE_WARNING_MINUTES = env_int("KOMA_LEASE_WARNING_MINUTES", 10)
KOMA_MAX_HELD_UNITS = env_int("KOMA_MAX_HELD_UNITS", 1)
# Per worker per Japanese day: estimated minutes of the units claimed (releases included).
KOMA_DAILY_CAP_MINUTES = env_int("KOMA_DAILY_CAP_MINUTES", 480)
# Per worker per Japanese week (Monday 00:00): the default when a level has no LevelCaps row.
KOMA_WEEKLY_CAP_MINUTES = env_int("KOMA_WEEKLY_CAP_MINUTES", 2400)
# Offers (docs/architecture.md A26): how long an offered unit waits for its worker, and how
# long a worker who let an offer pass is not offered that unit again.
KOMA_OFFER_SECONDS = env_int("KOMA_OFFER_SECONDS", 180)
KOMA_OFFER_COOLDOWN_SECONDS = env_int("KOMA_OFFER_COOLDOWN_SECONDS", 1800)
# At most this many open units (in claim order) are looked at per offer round.
KOMA_OFFER_SCAN_UNITS = env_int("KOMA_OFFER_SCAN_UNITS", 2000)
# Per worker: at most this many claims in any window of this many seconds (429 after).
KOMA_CLAIM_RATE_LIMIT = env_int("KOMA_CLAIM_RATE_LIMIT", 6)
KOMA_CLAIM_RATE_WINDOW_SECONDS = env_int("KOMA_CLAIM_RATE_WINDOW_SECONDS", 600)
# Job forecast (koma/jobs/forecast.py, docs/architecture.md A24): the share of a worker's
# declared hours that becomes accepted work (breaks, rework, reading instructions), and the
# margin above the remaining work below which a job is "at risk".
KOMA_FORECAST_UTILISATION_PERCENT = env_int("KOMA_FORECAST_UTILISATION_PERCENT", 80)
KOMA_FORECAST_MARGIN_PERCENT = env_int("KOMA_FORECAST_MARGIN_PERCENT", 120)
KOMA_FIXED_NOW = None  # tests only: koma.core.clock.now() answers this instead of the clock

# Security (OWASP ASVS L2): sessions end after a working day, cookies are HttpOnly/Lax and,
# outside DEBUG and demo mode, Secure (the demo serves plain http on 127.0.0.1).
SESSION_COOKIE_AGE = env_int("KOMA_SESSION_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG and not KOMA_DEMO)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HSTS is only ever sent on https responses (SecurityMiddleware), so it is harmless on http.
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Number of reverse proxies in front of Koma that append to X-Forwarded-For (and set
# X-Forwarded-Proto). 0: the client IP is REMOTE_ADDR and forwarded headers are ignored.
KOMA_TRUSTED_PROXY_COUNT = env_int("KOMA_TRUSTED_PROXY_COUNT", 0)
if KOMA_TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
KOMA_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
KOMA_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Every login (API and Django admin) goes through this backend: Django's, except that the
# published demo password (koma.demo.DEMO_PASSWORD) works only in demo mode.
AUTHENTICATION_BACKENDS = ["koma.accounts.backends.KomaModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: its password_changed hook revokes the account's API tokens.
    {"NAME": "koma.accounts.auth.RevokeTokensOnPasswordChange"},
]

# Login lockout (django-ratelimit, koma.accounts.services): this many failures within a window
# lock the account, and (separately) the client IP, until the window ends. A success clears only
# its own account's counter.
KOMA_LOGIN_FAILURES_PER_ACCOUNT = env_int("KOMA_LOGIN_FAILURES_PER_ACCOUNT", 5)
KOMA_LOGIN_FAILURES_PER_IP = env_int("KOMA_LOGIN_FAILURES_PER_IP", 20)
KOMA_LOGIN_WINDOW_SECONDS = env_int("KOMA_LOGIN_WINDOW_SECONDS", 15 * 60)
RATELIMIT_CACHE_PREFIX = "ratelimit:"
# W001 names only django-redis as a supported Redis cache; Django's own RedisCache has the
# atomic add (SET NX) and incr (INCR) the counters need.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# API tokens (scripts, the benchmark, live tests): stored hashed, expire, no silent renewal.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("KOMA_TOKEN_TTL_HOURS", 12)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
    "AUTH_HEADER_PREFIX": "Token",
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a missing login a 401, not a 403.
        "koma.accounts.auth.TokenAuthentication",
        "koma.accounts.auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "koma.core.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "koma.core.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # `?format=csv` names the export format, not a DRF renderer.
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Koma API",
    "DESCRIPTION": "Municipal back-office work shared in two-hour units.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": False,
    # Swagger UI from the installed package, not a CDN: works offline and on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "UnitStatusEnum": "koma.units.models.Unit.Status",
        "JobStatusEnum": "koma.jobs.models.Job.Status",
        "SplitStateEnum": "koma.jobs.models.Job.SplitState",
        "RoleEnum": "koma.accounts.models.Role",
        "OrganizationKindEnum": "koma.accounts.models.Organization.Kind",
        "DecisionEnum": "koma.quality.models.Review.Decision",
    },
    # The one error shape every 4xx answers with (koma.core.errors).
    "APPEND_COMPONENTS": {
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": True},
                },
            }
        }
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KOMA_LOG_LEVEL", "WARNING")},
}

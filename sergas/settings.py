"""Django settings for Sergas Account Copilot.

Every value comes from django-environ with the precedence
process environment > .env.local > .env > the defaults below (see ``sergas.env``).
``ENV=production`` switches on the secure settings and refuses unsafe defaults.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from sergas.env import key_origins, load_env, provider_keys, provider_name_from_base_url, secret_value
from sergas.logging import build_logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
env = load_env(BASE_DIR)

ENV = env.str("ENV", default="development").lower()
IS_PRODUCTION = ENV == "production"

DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if IS_PRODUCTION:
    # The same bar as Django's deploy check (security.W009).
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "ENV=production needs SECRET_KEY: at least 50 random characters, not the development key."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ENV=production needs ALLOWED_HOSTS (comma-separated host names).")
    if DEBUG:
        raise ImproperlyConfigured("ENV=production refuses DEBUG=true.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "django_guid",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "accounts",
    "copilot",
    "webapp",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",  # first: every response, redirects too, carries X-Request-ID
    "sergas.metrics.HttpMetricsMiddleware",
    # Django's own middlewares with their hooks on the event loop under ASGI (sergas.middleware):
    # every one here is async-capable without a thread hop.
    "sergas.middleware.SecurityMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "sergas.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "sergas.middleware.CommonMiddleware",
    "sergas.middleware.CsrfViewMiddleware",
    "sergas.middleware.AuthenticationMiddleware",
    "sergas.middleware.MessageMiddleware",
    "sergas.middleware.XFrameOptionsMiddleware",
]
# Django's checks for its own security, clickjacking and CSRF middlewares, by their paths; the
# same checks for the ones above are sergas.middleware's.
SILENCED_SYSTEM_CHECKS = ["security.W001", "security.W002", "security.W003"]

# A caller's X-Request-ID (a UUID) is kept, anything else replaced by a new one; it is on every
# response, every log line of the request (`correlation_id`) and the AnalysisRequest it made.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "RETURN_HEADER": True, "EXPOSE_HEADER": True}

ROOT_URLCONF = "sergas.urls"
WSGI_APPLICATION = "sergas.wsgi.application"
ASGI_APPLICATION = "sergas.asgi.application"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# Empty values (as copied from .env.example) mean "use the default".
DATABASES = {
    "default": env.db_url_config(env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue instead of failing with "database is locked" when one
    # upgrades a read lock, and sergas.sqlite makes them queue in turn (see its docstring).
    DATABASES["default"]["ENGINE"] = "sergas.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=30),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Each thread keeps its connection between requests (the ASGI handler reuses its threads and
    # closes the connections of one it stops): a new one costs a connect and Django's SQL functions.
    DATABASES["default"].setdefault("CONN_MAX_AGE", None)
    # A file, not memory, so tests exercise WAL and real concurrent connections.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Under ASGI each request may run on a different thread, so persistent per-thread
    # connections pile up; psycopg's pool shares a bounded set across threads instead.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.int("DB_POOL_MAX_SIZE", default=20),
        "timeout": env.float("DB_POOL_TIMEOUT_SECONDS", default=10.0),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The threads per server process on which requests for async views (the front door) run their
# database steps in turn (sergas.handler): one costs least CPU; more keep a step that waits (a lock,
# a slow tool query) from holding up the others.
FRONT_DOOR_THREADS = env.int("FRONT_DOOR_THREADS", default=1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url_config(env.str("CACHE_URL", default="") or "locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The managers' app, built by Vite (`npm run build` in frontend/) and committed: served as static files.
FRONTEND_BUILD_DIR = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [("app", FRONTEND_BUILD_DIR)]
LOGIN_URL = "webapp:login"
LOGIN_REDIRECT_URL = "webapp:home"
LOGOUT_REDIRECT_URL = "webapp:login"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production the ASGI server serves static files straight from the apps, as found when it
# starts; looking again on every request (a file search in a thread hop) only while debugging.
SERVESTATIC_USE_FINDERS = not IS_PRODUCTION
SERVESTATIC_AUTOREFRESH = DEBUG

# --- Browsers on other origins (a CopilotKit app served elsewhere) ---------------------
# An allowlist, empty by default. Header-authenticated calls need no cookie; a session's calls
# stay protected by CSRF (list the same origins in CSRF_TRUSTED_ORIGINS).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])

# --- Security ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- REST framework ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sergas.authentication.TokenOrBearerAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["sergas.jsonbody.JSONBodyParser"],  # JSON only: a form is refused by its type
    "EXCEPTION_HANDLER": "sergas.jsonbody.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "sergas.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sergas Account Copilot API",
    "DESCRIPTION": "AI account analysis (GLM-4.6 through an Anthropic-compatible API) with a full record "
    "of every call, its usage and its cost.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AccountStatusEnum": "accounts.models.AccountStatus",
        "AnalysisStatusEnum": "copilot.models.AnalysisRequest.Status",
        "ErrorCodeEnum": "copilot.errors.ErrorCode",
        "RecommendationStatusEnum": "copilot.models.Recommendation.Status",
    },
}

# --- LLM provider (GLM-4.6 on Z.ai's Anthropic-compatible API by default) ---------------
ANTHROPIC_API_KEY = secret_value(env, "ANTHROPIC_API_KEY")
ANTHROPIC_BASE_URL = env.str("ANTHROPIC_BASE_URL", default="https://api.z.ai/api/anthropic").rstrip("/")
LLM_PROVIDER_NAME = env.str("LLM_PROVIDER_NAME", default="") or provider_name_from_base_url(ANTHROPIC_BASE_URL)
CLAUDE_MODEL = env.str("CLAUDE_MODEL", default="glm-4.6")
GLM_MAX_TOKENS = env.int("GLM_MAX_TOKENS", default=1024)
GLM_TEMPERATURE = env.float("GLM_TEMPERATURE", default=0.7)
_top_p = env.str("GLM_TOP_P", default="")
GLM_TOP_P = float(_top_p) if _top_p else None
GLM_TIMEOUT_SECONDS = env.float("GLM_TIMEOUT_SECONDS", default=30.0)
GLM_MAX_RETRIES = env.int("GLM_MAX_RETRIES", default=3)
ENABLE_GLM_STREAMING = env.bool("ENABLE_GLM_STREAMING", default=True)
ENABLE_GLM_CACHING = env.bool("ENABLE_GLM_CACHING", default=False)
GLM_CACHE_TTL_SECONDS = env.int("GLM_CACHE_TTL_SECONDS", default=3600)
ENABLE_GLM_METRICS = env.bool("ENABLE_GLM_METRICS", default=True)
# Providers added in the admin name the variable holding their key (anything ending in _API_KEY,
# or its _FILE); those are read here, once, with the same precedence as every other setting.
LLM_PROVIDER_KEYS = provider_keys(env)
# Where each key may be sent: ANTHROPIC_API_KEY only to ANTHROPIC_BASE_URL's origin and
# CLAUDE_API_KEY only to https://api.anthropic.com, plus what this adds (VAR=origin|origin,...), so
# that a provider row edited in the admin can never send a key to a host the environment did not name.
LLM_KEY_ORIGINS = key_origins(env.str("LLM_KEY_ORIGINS", default=""))
# A provider failing this many times in a row (unavailable, rate limited, timed out, after the
# SDK's retries) is cooled down: calls skip it (to the route's fallback) for this long. Shared
# across processes through the cache, so set CACHE_URL to Redis when running several.
LLM_COOLDOWN_FAILURES = env.int("LLM_COOLDOWN_FAILURES", default=3)
LLM_COOLDOWN_SECONDS = env.int("LLM_COOLDOWN_SECONDS", default=60)
# /metrics for a scraper without a user: `Authorization: Bearer <METRICS_TOKEN>` (staff need none).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Several server processes (uvicorn --workers, or servers side by side) count into one directory
# and /metrics sums them: prometheus-client's multiprocess mode. Empty it when deploying.
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")
if PROMETHEUS_MULTIPROC_DIR:
    Path(PROMETHEUS_MULTIPROC_DIR).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", PROMETHEUS_MULTIPROC_DIR)  # read by prometheus-client

# Request limits for the copilot endpoints (the seed's validator used 5,000 characters).
# A call still pending this long after timeout × (retries + 1) lost its process: it is finished
# as failed (INTERRUPTED) at server start-up and by `manage.py finish_stale_calls`.
COPILOT_STALE_CALL_MARGIN_SECONDS = env.float("COPILOT_STALE_CALL_MARGIN_SECONDS", default=300.0)
COPILOT_RATE_LIMIT = env.str("COPILOT_RATE_LIMIT", default="60/min")  # per user
COPILOT_MAX_MESSAGES = env.int("COPILOT_MAX_MESSAGES", default=50)
COPILOT_MAX_MESSAGE_CHARS = env.int("COPILOT_MAX_MESSAGE_CHARS", default=5000)
# The rest of the front door's limits (copilot.frontdoor.limits), for every AI entry.
COPILOT_MAX_CONVERSATION_CHARS = env.int("COPILOT_MAX_CONVERSATION_CHARS", default=100_000)
COPILOT_MAX_CONTEXT_ENTRIES = env.int("COPILOT_MAX_CONTEXT_ENTRIES", default=20)
COPILOT_MAX_CONTEXT_CHARS = env.int("COPILOT_MAX_CONTEXT_CHARS", default=20_000)
COPILOT_MAX_TOOLS = env.int("COPILOT_MAX_TOOLS", default=20)
COPILOT_MAX_TOOLS_BYTES = env.int("COPILOT_MAX_TOOLS_BYTES", default=32_768)
COPILOT_MAX_PROPS_BYTES = env.int("COPILOT_MAX_PROPS_BYTES", default=16_384)
# The agent: provider calls one turn may make (each server tool round trip is one more).
AGENT_MAX_STEPS = env.int("AGENT_MAX_STEPS", default=8)
# Proposed actions (copilot.Recommendation) nobody accepted, dismissed or did expire after this many days.
RECOMMENDATION_TTL_DAYS = env.int("RECOMMENDATION_TTL_DAYS", default=14)
if RECOMMENDATION_TTL_DAYS < 1:
    raise ImproperlyConfigured("RECOMMENDATION_TTL_DAYS must be 1 or more")
# Spend cap across all users for the current day (UTC of TIME_ZONE); empty means no cap.
COPILOT_DAILY_BUDGET_USD = env.str("COPILOT_DAILY_BUDGET_USD", default="") or None
if COPILOT_DAILY_BUDGET_USD is not None:
    COPILOT_DAILY_BUDGET_USD = Decimal(COPILOT_DAILY_BUDGET_USD)

# --- Account health rules (deterministic, no LLM involved) -------------------------------
ACCOUNT_HEALTH = {
    "INACTIVITY_DAYS": env.int("HEALTH_INACTIVITY_DAYS", default=30),
    "STALLED_DEAL_DAYS": env.int("HEALTH_STALLED_DEAL_DAYS", default=30),
    "ENGAGEMENT_WINDOW_DAYS": env.int("HEALTH_ENGAGEMENT_WINDOW_DAYS", default=30),
    "RENEWAL_WINDOW_DAYS": env.int("HEALTH_RENEWAL_WINDOW_DAYS", default=90),
    "PENALTIES": {
        "inactivity": 30,
        "stalled_deals": 20,
        "engagement_drop": 15,
        "renewal_near": 15,
        "at_risk_status": 35,
    },
    # A score at or above a band's floor falls in that band.
    "BANDS": {"healthy": 70, "watch": 40, "at_risk": 0},
}

# When Celery beat runs `snapshot_health` (cron fields: minute hour day-of-month month day-of-week,
# in TIME_ZONE): shortly after midnight, so each day's snapshot sees the day's first state.
HEALTH_SNAPSHOT_CRONTAB = env.str("HEALTH_SNAPSHOT_CRONTAB", default="15 0 * * *")
# When it runs `send_briefs`: in the morning, well after the snapshot, so "since yesterday" is
# today's snapshot against yesterday's.
BRIEFS_CRONTAB = env.str("BRIEFS_CRONTAB", default="0 7 * * *")
for _name, _value in (("HEALTH_SNAPSHOT_CRONTAB", HEALTH_SNAPSHOT_CRONTAB), ("BRIEFS_CRONTAB", BRIEFS_CRONTAB)):
    if len(_value.split()) != 5:
        raise ImproperlyConfigured(f"{_name} needs five cron fields, e.g. '15 0 * * *'")

# --- Email (the morning brief) -----------------------------------------------------------
# EMAIL_URL picks the backend: consolemail:// prints to stdout, smtp+tls://user:password@host:587
# sends (see django-environ's email URLs). Unset parts keep Django's defaults.
globals().update(
    {
        name: value
        for name, value in env.email_url_config(env.str("EMAIL_URL", default="") or "consolemail://").items()
        if value not in (None, "")
    }
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="") or "Sergas Account Copilot <briefs@localhost>"
# Where the app is reached, for links in emails (no trailing slash).
APP_BASE_URL = (env.str("APP_BASE_URL", default="") or "http://127.0.0.1:8000").rstrip("/")

# --- Celery (bulk analysis scale-out; unset broker = in-process only) --------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a killed worker's item is redelivered; the claim stops doubles
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE  # beat's schedules (HEALTH_SNAPSHOT_CRONTAB, BRIEFS_CRONTAB) are in the project's time zone

# --- Logging -------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if IS_PRODUCTION else "console")
LOGGING_CONFIG = None
build_logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)

"""Settings for Governance Calendar.

One module, read from the environment. ``DJANGO_ENV`` switches between
``development`` (the default: SQLite, local-memory cache, tasks run in-process,
mail to the console) and ``production`` (PostgreSQL, Redis, secure cookies and
HSTS; passes ``manage.py check --deploy``).
"""

from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_float, env_int, env_list, env_str
from config.storage import documents_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite database and local files live here

DJANGO_ENV = env_str("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
CI = env_bool("CI")

SECRET_KEY = env_str(
    "SECRET_KEY", "" if PRODUCTION else "dev-only-insecure-key-change-me-0123456789abcdef"
)
if PRODUCTION and len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY must be set (50+ characters) when DJANGO_ENV=production."
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The domain that makes iCalendar UIDs globally unique; it must never change once feeds are public.
SITE_DOMAIN = env_str("SITE_DOMAIN", "calendar.example.org")
# The absolute base of links in feeds, e-mails and API records; set it in production. Unset,
# each request's own address is used, and e-mails use http://127.0.0.1:8000 (config/site.py).
SITE_URL = env_str("SITE_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # search: trigram lookups (no-op on SQLite)
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "governance",
    "meetings",
]

MIDDLEWARE = [
    # First, as Django's UpdateCacheMiddleware: it sets Cache-Control (private for signed-in users)
    # and keeps an anonymous read with the headers every other middleware gave it (config/caching.py).
    "config.caching.UpdateCacheMiddleware",
    # nosniff and Referrer-Policy (SECURE_*), the CSP, Permissions-Policy: settings below.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and 304 for every GET that does not answer conditional GETs itself (feeds do).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this sign-in passed its second factor (TOTP).
    "django_otp.middleware.OTPMiddleware",
    # Staff past their password but not their code are sent to enter it (config/second_factor.py).
    "config.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Anonymous pages and API reads from the cache until the data changes (config/caching.py):
    # inside every middleware that adds headers, so they are added to a cached response as to a
    # fresh one. Before the views, so a read from the cache passes no API throttle (README).
    "config.caching.FetchFromCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes: the login lockout (AXES_* below).
    "axes.middleware.AxesMiddleware",
    # Last, so it sees a view's exceptions first: a database or Redis outage becomes a 503.
    "config.middleware.ServiceUnavailableMiddleware",
]
# Anonymous pages and API reads kept in each process until the data changes (0: render each one).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
CACHE_MIDDLEWARE_ALIAS = "local"
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
CACHE_MIDDLEWARE_SECONDS = 24 * 3600  # the key holds the data version and the day
# How long a process trusts the data version it read from Redis (config/caching.py).
DATA_VERSION_TTL = env_float("DATA_VERSION_TTL", 0.2)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline script anywhere (the API's Swagger page widens this: config/api_urls.py).
        "script-src": [SELF],
        # The admin's widgets set style attributes.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}
SERVICE_RETRY_AFTER_SECONDS = env_int("SERVICE_RETRY_AFTER_SECONDS", 30)
# Admin login lockout: this many failures from one address or for one account lock it for a while.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)  # proxies whose X-Forwarded-For to trust
# The lockout is django-axes', counting in the cache (no tables used); config/lockout.py reads the
# two settings above at each attempt and names the client by the API throttle's rule.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one locks
AXES_FAILURE_LIMIT = "config.lockout.failure_limit"
AXES_COOLOFF_TIME = "config.lockout.lockout_time"
AXES_CLIENT_IP_CALLABLE = "config.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "config.lockout.login_page_again"
AXES_RESET_ON_SUCCESS = True  # a success before the limit clears the counts
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends on time
AXES_ENABLE_ADMIN = False  # its admin lists the database handler's rows, unused here
AXES_VERBOSE = False

SESSION_ENGINE = "config.sessions"
ROOT_URLCONF = env_str("ROOT_URLCONF", "config.urls")  # benchmarks add their anchor views


def _page_of(viewname: str):
    """get_absolute_url for a record whose page is `viewname` (by key)."""

    def get_absolute_url(record) -> str:
        from governance.paths import path_for  # app code: not importable while settings load

        return path_for(viewname, key=record.key)

    return get_absolute_url


# Bodies and documents have their pages in meetings' URLs; the site says so here, since
# governance never names meetings (the import-linter contracts in pyproject.toml).
def _file_url(record) -> str:
    """get_absolute_url of a language version's file: where readers fetch it."""
    from governance.paths import path_for

    version = record.version
    return path_for("meetings:document-file", key=version.document.key, language=version.language)


ABSOLUTE_URL_OVERRIDES = {
    "governance.body": _page_of("meetings:body-detail"),
    "governance.documentreference": _page_of("meetings:document-detail"),
    "governance.documentfile": _file_url,
}
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # Django's cached template loader is on by default (with DEBUG off or on).
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The calendar's tags live with its views (meetings/web/), not in an app's templatetags.
            "libraries": {
                "calendar_links": "meetings.web.templatetags.calendar_links",
                "labels": "meetings.web.templatetags.labels",
                "paths": "meetings.web.templatetags.paths",
                "sources": "meetings.web.templatetags.sources",
            },
        },
    },
]

# SQLite is the embedded default; DATABASE_URL points it at PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is unreachable: the request gets a 503, not a hung worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DB_CONNECT_TIMEOUT", 5
    )
    # Parameters bound by the server, and a statement run twice on a connection is prepared:
    # PostgreSQL then skips planning, which was most of the cost of a page's small queries.
    # DB_PREPARED_STATEMENTS=0 behind a transaction-pooling PgBouncer (it cannot keep them).
    if env_bool("DB_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": 2}
    # Memory a sort may use before it spills to disk: a broad search's facet GROUP BY over tens of
    # thousands of matches spilled at PostgreSQL's 4 MB (search_bench: +25% req/s, p99 -40% at
    # 16 MB). DB_WORK_MEM="" keeps the server's own setting.
    _work_mem = env_str("DB_WORK_MEM", "16MB")
    if _work_mem:
        if not re.fullmatch(r"\d+(kB|MB|GB)?", _work_mem):
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured("DB_WORK_MEM is a size such as 16MB.")
        DATABASES["default"]["OPTIONS"]["options"] = f"-c work_mem={_work_mem}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# JSON with microseconds (export_data/import_data round-trip exactly).
SERIALIZATION_MODULES = {"json": "governance.precise_json"}

# Redis when REDIS_URL is set; otherwise the local-memory cache and in-process tasks.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "gc"),
        "TIMEOUT": None,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
else:
    SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "governance-calendar",
        "TIMEOUT": None,
    }
    # Axes warns that local memory is one process's; without Redis the app is one (runserver).
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]
CACHES = {
    # Shared by every process: the data version, built feed bodies, throttle and lockout counts.
    "default": SHARED_CACHE,
    # Each process's own: anonymous pages and API reads, and its copy of the data version.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},  # pages of 10-60 KB, least recently read dropped first
    },
    # Each process's own copies of built feed bodies (up to ~0.5 MB each), by ETag.
    "feeds": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "feeds",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates in the style of the organization's texts, like French and Spanish (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    # The documents' files (config/storage.py: the filesystem, or S3 with DOCUMENT_STORAGE=s3).
    "documents": documents_storage(VAR_DIR),
}
# The largest file a document's language version may hold (PDF, DOCX, XLSX).
DOCUMENT_FILE_MAX_BYTES = env_int("DOCUMENT_FILE_MAX_BYTES", 50 * 1024 * 1024)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # for the file backend
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "calendar@example.org")
# The Member States' portal: invitation links work once, for so many days; TOTP names the site.
MISSION_INVITATION_DAYS = env_int("MISSION_INVITATION_DAYS", 7)
SECRETARIAT_SECOND_FACTOR = env_bool("SECRETARIAT_SECOND_FACTOR", True)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Governance Calendar")
# Where delegates ask for a document that is not online (document pages name it; unset: "your mission").
DOCUMENTS_CONTACT_EMAIL = env_str("DOCUMENTS_CONTACT_EMAIL", "")

REST_FRAMEWORK = {
    # Token first, so an anonymous write gets 401 with WWW-Authenticate rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # At most MAX_LIMIT (200) rows a page; out-of-range limit and offset are clamped.
    "DEFAULT_PAGINATION_CLASS": "config.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["config.throttling.AnonRateThrottleFailOpen"],
    # An empty API_ANON_RATE turns the throttle off (the load benchmark).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "600/minute") or None,
        # Per mission API token (the registrations endpoints); empty turns it off.
        "mission": env_str("API_MISSION_RATE", "120/minute") or None,
    },
    # The one trusted-proxy setting: the throttle, the login lockout and every other reader of the
    # client address take it from X-Forwarded-For this many hops from the end (config/lockout.py).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # A model's ValidationError from a service becomes a 400 naming the fields, in one place.
    "EXCEPTION_HANDLER": "config.api_errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Governance Calendar API",
    "DESCRIPTION": "Sessions, bodies, documents, decisions and memberships of the organization's governing bodies.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Errors, 304s and who may call each operation, by the API's rules (config/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.document_errors_and_access",
    ],
    # Django's slug converter matches only these characters; other keys never reach the view.
    "PATH_CONVERTER_OVERRIDES": {"slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}},
    "ENUM_NAME_OVERRIDES": {
        "BodyKindEnum": "governance.enums.BodyKind",
        "EntityKindEnum": "governance.enums.EntityKind",
        "DocumentKindEnum": "governance.enums.DocumentKind",
        "DatePrecisionEnum": "governance.enums.DatePrecision",
        "MembershipStatusEnum": "governance.enums.MembershipStatus",
        "LanguageEnum": "governance.enums.Language",
        "SessionKindEnum": "meetings.models.enums.SessionKind",
        "SessionStatusEnum": "meetings.models.enums.SessionStatus",
        "RevisionKindEnum": "meetings.models.enums.RevisionKind",
        "DecisionKindEnum": "meetings.models.enums.DecisionKind",
        "AgendaItemKindEnum": "meetings.models.enums.AgendaItemKind",
        "SearchKindEnum": "governance.enums.SearchKind",
    },
}

# Celery: Redis as broker when REDIS_URL is set; without it tasks run in-process (eager),
# so the embedded default still sends reminders and notices.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks never wait in the broker longer than this; no countdown comes near it, so
# Redis never re-delivers a message that is merely scheduled for later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")  # tests give each worker its own
# The periodic scan has a queue of its own, consumed by a worker that does not send: it never
# waits behind a fan-out's send batches (change notices and retaking lost claims go on).
# `make serve` starts that worker on this queue (Procfile: $CELERY_SCAN_QUEUE, set from here).
SCAN_QUEUE = env_str("CELERY_SCAN_QUEUE", "scan")
CELERY_TASK_ROUTES = {"meetings.reminders.scan": {"queue": SCAN_QUEUE}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Reminders and change notices.
CHANGE_NOTICE_QUIET_SECONDS = env_int(
    "CHANGE_NOTICE_QUIET_SECONDS", 600
)  # a burst of edits gives one notice
REMINDER_HOUR = env_int(
    "REMINDER_HOUR", 8
)  # reminders fall due at this hour in the subscriber's time
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5)
REMINDER_CLAIM_TIMEOUT_SECONDS = env_int(
    "REMINDER_CLAIM_TIMEOUT_SECONDS", 300
)  # a lost worker's claims are retaken

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_str("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
    },
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # SECURE_COOKIES=0 only for `make serve` over plain HTTP on loopback.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

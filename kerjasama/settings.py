"""Settings read from the environment (names fixed in API.md, "Running it").

Nothing set = the embedded default: SQLite in the project, Celery eager, files on local disk.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from kerjasama.country_names import indonesian_country_names

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
_INSECURE_KEY = "django-insecure-embedded-default-only-never-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _INSECURE_KEY
if not DEBUG and SECRET_KEY == _INSECURE_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY wajib diisi bila DJANGO_DEBUG mati.")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

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
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "csp",
    "axes",
    "kerjasama",
    "agreements",
    "notifications",
    "imports",
    "public",
    "monitoring",
    "reports",
    "arsip",
    "proposals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kerjasama.urls"
WSGI_APPLICATION = "kerjasama.wsgi.application"

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
                "kerjasama.context_processors.roles",
                "notifications.context_processors.notifications",
            ],
            "builtins": ["kerjasama.templatetags.id_format"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Take the write lock at BEGIN: a deferred transaction that reads then writes cannot wait
    # for the lock and fails at once with "database is locked" (seen under loadtest/run.py).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A kept-open connection is checked before each request reuses it: the first request after
    # a database restart reconnects instead of failing.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    # A database that does not answer must not hold a web or worker process forever.
    _pg_options["connect_timeout"] = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    # JIT compiling the KPI/Tabel 2.1 aggregates costs more than it saves (benchmarks, F4).
    _pg_options["options"] = "-c jit=off -c statement_timeout={}".format(
        int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "60000"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "kerjasama.auth.IpSprayGuardBackend",  # failures of one address over all usernames
    "axes.backends.AxesStandaloneBackend",
    "kerjasama.auth.RoleModelBackend",  # ModelBackend reading the roles with the user
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "monitoring:home"
LOGOUT_REDIRECT_URL = "login"

# Indonesian everywhere.
LANGUAGE_CODE = "id"
# django-countries has no Indonesian names: take them from pycountry's ISO 3166 translations.
COUNTRIES_OVERRIDE = indonesian_country_names()
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Off: ids rendered in forms and links must never become "1.607". Numbers shown to people go
# through the `angka` and `rupiah` filters, which group thousands with ".".
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["kerjasama.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media-tidak-publik/"  # never served directly: downloads go through authorised views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The embedded default (scripts/run) runs with DEBUG off but without `collectstatic`: whitenoise
# serves the files straight from the apps' static folders, unhashed.
if env_bool("DJANGO_STATIC_FROM_APPS", False):
    WHITENOISE_USE_FINDERS = True
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# Electronic signatures (arsip): PEM files of the trusted roots (e.g. BSrE), separated by ":".
# Empty = signatures are checked offline and reported as not verified against a trusted root.
ARSIP_TRUST_ROOTS = [p for p in os.environ.get("ARSIP_TRUST_ROOTS", "").split(":") if p.strip()]

# Organisation shown on pages and PDFs.
KERJASAMA_PEMDA_NAME = os.environ.get("KERJASAMA_PEMDA_NAME", "Pemerintah Kabupaten Malang")
KERJASAMA_UNIT_NAME = os.environ.get(
    "KERJASAMA_UNIT_NAME", "Bagian Administrasi Kerja Sama Sekretariat Daerah"
)
KERJASAMA_HOME_REGION = os.environ.get("KERJASAMA_HOME_REGION", "35.07")
# Address of this installation as users reach it: absolute links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Renstra periods "first-last,first-last" (Tabel 2.1 columns 4 and 5); later ones: 5 years each.
KERJASAMA_RENSTRA_PERIODS = [
    (int(first), int(last))
    for first, _, last in (
        part.strip().partition("-")
        for part in os.environ.get("KERJASAMA_RENSTRA_PERIODS", "2016-2021,2022-2026").split(",")
        if part.strip()
    )
]

# Official form of letters and reports (tata naskah dinas): kop, place, signature blocks.
# KERJASAMA_LAMBANG: path of the lambang daerah image (PNG/SVG/JPEG); empty = the vendored
# placeholder static/img/lambang-placeholder.svg. Unset names, ranks and NIPs print as blanks.
KERJASAMA_LAMBANG = os.environ.get("KERJASAMA_LAMBANG", "")
KERJASAMA_ADDRESS = os.environ.get(
    "KERJASAMA_ADDRESS", "Jalan Panji Nomor 158, Kepanjen, Kabupaten Malang, Jawa Timur 65163"
)
KERJASAMA_CONTACT = os.environ.get("KERJASAMA_CONTACT", "")
KERJASAMA_PLACE = os.environ.get("KERJASAMA_PLACE", "Kepanjen")
KERJASAMA_HEAD_NAME = os.environ.get("KERJASAMA_HEAD_NAME", "")  # the kepala daerah
KERJASAMA_SIGNER_TITLE = os.environ.get(
    "KERJASAMA_SIGNER_TITLE", "Kepala Bagian Administrasi Kerja Sama"
)
KERJASAMA_SIGNER_NAME = os.environ.get("KERJASAMA_SIGNER_NAME", "")
KERJASAMA_SIGNER_RANK = os.environ.get("KERJASAMA_SIGNER_RANK", "")
KERJASAMA_SIGNER_NIP = os.environ.get("KERJASAMA_SIGNER_NIP", "")

# E-mail: EMAIL_URL (smtp://user:pass@host:587) or Django's EMAIL_* names; console by default.
_email_url = os.environ.get("EMAIL_URL")
if _email_url:
    from urllib.parse import unquote, urlparse

    _e = urlparse(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _e.hostname or "localhost"
    EMAIL_PORT = _e.port or 25
    EMAIL_HOST_USER = unquote(_e.username or "")
    EMAIL_HOST_PASSWORD = unquote(_e.password or "")
    EMAIL_USE_TLS = _e.scheme in {"smtp+tls", "submission"}
    EMAIL_USE_SSL = _e.scheme == "smtps"
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kerjasama@localhost")

# Cache (rate limits of the public proposal endpoints): CACHE_URL=redis://host:6379/1 shares the
# counts between gunicorn workers; unset = local memory, which counts per process.
_cache_url = os.environ.get("CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Reverse proxies in front of the app that append to X-Forwarded-For (0 = none, use the peer).
PROPOSALS_PROXY_COUNT = int(os.environ.get("PROPOSALS_PROXY_COUNT", "0"))

# Celery: unset broker = eager mode (tasks run inline, for the embedded default).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "kerjasama")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers a message not acknowledged (worker killed mid-task) after visibility_timeout;
# the restore sweep runs every interval x throttle seconds (tests set a small timeout).
_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(10, _VISIBILITY_TIMEOUT // 2)),
    "unacked_restore_throttle": 10 if _VISIBILITY_TIMEOUT >= 100 else 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # The daily job: automatic expiry, then reminders (also `manage.py daily_tasks` for cron).
    "tugas-harian": {
        "task": "notifications.daily_tasks",
        "schedule": crontab(hour=6, minute=0),
    },
    # Report jobs and document analyses whose message or worker was lost (kerjasama.recovery).
    "pemulihan-pekerjaan": {
        "task": "kerjasama.recover_stuck_work",
        "schedule": crontab(minute="*/15"),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so that an unauthenticated call gets 401 with WWW-Authenticate.
        "kerjasama.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "kerjasama.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "kerjasama.api.CursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "kerjasama.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Registri Kerja Sama Daerah",
    "DESCRIPTION": "Kerja sama daerah menurut PP 28/2018: KSDD, KSDPK, KSDPL, KSDLL.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "agreements.choices.Stage",
        "EndReasonEnum": "agreements.choices.EndReason",
        "AgreementStatusEnum": "agreements.choices.Status",
        "ReportJobStatusEnum": "reports.models.JobStatus",
        "KindEnum": "agreements.choices.Kind",
        "ThirdPartyTypeEnum": "agreements.choices.ThirdPartyType",
        "DecisionEnum": "agreements.choices.DprdDecisionValue",
        "ProposalStatusEnum": "proposals.choices.ProposalStatus",
        "ProposalDecisionEnum": "proposals.choices.Decision",
        "ProposalEventEnum": "proposals.choices.EventType",
    },
}

# Security. Production (DEBUG off) passes `manage.py check --deploy`.
SESSION_ENGINE = "kerjasama.sessions"  # Django's db sessions, the read composed once (F15)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "kerjasama.views.csrf_failure"  # {"detail", "code"} under /api/
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # DJANGO_SECURE_COOKIES=false only for the embedded default on plain http://127.0.0.1.
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# Login throttling (django-axes): 5 failures per user+IP lock for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Password spraying: failures from one address over all usernames (kerjasama.auth).
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "20"))
# API tokens expire (POST /api/auth/token/ issues a new one) and die with a password change.
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_LOCKOUT_CALLABLE = "kerjasama.views.lockout"  # JSON under /api/, the page elsewhere
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "celery": {"level": "WARNING"},
        # "<worker> ready." stays visible: operators and the worker tests wait for it.
        "celery.apps.worker": {"level": "INFO"},
        "agreements.tasks": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},  # eager mode's memory:// broker has no host
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

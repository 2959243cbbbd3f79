"""Attune's one settings module.

Every deployment difference is an environment variable with a safe default: SQLite, the console email
backend and debug off. Production is switched on by variables (DATABASE_URL, SECRET_KEY, EMAIL_HOST),
never by another settings file.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from attune.core.logs import JSON_FORMATTER

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not envbool("ATTUNE_ALLOW_INSECURE_KEY", False):
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

# Keys for what people write (journal entries): Fernet keys, comma-separated, newest first. The first
# encrypts; every one decrypts, so a new key can be put in front and `manage.py rotate_encryption_keys`
# re-encrypts everything with it before the old one is removed. Generate one with
# `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
ATTUNE_ENCRYPTION_KEYS = [k.strip() for k in os.environ.get("ATTUNE_ENCRYPTION_KEYS", "").split(",") if k.strip()]
if not ATTUNE_ENCRYPTION_KEYS:
    if not DEBUG and not envbool("ATTUNE_ALLOW_INSECURE_KEY", False):
        raise ImproperlyConfigured("Set ATTUNE_ENCRYPTION_KEYS (or DEBUG=1 for local development).")
    # Development only: a fixed, published key, so local data survives restarts.
    ATTUNE_ENCRYPTION_KEYS = ["ZGV2ZWxvcG1lbnQta2V5LW5ldmVyLWluLXByb2R1Y3Q="]

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "attune.core.views.csrf_failure"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "attune.core.apps.AttuneAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "attune.core",
    "attune.accounts",
    "attune.audit",
    "attune.learning",
    "attune.rehearsal",
    "attune.reflection",
    "attune.consultation",
    "attune.evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "attune.core.middleware.RequestLogMiddleware",
    "attune.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "attune.core.middleware.SessionIdleRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "attune.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "attune.urls"
WSGI_APPLICATION = "attune.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "attune" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "attune.core.context_processors.shell",
            ],
        },
    }
]
# Forms render NHS.UK frontend markup from templates in attune/templates/nhsuk/.
FORM_RENDERER = "attune.core.forms.NHSFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        # A persistent connection is checked before each request reuses it, so that after a database
        # restart the first request reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several web processes may share one SQLite file: write-ahead logging lets readers carry on while
    # one process writes, and IMMEDIATE transactions take the write lock up front, so two writers wait
    # their turn (up to the timeout) instead of one failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    # Verifies any Argon2 hash and upgrades one made with other parameters at the next sign-in.
    "attune.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sessions end after a period without activity: every request pushes the expiry back.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
# The expiry moves with use, refreshed at most once a minute (attune.core.middleware).
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE_COOKIES = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Request and upload limits. The middleware answers 413 for any body over ATTUNE_MAX_REQUEST_BYTES;
# Django's own limits cap form fields held in memory.
ATTUNE_MAX_REQUEST_BYTES = envint("ATTUNE_MAX_REQUEST_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Sign-in throttling (django-axes): five failures for one email from one address lock it for 15 minutes
# (the lock-out page says so).
AXES_FAILURE_LIMIT = envint("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "attune.accounts.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Two-factor sign-in with time-based one-time passwords (django-otp).
OTP_TOTP_ISSUER = "Attune"
ATTUNE_TWO_FACTOR_REQUIRED_ROLES = envlist("TWO_FACTOR_REQUIRED_ROLES", ["facilitator", "org_admin"])

ATTUNE_INVITATION_DAYS = envint("INVITATION_DAYS", 14)

# Email goes through the outbox (core.mail): written with the change that caused it, delivered by the
# worker through ATTUNE_DELIVERY_BACKEND (SMTP when EMAIL_HOST is set, the console otherwise).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    ATTUNE_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
else:
    ATTUNE_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_BACKEND = "attune.core.mail.OutboxBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Attune <no-reply@attune.invalid>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm at set-up (make install) and are served straight from node_modules;
# Attune's stylesheet is compiled from NHS.UK frontend's Sass into static-build/ (both git-ignored).
STATICFILES_DIRS = [
    BASE_DIR / "static-build",
    ("nhsuk", NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
WHITENOISE_USE_FINDERS = True

# Certificates and CPD records are drawn in DejaVu Sans, from Debian's fonts-dejavu-core.
ATTUNE_PDF_FONT_DIR = os.environ.get("ATTUNE_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

# Anonymous answers (reflective group check-ins, evaluations) are shown only for at least this many people.
ATTUNE_MIN_GROUP_SIZE = envint("ATTUNE_MIN_GROUP_SIZE", 5)

# How often one address may send the public "get in touch" form (django-ratelimit's notation). The count
# lives in the default cache, which must be shared between web processes in production (Redis).
ATTUNE_PUBLIC_FORM_RATE = os.environ.get("ATTUNE_PUBLIC_FORM_RATE", "5/h")
# Sign-in attempts from one address, whatever the account (django-axes separately pauses an account after
# wrong passwords). Generous, because a whole hospital can reach Attune through one address.
ATTUNE_SIGN_IN_RATE = os.environ.get("ATTUNE_SIGN_IN_RATE", "120/m")
# Practice turns per person: faster than anyone types, slow enough to stop a script hammering the coder.
ATTUNE_PRACTICE_RATE = os.environ.get("ATTUNE_PRACTICE_RATE", "30/m")

CONTENT_DIR = Path(os.environ.get("ATTUNE_CONTENT_DIR", BASE_DIR / "content"))

# Redis: the shared cache (rate limits, report figures) and the worker's queue. Without it the cache is
# in each process's memory and background tasks run inline, in the request that asks for them.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "attune.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    # A request that queues a task must not hang when Redis is down: try once, briefly.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2, "max_retries": 0}
    CELERY_TASK_PUBLISH_RETRY = False
else:
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "attune.core.tasks.heartbeat", "schedule": 30.0},
    "deliver-outbox": {"task": "attune.core.tasks.deliver_outbox", "schedule": 60.0},
    "prepared-files": {"task": "attune.core.tasks.prepare_waiting_files", "schedule": 60.0},
    "session-reminders": {"task": "attune.core.tasks.session_reminders", "schedule": 300.0},
    "supervision-reminders": {"task": "attune.core.tasks.supervision_reminders", "schedule": 3600.0},
    "survey-reminders": {"task": "attune.core.tasks.survey_reminders_and_release", "schedule": 3600.0},
}

# Logs: one line per event; LOG_FORMAT=json gives JSON lines for a log collector. Request lines carry the
# route pattern (never the path, which can hold a personal link), the status and the time taken.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": JSON_FORMATTER,
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # fontTools reports every font subset it makes at INFO; only its warnings are worth reading. Django's
    # own request logger prints paths, which can hold personal links: Attune logs requests itself.
    "loggers": {
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.request": {"level": "CRITICAL"},
        "django.server": {"level": "WARNING"},
    },
}

# Practice conversations: who speaks the other person's lines. "scripted" (the default) says the
# authored lines; "generative" words them through an OpenAI-compatible endpoint the organisation runs,
# falling back to the authored line on any error or after the timeout (seconds).
ATTUNE_COUNTERPART = os.environ.get("ATTUNE_COUNTERPART", "scripted")
ATTUNE_COUNTERPART_URL = os.environ.get("ATTUNE_COUNTERPART_URL", "")
ATTUNE_COUNTERPART_MODEL = os.environ.get("ATTUNE_COUNTERPART_MODEL", "")
ATTUNE_COUNTERPART_API_KEY = os.environ.get("ATTUNE_COUNTERPART_API_KEY", "")
ATTUNE_COUNTERPART_TIMEOUT = float(os.environ.get("ATTUNE_COUNTERPART_TIMEOUT", "8"))

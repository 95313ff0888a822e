"""Django settings for CCHC, read from the environment (see .env.example).

One module for every deployment: the embedded default is SQLite in WAL mode under
var/, media under var/media/ and Huey on SQLite; DATABASE_URL and REDIS_URL switch
to PostgreSQL and Redis. CCHC_MODE=production refuses to start without a secret key
and allowed hosts.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cchc.env import database_from_url, env_bool, env_date, env_int, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CCHC_VAR_DIR", str(BASE_DIR / "var")))
# SQLite, Huey's queue and uploads live here; creating it keeps a fresh clone runnable.
VAR_DIR.mkdir(parents=True, exist_ok=True)
MODE = env_str("CCHC_MODE", "development")
if MODE not in ("development", "production"):
    raise ImproperlyConfigured(f"CCHC_MODE must be development or production, not {MODE!r}")
PRODUCTION = MODE == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set SECRET_KEY (or SECRET_KEY_FILE) to a long random "
            "string, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    SECRET_KEY = "cchc-development-only-not-secret"  # refused in production above
ALLOWED_HOSTS = [
    h for h in env_str("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost").split(",") if h
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the host names CCHC is served under.")
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "huey.contrib.djhuey",
    "cchc.audit",
    "cchc.org",
    "cchc.plans",
    "cchc.tracking",
    "cchc.web",
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
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cchc" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cchc.web.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL"), sqlite_default=VAR_DIR / "cchc.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first: msgids are English, the Vietnamese catalogue is complete.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "cchc" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise warns on every request when the directory is missing (before collectstatic).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Third-party browser assets come from the npm registry at set-up (make install), not a CDN.
STATICFILES_DIRS = [
    (f"vendor/{name}", BASE_DIR / "node_modules" / package / "dist")
    for name, package in (("htmx", "htmx.org"), ("chartjs", "chart.js"))
    if (BASE_DIR / "node_modules" / package / "dist").is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# Uploads: plan documents are limited in the import form (CCHC_MAX_UPLOAD_MB); Django's
# own limit is set above it so the form, not a bare 400 page, gives the message.
CCHC_MAX_UPLOAD_MB = env_int("CCHC_MAX_UPLOAD_MB", 20)
CCHC_MAX_PASTE_CHARS = env_int("CCHC_MAX_PASTE_CHARS", 2_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CCHC_DRAFT_TTL_HOURS = env_int("CCHC_DRAFT_TTL_HOURS", 24)
# Files at least this large are parsed by the worker with a progress indicator.
CCHC_BACKGROUND_PARSE_BYTES = env_int("CCHC_BACKGROUND_PARSE_BYTES", 512 * 1024)

# "Today" for deadlines, reminders and progress (cchc.clock). Unset: the real date in
# TIME_ZONE. `make run` sets it to the demo's date so the demo plans look mid-year.
CCHC_TODAY = env_date("CCHC_TODAY")
# Evidence files (tài liệu kiểm chứng): largest accepted upload, and how many per update.
CCHC_EVIDENCE_MAX_BYTES = env_int("CCHC_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
CCHC_EVIDENCE_MAX_FILES = env_int("CCHC_EVIDENCE_MAX_FILES", 10)
# Where links in reminder e-mails point (no request to take the host from in the worker).
CCHC_BASE_URL = env_str("CCHC_BASE_URL", "http://127.0.0.1:8000")

REDIS_URL = env_str("REDIS_URL")
HUEY = {
    "name": "cchc",
    "immediate": env_bool("CCHC_HUEY_IMMEDIATE", default=False),
    **(
        {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
        if REDIS_URL
        else {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}
    ),
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cchc@localhost")

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

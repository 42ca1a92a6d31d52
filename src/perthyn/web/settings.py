"""Settings from environment variables with safe defaults.

Defaults are embedded: SQLite under PERTHYN_DATA_DIR (default ./var). DATABASE_URL switches to
PostgreSQL for multi-user deployments. DEBUG is off unless PERTHYN_DEBUG=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PERTHYN_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("PERTHYN_DEBUG", "0") == "1"


def _secret_key() -> str:
    key = os.environ.get("PERTHYN_SECRET_KEY")
    if key:
        return key
    # A per-installation key kept in the data directory: never a key shipped in the source.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("PERTHYN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("PERTHYN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Where the embedded analytical engine keeps its files.
DUCKDB_PATH = DATA_DIR / "perthyn.duckdb"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "perthyn.web.core",
    "perthyn.web.framework",
    "perthyn.web.people",
    "perthyn.web.estimate",
    "perthyn.web.index",
    "perthyn.web.outcomes",
    "perthyn.web.funding",
    "perthyn.web.publish",
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
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "perthyn.web.urls"
WSGI_APPLICATION = "perthyn.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "perthyn.web.core.context.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'perthyn.sqlite3'}",
        conn_max_age=int(os.environ.get("PERTHYN_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run beside one writer; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("PERTHYN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if os.environ.get("PERTHYN_HTTPS", "0") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True

# Languages. The interface is complete in English and Welsh; the outcomes questionnaire also runs
# in Arabic, Dari, Pashto, Polish, Lithuanian and Ukrainian. Django ships no Pashto or Dari locale,
# so both are declared here (right-to-left).
LANG_INFO.update(
    {
        "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
        "fa-af": {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"},
    }
)
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("cy", "Cymraeg"),
]
# Languages offered for questionnaires and consent text (not the whole interface).
QUESTIONNAIRE_LANGUAGES = [
    ("en", "English"),
    ("cy", "Cymraeg"),
    ("ar", "العربية"),
    ("fa-af", "دری"),
    ("ps", "پښتو"),
    ("pl", "Polski"),
    ("lt", "Lietuvių"),
    ("uk", "Українська"),
]
RTL_LANGUAGES = {"ar", "fa-af", "ps"}
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_COOKIE_NAME = "perthyn_language"
LOCALE_PATHS = [BASE_DIR / "core" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step

# Disclosure control defaults (perthyn.disclosure reads these when called from the web).
PERTHYN_DISCLOSURE_THRESHOLD = int(os.environ.get("PERTHYN_DISCLOSURE_THRESHOLD", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PERTHYN_LOG_LEVEL", "WARNING")},
}

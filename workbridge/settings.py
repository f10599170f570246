"""Workbridge settings: one file, every deployment choice read from the environment."""

from datetime import date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from workbridge.config import (
    env_bool,
    env_int,
    env_json_object,
    env_list,
    env_secret,
    env_str,
    refuse_unsafe_production,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WORKBRIDGE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# WORKBRIDGE_ENV=production turns on HTTPS-only cookies, HSTS and the SSL redirect,
# and requires SECRET_KEY; "local" (the default) generates a key once into var/.
WORKBRIDGE_ENV = env_str("WORKBRIDGE_ENV", "local")
if WORKBRIDGE_ENV not in ("local", "production"):
    raise ImproperlyConfigured(
        f"WORKBRIDGE_ENV must be local or production, not {WORKBRIDGE_ENV!r}"
    )
PRODUCTION = WORKBRIDGE_ENV == "production"
SECRET_KEY = env_secret("SECRET_KEY", required=PRODUCTION, local_file=VAR_DIR / "secret_key")
if PRODUCTION:
    refuse_unsafe_production(debug=DEBUG, secret_key=SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "workbridge.accounts.admin_config.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "axes",
    "workbridge.accounts",
    "workbridge.people",
    "workbridge.employers",
    "workbridge.jobs",
    "workbridge.cliff",
    "workbridge.placements",
    "workbridge.matching",
    "workbridge.equity",
    "workbridge.workforce",
    "workbridge.sourcing",
    "workbridge.interviews",
    "workbridge.surveys",
    "workbridge.plans",
    "workbridge.web",
    "workbridge.demo",
]

MIDDLEWARE = [
    "workbridge.web.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "workbridge.web.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "workbridge.urls"
WSGI_APPLICATION = "workbridge.wsgi.application"
ASGI_APPLICATION = "workbridge.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "workbridge" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workbridge.accounts.context_processors.membership",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'workbridge.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Seconds a write waits for another's (an import's load) before the page says
        # "try again" (workbridge.web.middleware) rather than failing.
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# At least 12 characters, not a common password, not like the user's name, username
# or e-mail, and not containing the username or the app's name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "workbridge.accounts.passwords.ContextWordsValidator"},
]
# How long an e-mailed link to choose a password (or to unlock a sign-in) works.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_HOURS", 24) * 60 * 60
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout (see workbridge/accounts/signin.py): LOGIN_FAILURE_LIMIT failures for one
# username from one address lock that pair (not the account) for LOGIN_COOLOFF_HOURS;
# one address is refused after LOGIN_ADDRESS_FAILURE_LIMIT failures across usernames;
# after n failures the next try waits LOGIN_DELAY_SECONDS × 2^(n-1) seconds (0: no wait).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "workbridge.accounts.signin.client_address"
WORKBRIDGE_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
WORKBRIDGE_LOGIN_DELAY_SECONDS = env_int("LOGIN_DELAY_SECONDS", 1)
WORKBRIDGE_BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer may probe each app server's /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if WORKBRIDGE_BEHIND_TLS_PROXY else None
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "workbridge" / "locale"]
# One way of writing a date per language (see workbridge/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["workbridge.formats"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "America/Chicago")
USE_TZ = True

# Stylesheets and scripts live in workbridge/static; the design system (USWDS) and htmx
# come from npm (package.json, package-lock.json; `make setup` runs `npm ci`) and are served
# from their dist folders under node_modules. In production `collectstatic` copies them all
# to STATIC_ROOT with content-hashed, compressed names, and WhiteNoise serves them with
# far-future caching; locally they are served from where they are.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
NODE_MODULES = Path(env_str("NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [BASE_DIR / "workbridge" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "workbridge.web.static_packages.PackageFinder",
]
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
# The file store: uploads waiting for their import and exports waiting for their download
# (workbridge.web.uploads). Every app server and worker must share it: a folder under
# WORKBRIDGE_VAR_DIR by default (a shared volume on several hosts), or any storage backend,
# such as django-storages' S3 backend for an S3-compatible bucket (README: Deploying).
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json_object("FILE_STORAGE_OPTIONS", {"location": str(VAR_DIR)}),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The cache keeps rendered charts and report PDFs, keyed by a hash of what they show.
# REDIS_URL (for example redis://127.0.0.1:6379/0) shares it between app servers; without
# it each process keeps its own in memory.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "workbridge",
        "TIMEOUT": 24 * 3600,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 500},
        "TIMEOUT": 24 * 3600,
    }
}

# An import whose worker has sent no heartbeat for this long is taken to have stopped
# (sooner when its worker ran on this machine and its process is gone).
IMPORT_LEASE_SECONDS = env_int("IMPORT_LEASE_SECONDS", 15 * 60)
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Mail goes through Django's mailers. EMAIL_BACKEND names one: console (the local default),
# file (messages written under EMAIL_FILE_PATH), smtp (EMAIL_HOST and friends; the
# production default), or a dotted path to any backend class.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "workbridge@localhost")
_MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_mail_backend = env_str("EMAIL_BACKEND", "smtp" if PRODUCTION else "console")
_mail_options: dict[str, object] = {}
if _mail_backend == "file":
    _mail_options = {"file_path": env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
elif _mail_backend == "smtp":
    _mail_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_secret("EMAIL_HOST_PASSWORD", required=False),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKENDS.get(_mail_backend, _mail_backend),
        "OPTIONS": _mail_options,
    }
}

# Text messages (milestone reminders) go through the backend SMS_BACKEND names by dotted
# path; the default logs each message locally and sends nothing (see workbridge/web/sms.py).
SMS_BACKEND = env_str("SMS_BACKEND", "workbridge.web.sms.LogBackend")

# Logs go to standard output; in production (or with LOG_FORMAT=json) one JSON object a
# line, each with the request id that `RequestIdMiddleware` gives every request. With
# ACCESS_LOG on (the production default) that middleware logs every request once too.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
ACCESS_LOG = env_bool("ACCESS_LOG", PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "workbridge.web.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "workbridge.web.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"workbridge.access": {"level": "INFO" if ACCESS_LOG else "WARNING"}},
}

# Workbridge's own rules.
WORKBRIDGE_PAGE_SIZE = env_int("PAGE_SIZE", 25)
# Reports that leave the organisation hide groups smaller than this (and one more, so
# totals cannot reveal them).
WORKBRIDGE_SMALL_CELL = env_int("SMALL_CELL_THRESHOLD", 10)
WORKBRIDGE_ASSESSMENT_DUE_DAYS = 90
WORKBRIDGE_CONTACT_DUE_DAYS = 30
# Limits on uploaded spreadsheets, checked before and while they are read (README).
WORKBRIDGE_IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
WORKBRIDGE_IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 200)
WORKBRIDGE_APPLICANT_IMPORT_MAX_ROWS = env_int("APPLICANT_IMPORT_MAX_ROWS", 2_000_000)
WORKBRIDGE_APPLICANT_IMPORT_MAX_UNPACKED_MB = env_int("APPLICANT_IMPORT_MAX_UNPACKED_MB", 4_000)
WORKBRIDGE_IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 500)
WORKBRIDGE_IMPORT_MAX_RATIO = env_int("IMPORT_MAX_RATIO", 100)

# Workforce rosters: the key of the keyed hashes that stand for employees (their ids or
# names, never stored); empty derives one from SECRET_KEY. Changing it breaks the link
# between earlier and later snapshots. The O*NET and SOC tables the title crosswalk reads
# (empty: ../shared/data/onet_soc beside the checkout, when present).
WORKBRIDGE_EMPLOYEE_KEY = env_str("EMPLOYEE_KEY", "")
WORKBRIDGE_ONET_DIR = env_str("ONET_DIR", "")

# Candidates: the key of the keyed hash that links one person's exam attempts across
# requisitions (their tracking-system id is never stored); empty derives one from
# SECRET_KEY. The address candidates' e-mails link to (the opt-out page); empty leaves
# the link out and the message says to reply instead.
WORKBRIDGE_CANDIDATE_KEY = env_str("CANDIDATE_KEY", "")
WORKBRIDGE_PUBLIC_URL = env_str("PUBLIC_URL", "").rstrip("/")

# The Work Opportunity Tax Credit covers people who start work on or before this day
# (IRC § 51(c)(4)); when Congress extends it, set the new date (YYYY-MM-DD).
WORKBRIDGE_WOTC_AUTHORIZED_THROUGH = env_str("WOTC_AUTHORIZED_THROUGH", "2025-12-31")
try:
    date.fromisoformat(WORKBRIDGE_WOTC_AUTHORIZED_THROUGH)
except ValueError:
    raise ImproperlyConfigured("WOTC_AUTHORIZED_THROUGH must be a date, YYYY-MM-DD.") from None

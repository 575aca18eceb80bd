"""Settings, read from the environment (12-factor); safe defaults for development.

Production: set DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and EMAIL_URL
(see docs/betrieb.md). `python manage.py check --deploy` then reports nothing.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

# A development key only works with DEBUG on; production must set SECRET_KEY.
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-key-not-for-production-use-0123456789")
else:
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
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
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "integration_site",
    "concepts",
    "indicators",
    "participation",
]

MIDDLEWARE = [
    "integration_site.ops.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "integration_site.sessions.SessionLifetimeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "integration_site.rendering.pdf.PdfCacheHeaderMiddleware",
    "integration_site.downloads.PrivateDownloadMiddleware",
    "integration_site.background.pdfs.PrepareAfterEditsMiddleware",
    # Last, so that it turns the lockout flag set during authentication into the answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "integration_site.urls"
WSGI_APPLICATION = "integration_site.wsgi.application"

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
                "integration_site.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Keep each thread's PostgreSQL connection between requests: a new one costs a server
    # process, the login and cold catalogue caches (the first plans of a fresh connection take
    # several times as long) on every request. Checked before reuse, so a restarted server
    # costs one reconnect, not an error.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# How long a web process's thread may hold the interpreter lock while another waits
# (integration_site/wsgi.py).
THREAD_SWITCH_INTERVAL_MS = env.float("THREAD_SWITCH_INTERVAL_MS", default=1.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people edit at once: wait up to 20 s for the write lock instead of failing. A
    # transaction takes the write lock when it begins (IMMEDIATE): one that read first and only
    # then asked for it would get "database is locked" at once, without waiting, whenever
    # another was writing, since SQLite refuses to wait where two could wait for each other.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out (username, address) pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "de"
# German is the default and the language the strings are written in; English is for
# members of working groups who read it better (the content stays as written).
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
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
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="integration@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails are absolute; the request is not at hand in management commands. Without
# SITE_URL they point at the port `make run` serves on (PORT, as in the Makefile).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- More than one server (issue 8) ---
# Several app servers behind one proxy must not keep anything another one would miss
# (docs/mehrere-server.md): PostgreSQL holds data and sessions, Redis (REDIS_URL) the cache,
# the login-throttling state and the rendered PDFs, the file storage (FILE_STORAGE=s3 for
# S3-compatible object storage) the uploads. Without REDIS_URL everything stays on this machine.
REDIS_URL = env.str("REDIS_URL", default="")
# Rendered PDFs are cached by content hash (integration_site/rendering/pdf.py): unchanged content
# is never rendered again, changed content gets a new key, so a long timeout only bounds the
# garbage.
# Fingerprints (one query each) are remembered in the shared cache until the next write
# (integration_site/rendering/generation.py); only with Redis, which every process shares.
REMEMBER_FINGERPRINTS = env.bool("REMEMBER_FINGERPRINTS", default=bool(REDIS_URL) and not DEBUG)
PDF_CACHE_DIR = env.path("PDF_CACHE_DIR", default=VAR_DIR / "pdf-cache")
PDF_CACHE_SECONDS = 60 * 60 * 24 * 30
if REDIS_URL:
    _redis_options = {
        # A stalled Redis must fail a request quickly instead of tying up a worker.
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "health_check_interval": 30,
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "integration",
            "OPTIONS": _redis_options,
        },
        "pdf": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "integration-pdf",
            "TIMEOUT": PDF_CACHE_SECONDS,
            "OPTIONS": _redis_options,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "integration-site",
        },
        "pdf": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(PDF_CACHE_DIR),
            "TIMEOUT": PDF_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# --- Background tasks (issue 17) ---
# django-tasks with its database backend: `manage.py worker` runs the queue (`make run` starts
# one beside the server; docs/betrieb.md has the systemd unit). TASKS_BACKEND=immediate runs each
# task inside the request that enqueued it (the tests; never in production: a PDF would hold a
# web worker again).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be 'database' or 'immediate', not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# Bounds of the worker (manage.py worker, issue 17): a task that runs longer fails (German
# message, "Erneut versuchen"); a worker that holds more memory after a task starts afresh.
TASK_TIME_LIMIT_SECONDS = env.int("TASK_TIME_LIMIT_SECONDS", default=600)
WORKER_RECYCLE_RSS_MB = env.int("WORKER_RECYCLE_RSS_MB", default=400)
# After each change in a town, re-render the stored PDFs whose content changed (and the standing
# ones, e.g. the concept of each open edition), so the next download is already there.
PDF_PREPARE_AFTER_EDITS = env.bool("PDF_PREPARE_AFTER_EDITS", default=True)
# While people keep editing, a stored PDF is rendered again at the earliest this long after its
# last render ended: renders of content that is outdated before they finish would keep the
# worker busy for nobody (and from the other towns' PDFs); downloads meanwhile get the previous
# version, marked. 0: at once.
PDF_RENDER_SPACING_SECONDS = env.int("PDF_RENDER_SPACING_SECONDS", default=60)

# Sessions stay in the database: PostgreSQL is the one shared store anyway, a Redis restart
# logs nobody out, and `clearsessions` tidies them (docs/mehrere-server.md).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

FILE_STORAGE = env.str("FILE_STORAGE", default="local")
if FILE_STORAGE == "s3":
    # Uploads (meeting Anlagen, Vorlagen-Anlagen, Controllingberichte) are private objects: the
    # app reads them through the storage API and streams them from its permission-checked views,
    # and any URL the storage makes is signed and short-lived.
    _s3 = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            # Empty for buckets that refuse ACLs ("bucket owner enforced"; private anyway).
            "default_acl": env.str("AWS_DEFAULT_ACL", default="private") or None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            # Downloads larger than this spool to a temporary file instead of memory.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
    STORAGES["default"] = _s3
    STORAGES["private"] = _s3
elif FILE_STORAGE == "local":
    # Vorlagen-Anlagen beside MEDIA_ROOT, never under a public URL (participation/models).
    STORAGES["private"] = {"BACKEND": "participation.models.council.PrivateStorage"}
else:
    raise ImproperlyConfigured(f"FILE_STORAGE must be 'local' or 's3', not {FILE_STORAGE!r}.")

# --- Login, sessions and headers (issue 8) ---
# docs/sicherheit.md explains each of these to a town's IT.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=30)
# How many reverse proxies of our own sit in front of gunicorn; each appends to
# X-Forwarded-For. 0: the client is REMOTE_ADDR (integration_site/login_throttle.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
# Per pair: a typo-prone colleague does not lock the whole Rathaus behind its one NAT
# address, and nobody elsewhere can lock a colleague out by guessing at their name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the failure that locked; retrying while locked does not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "integration_site.login_throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "integration_site.login_throttle.lockout_response"
# Several app servers must share the lockout state: with Redis it lives in the cache.
if REDIS_URL:
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AXES_CACHE = "default"
else:
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
PASSWORD_RESET_HOURS = env.int("PASSWORD_RESET_HOURS", default=24)
PASSWORD_RESET_TIMEOUT = PASSWORD_RESET_HOURS * 60 * 60

# Nonce-based and without 'unsafe-inline': the second line of defence behind the sanitiser
# (integration_site/rendering/markdown.py). base.html puts the nonce on its <script> tags.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # Bootstrap's form controls draw with data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- backups (issue 8) ---
# `manage.py backup` writes its archives here; keep them on another disk or copy them off.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# A refused form gets a German page in the site's layout, like the other errors (urls.py).
CSRF_FAILURE_VIEW = "integration_site.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- logging and health (issue 8) ---
# JSON lines on stdout in production (journald or a collector picks them up), text otherwise.
# The formatters drop paths, request objects and e-mail/IP addresses (integration_site/ops/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING" if DEBUG else "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {
            "()": "integration_site.ops.logs.TextFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
        },
        "json": {
            "()": "integration_site.ops.logs.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (mail to admins, runserver's console) stay out: ours masks.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Every scanner that sends a foreign Host header would leave a traceback; the request
        # line with status 400 says enough.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
        "fontTools": {"level": "ERROR"},
        "weasyprint": {"level": "ERROR"},
    },
}
# A local monitoring probe may ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Reading results back from the town's Ratsinformationssystem over OParl (participation/ris):
# bounded requests, and no private address ranges unless a network is listed here (SSRF).
RIS_TIMEOUT = env.float("RIS_TIMEOUT", default=10.0)
RIS_MAX_RESPONSE_BYTES = env.int("RIS_MAX_RESPONSE_BYTES", default=5_000_000)
RIS_MAX_PAGES = env.int("RIS_MAX_PAGES", default=50)
RIS_ALLOWED_NETWORKS = env.list("RIS_ALLOWED_NETWORKS", default=[])

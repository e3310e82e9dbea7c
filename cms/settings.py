"""Settings, read from the environment with embedded defaults that need no service.

Every variable is listed with its default in README.md. `DJANGO_PRODUCTION=1` switches on the
hardened settings that `manage.py check --deploy` expects.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from cms.csp import with_origins

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def embedded_secret_key(var_dir: Path) -> str:
    """The embedded default's key: made once per machine in VAR_DIR (mode 600), never in the repository."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / "secret_key"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key


# Safe by default: DEBUG is off unless asked for (`make dev` asks), so no debug page ever reaches a visitor.
PRODUCTION = env_bool("DJANGO_PRODUCTION", False)
DEBUG = env_bool("DJANGO_DEBUG", False) and not PRODUCTION
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_PRODUCTION=1")
    SECRET_KEY = embedded_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
PORT = os.environ.get("PORT", "8000")
SITE_URL = os.environ.get("SITE_URL") or f"http://localhost:{PORT}"
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "contest",
    "privacy",
    "submissions",
    "judging",
    "helpline",
    "challenges",
    "operations",
    "results",
    "reports",
    "frames",
    "recaps",
    "certificates",
    "quiz",
    "voting",
    "pledges",
    "quiz.live",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "health_check",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "operations.middleware.RequestIdMiddleware",
    "operations.metrics.MetricsMiddleware",
    "operations.maintenance.MaintenanceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "cms.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another server.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
_pool_size = int(os.environ.get("DATABASE_POOL_SIZE", "0"))
if _pool_size and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One pool of connections per web process, shared by its threads (psycopg_pool): a process of 8 threads
    # holds DATABASE_POOL_SIZE connections instead of one per thread, so 4 processes stay far below
    # PostgreSQL's max_connections (100) and leave room for the workers. A request waits up to 10 s for a free
    # connection. Pooled connections replace persistent ones (Django refuses CONN_MAX_AGE with a pool).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": _pool_size,
        "timeout": 10,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker share the file: wait for locks instead of failing.
    # Write-ahead log: readers never wait for the writer, and a commit appends to the log instead of
    # rewriting a rollback journal with several fsyncs (NORMAL syncs at checkpoints; a power cut may lose the
    # last commits, never the file). A live quiz's 500 answers in 10 s need it: with the rollback journal each
    # answer waited ~45 ms for the disk, one after the other (bench/quiz_live.py).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "contest.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "/"

# Sign-in guessing is paced per account, per browser and per address: the policy is in contest/throttling.py.
# Behind a proxy, name the header that carries the client's address (e.g. HTTP_X_REAL_IP); the proxy must set it.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
# Two-step sign-in (TOTP) for organisers, safeguarding officers, head judges and superusers.
OTP_TOTP_ISSUER = "Không một mình"
# How long a sign-in lasts, by role (hours); pupils' accounts are children's, on shared phones and computers.
SESSION_HOURS_BY_ROLE = {
    "entrant": 8,
    "coordinator": 12,
    "judge": 12,
    "head_judge": 8,
    "organiser": 8,
    "parent": 8,
}
SESSION_COOKIE_AGE = 8 * 3600
PASSWORD_RESET_TIMEOUT = 3 * 3600
ACCOUNT_ACTIVATION_DAYS = 3

# Language and time: Vietnamese first, English second; dates as dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# locale/ holds the English of our own (Vietnamese) strings; cms/locale_admin/ the Vietnamese of the Wagtail admin
# strings that Wagtail's own catalogue leaves untranslated (LOCALE_PATHS wins over the apps' catalogues).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "cms" / "locale_admin"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# django-filter's empty choices ("---------") read as words in both languages.
FILTERS_EMPTY_CHOICE_LABEL = _("Tất cả")
FILTERS_NULL_CHOICE_LABEL = _("Không có")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "cms" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"
PUBLIC_MEDIA_ROOT = MEDIA_ROOT / "public"
UPLOAD_TEMP_DIR = Path(os.environ.get("UPLOAD_TEMP_DIR", VAR_DIR / "uploads"))
# Resumable uploads: chunk size the browser uses, the largest chunk accepted, uploads at once per entrant.
UPLOAD_CHUNK_BYTES = int(os.environ.get("UPLOAD_CHUNK_BYTES", str(8 * 1024 * 1024)))
UPLOAD_MAX_CHUNK_BYTES = int(os.environ.get("UPLOAD_MAX_CHUNK_BYTES", str(8 * 1024 * 1024)))
UPLOAD_MAX_ACTIVE_PER_ENTRANT = int(os.environ.get("UPLOAD_MAX_ACTIVE_PER_ENTRANT", "3"))
UPLOAD_SESSION_TTL_HOURS = int(os.environ.get("UPLOAD_SESSION_TTL_HOURS", "24"))

# Days between a request to delete personal data and the periodic job carrying it out (it can be cancelled).
PRIVACY_DELETION_GRACE_DAYS = int(os.environ.get("PRIVACY_DELETION_GRACE_DAYS", "7"))
S3_UPLOAD_URL_SECONDS = int(os.environ.get("S3_UPLOAD_URL_SECONDS", "3600"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Storage: "default" holds public files (published renditions, CMS images); "private" holds originals,
# never served by a public URL. S3_PRIVATE_BUCKET switches both to an S3-compatible service.
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
S3_PRIVATE_BUCKET = os.environ.get("S3_PRIVATE_BUCKET", "")
S3_PUBLIC_BUCKET = os.environ.get("S3_PUBLIC_BUCKET", "")
S3_SIGNED_URL_SECONDS = int(os.environ.get("S3_SIGNED_URL_SECONDS", "300"))
USE_S3 = bool(S3_PRIVATE_BUCKET)
if USE_S3:
    _s3_common = {
        "endpoint_url": S3_ENDPOINT_URL or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
        "region_name": os.environ.get("S3_REGION", "us-east-1"),
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3_common,
                "bucket_name": S3_PUBLIC_BUCKET or S3_PRIVATE_BUCKET,
                "querystring_auth": False,
                "custom_domain": os.environ.get("S3_PUBLIC_DOMAIN") or None,
                "default_acl": None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3_common,
                "bucket_name": S3_PRIVATE_BUCKET,
                "querystring_auth": True,
                "querystring_expire": S3_SIGNED_URL_SECONDS,
                "default_acl": "private",
            },
        },
    }
else:
    STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PUBLIC_MEDIA_ROOT, "base_url": MEDIA_URL},
        },
        "private": {
            "BACKEND": "cms.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }
STORAGES["staticfiles"] = {
    "BACKEND": (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
}

# Background work: Django's tasks framework; the database backend by default, Celery to scale out.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/1")
CELERY_RESULT_EXTENDED = True
# A media job is acknowledged only when it ends, and given back to the broker if its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
MEDIA_QUEUE = "media"
_task_backends = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", MEDIA_QUEUE]},
    "celery": {
        "BACKEND": "django_tasks_celery.CeleryBackend",
        "QUEUES": ["default", MEDIA_QUEUE],
        "OPTIONS": {"CELERY_APP": "cms.celery.app"},
    },
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []},
    "dummy": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []},
}
TASKS = {"default": _task_backends[TASKS_BACKEND]}

# Mail: printed on the console unless an SMTP server is configured (Django 6.1 MAILERS).
_mail_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_mail_options = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Không một mình <khongmotminh@localhost>")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Sessions read from Redis and are written through to the database, which stays their home: a Redis
    # outage costs speed, not sign-ins.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CACHES = {
    "default": (
        {"BACKEND": "cms.cache.ResilientRedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Live pages (the quiz's live mode) get their events through Channels' channel layers (cms/live.py). With
# Redis every web process joins the same groups (publish/subscribe: one message per event and process, however
# many phones listen); the embedded default keeps them in memory, which reaches only streams in the same
# process, so `make run` serves with one web process.
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": os.environ.get("CHANNELS_PREFIX", "kmm")},
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}

WAGTAIL_SITE_NAME = "Không một mình"
# The admin must not call outside sites: no release check, no "what's new" banner.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATSNEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "txt"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# No outside avatar service: an organiser's e-mail hash never leaves the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One way to sign in and to reset a password: ours, with its two-step check and pacing.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# The CDN in front of public pages and files is told to forget a page or file when it changes or is taken
# down (cms.frontend_cache): FRONTEND_CACHE="" (no CDN, the embedded default), "http" (PURGE requests to
# FRONTEND_CACHE_LOCATION) or "cloudfront" (FRONTEND_CACHE_DISTRIBUTION_ID, credentials from the environment).
FRONTEND_CACHE = os.environ.get("FRONTEND_CACHE", "")
WAGTAILFRONTENDCACHE = {
    "": {},
    "http": {
        "cdn": {
            "BACKEND": "cms.frontend_cache.HTTPPurgeBackend",
            "LOCATION": os.environ.get("FRONTEND_CACHE_LOCATION", ""),
        }
    },
    "cloudfront": {
        "cdn": {
            "BACKEND": "cms.frontend_cache.CloudFrontPurgeBackend",
            "DISTRIBUTION_ID": os.environ.get("FRONTEND_CACHE_DISTRIBUTION_ID", ""),
        }
    },
}[FRONTEND_CACHE]
# Public pages exist in both languages; a purge covers both prefixes.
WAGTAILFRONTENDCACHE_LANGUAGES = ["vi", "en"]

FFMPEG_BINARY = os.environ.get("FFMPEG_BINARY", "")
MEDIA_JOB_TIMEOUT_SECONDS = int(os.environ.get("MEDIA_JOB_TIMEOUT_SECONDS", "1800"))
# A running media job whose heartbeat is older than this is presumed dead and re-queued.
MEDIA_JOB_STALE_SECONDS = int(os.environ.get("MEDIA_JOB_STALE_SECONDS", "60"))

# Help channel: the neutral page "Thoát nhanh" leaves for, and how long closed reports are kept.
# Its encryption keys are read from HELPLINE_KEYS by helpline/crypto.py (README.md, "Help channel keys").
HELPLINE_EXIT_URL = os.environ.get("HELPLINE_EXIT_URL", "https://www.google.com/")
HELPLINE_RETENTION_DAYS = int(os.environ.get("HELPLINE_RETENTION_DAYS", "365"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's page preview shows the page in a same-origin frame, so DENY would break the editors' preview;
# SAMEORIGIN still stops every other site from framing ours.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy. Public pages run only our own static scripts and styles, plus inline ones that
# carry the request's nonce (`csp_nonce`); no 'unsafe-inline' for scripts, no inline event handlers.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "media-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
if USE_S3:
    # Browsers upload straight to the private bucket and show signed links and renditions from S3.
    _s3_origins = [S3_ENDPOINT_URL.rstrip("/") if S3_ENDPOINT_URL else "https://*.amazonaws.com"]
    if os.environ.get("S3_PUBLIC_DOMAIN"):
        _s3_origins.append("https://" + os.environ["S3_PUBLIC_DOMAIN"])
    SECURE_CSP = with_origins(SECURE_CSP, _s3_origins)
# The Wagtail admin (/admin/ only) is the exception: Wagtail 8 still renders inline <script> blocks (inline
# and multiple-chooser panels, date and time widgets) and inline style attributes, so it gets
# 'unsafe-inline' for scripts and styles, and no nonce (a nonce would make browsers ignore
# 'unsafe-inline'). Everything else stays as strict as the public policy: same-origin sources only, no
# plugins, no framing by other sites, forms posting only to us. Only signed-in organisers reach it.
CSP_ADMIN_PATH_PREFIX = "/admin/"
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}
if PRODUCTION:
    SECURE_CSP["upgrade-insecure-requests"] = True
    SECURE_CSP_ADMIN["upgrade-insecure-requests"] = True
# Features no page of ours uses are switched off for every page and every frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Only the one-machine rehearsal of production over plain HTTP (scripts/prod-local.sh) turns these off.
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Maintenance mode (`manage.py maintenance on|off`): how often each web process looks at the switch.
MAINTENANCE_POLL_SECONDS = float(os.environ.get("MAINTENANCE_POLL_SECONDS", "5"))

# Prometheus scrapes /metrics from loopback, or from anywhere with this bearer token.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Logs: one JSON object per line in production (LOG_FORMAT=json), with the request's id on every record.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.middleware.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default config gives "django" its own console handler (when DEBUG) on top of the root's,
        # so every "django.*" record, such as the worker's "Task id=… state=…", was printed twice.
        # Redefining the logger drops those handlers; its records reach the root handler once.
        "django": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "wagtail": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Errors go to Sentry when SENTRY_DSN is set; no personal data is sent (no user, no address, no cookies).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production" if PRODUCTION else "local"),
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

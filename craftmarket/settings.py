"""Craftmarket settings, read from the environment.

With no variables set the project runs on embedded defaults: a SQLite file, a local media folder, Celery in
eager mode, console email and DEBUG on. ``DJANGO_ENV=production`` turns on the hardened profile, in which every
secret must come from the environment and start-up fails naming the variable that is missing.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"


def _required(name: str) -> str:
    """A production secret: no default, and a start-up error that names the variable."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (required when DJANGO_ENV=production).")
    return value


# --- Core -------------------------------------------------------------------------------------------------
if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    DEBUG = env.bool("DEBUG", default=False)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or _required("ALLOWED_HOSTS").split(",")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdefghijklmnop")
    DEBUG = env.bool("DEBUG", default=True)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "craftmarket.security.apps.OTPAdminConfig",  # django.contrib.admin with the two-factor site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "import_export",
    "craftmarket.common",
    "craftmarket.security",
    "artisans",
    "catalog",
    "catalog.wholesale",
    "artisans.business",
    "orders",
    "orders.paymethods",
    "orders.reviews",
    "orders.conversations",
    "orders.performance",
    "orders.money.apps.MoneyConfig",
    "orders.complaints",
    "orders.documents",
    "craftmarket.currency",
    "orders.quotes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "craftmarket.common.middleware.RequestLogMiddleware",
    # Sees every final status, including axes lockouts, to log refused requests.
    "craftmarket.security.middleware.RefusedAccessLogMiddleware",
    # Turns a lost database connection out of a view into a 503 (JSON or a standalone page).
    "craftmarket.security.middleware.DatabaseUnavailableMiddleware",
    # Turns an object-store outage out of a view into a 503 with a clear message (MEDIA_STORAGE=s3).
    "craftmarket.common.middleware.StorageUnavailableMiddleware",
    # Refuses NUL bytes in headers, path and query string (HTTP forbids them; PostgreSQL cannot store them).
    "craftmarket.security.middleware.NulByteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks public catalogue GETs for the replica router and pins writers to the primary (docs/scaling.md).
    "craftmarket.common.replica_middleware.ReplicaReadMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "craftmarket.security.middleware.StaffIdleTimeoutMiddleware",
    "craftmarket.moderation.middleware.AdminLanguageMiddleware",
    "craftmarket.currency.middleware.DisplayCurrencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' documented position).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "craftmarket.urls"
WSGI_APPLICATION = "craftmarket.wsgi.application"
ASGI_APPLICATION = "craftmarket.asgi.application"
AUTH_USER_MODEL = "artisans.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "craftmarket.common.context_processors.site",
                "craftmarket.common.context_processors.notifications",
                "orders.context_processors.cart",
                "orders.conversations.context_processors.unread_messages",
                "craftmarket.currency.context_processors.currency",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Read replicas (docs/scaling.md): empty by default, and then every query goes to the primary as before ----
# Zero or more postgres:// URLs of streaming standbys; they become the aliases replica1, replica2, ...
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = env.db_url_config(_url)
    if "postgresql" in _replica["ENGINE"]:
        _replica.setdefault("OPTIONS", {})["connect_timeout"] = env.int("REPLICA_CONNECT_TIMEOUT", default=2)
    # In tests a replica mirrors the test database by name (set_as_test_mirror keeps its host and port): the
    # standby holds it because CREATE DATABASE on the primary streams to it.
    _replica.update(ATOMIC_REQUESTS=False, CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True)
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["craftmarket.common.db_router.ReplicaRouter"]
# A replica further behind than this is skipped for the primary (with a log line); its health is checked at most
# once per REPLICA_HEALTH_SECONDS in each process. After any write a browser and a user read the primary for
# REPLICA_PIN_SECONDS (read-your-writes).
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_HEALTH_SECONDS = env.float("REPLICA_HEALTH_SECONDS", default=3.0)
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=15)
# Public catalogue pages and their API (GET/HEAD only) may read these apps' models from a replica.
REPLICA_READ_VIEWS = [
    "home",
    "catalog:category",
    "catalog:search",
    "craftmarket.product_page.product_detail",
    "artisans:list",
    "artisans:detail",
    "api-categories",
    "api-products",
    "api-product",
    "api-artisan-list",
    "api-artisan-detail",
]
REPLICA_READ_APPS = ["catalog", "artisans", "reviews"]

# --- Redis: Celery broker, result backend and the cache ----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cm",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "craftmarket"}}

# Rendered product cards, product page bodies and list filters kept in the cache (catalog.fragments); off renders
# every one anew (the benchmark compares both).
CATALOG_FRAGMENT_CACHE = env.bool("CATALOG_FRAGMENT_CACHE", default=True)

CELERY_BROKER_URL = REDIS_URL or None
CELERY_RESULT_BACKEND = REDIS_URL or None
# Eager exactly when no broker is configured: `make run` works with no services at all.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_CREATE_MISSING_QUEUES = True
# Three queues so that a burst of photo uploads never delays a payment mail: run workers per queue as load grows.
CELERY_TASK_QUEUES = {
    "default": {"exchange": "default", "routing_key": "default"},
    "images": {"exchange": "images", "routing_key": "images"},
    "notifications": {"exchange": "notifications", "routing_key": "notifications"},
}
CELERY_TASK_ROUTES: dict[str, dict[str, str]] = {
    "catalog.tasks.render_product_image": {"queue": "images"},
    "artisans.tasks.render_artisan_photo": {"queue": "images"},
    "craftmarket.common.tasks.render_image_row": {"queue": "images"},
    "craftmarket.common.tasks.retry_failed_renditions": {"queue": "images"},
    "craftmarket.common.tasks.send_notification_email": {"queue": "notifications"},
    "craftmarket.common.tasks.send_moderation_digest": {"queue": "notifications"},
    "craftmarket.common.tasks.resend_queued_notifications": {"queue": "notifications"},
    "conversations.send_message_mail": {"queue": "notifications"},
    "conversations.send_due_message_mails": {"queue": "notifications"},
}
# Every task is idempotent (it loads rows by id and computes what is missing), so a message is acknowledged only
# after the task finished and goes back to the queue when a worker dies mid-task.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Processes per worker; docker-compose.yml runs one worker per queue, each with its own value (docs/scaling.md).
# Unset: Celery's default, one per core.
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=0) or None
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Longer than the longest countdown a retry uses, so a delayed retry is not redelivered early.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "expire-unpaid-purchases": {"task": "orders.expire_unpaid_purchases", "schedule": timedelta(minutes=5)},
    "complete-delivered-orders": {"task": "orders.complete_delivered_orders", "schedule": timedelta(hours=1)},
    "check-gateway-charges": {"task": "orders.check_gateway_charges", "schedule": timedelta(minutes=10)},
    "moderation-digest": {
        "task": "craftmarket.common.tasks.send_moderation_digest",
        "schedule": timedelta(minutes=15),
    },
    "resend-queued-notifications": {
        "task": "craftmarket.common.tasks.resend_queued_notifications",
        "schedule": timedelta(minutes=1),
    },
    "retry-failed-renditions": {
        "task": "craftmarket.common.tasks.retry_failed_renditions",
        "schedule": timedelta(hours=1),
    },
    "remove-orphaned-uploads": {
        "task": "craftmarket.common.tasks.remove_orphaned_uploads",
        "schedule": timedelta(days=1),
    },
    "refresh-search-terms": {"task": "catalog.tasks.refresh_search_terms", "schedule": timedelta(days=1)},
    "send-due-message-mails": {"task": "conversations.send_due_message_mails", "schedule": timedelta(minutes=1)},
    # Daily 07:00 Asia/Jakarta: certificates expiring in 30 and in 7 days (each reminder once).
    "certification-expiry-reminders": {
        "task": "artisans.tasks.send_certification_expiry_reminders",
        "schedule": crontab(minute=0, hour=7),
    },
    # Mondays 06:00 Asia/Jakarta: one payout per artisan above PAYOUT_MINIMUM.
    "weekly-payouts": {"task": "money.create_weekly_payouts", "schedule": crontab(minute=0, hour=6, day_of_week=1)},
    # 01:30 Asia/Jakarta: yesterday's artisan performance snapshots and the "Outstanding artisan" badge.
    "artisan-performance": {"task": "performance.compute_snapshots", "schedule": crontab(minute=30, hour=1)},
    "move-complaint-deadlines": {"task": "complaints.move_complaint_deadlines", "schedule": timedelta(minutes=15)},
    "expire-rfqs-and-quotes": {"task": "quotes.expire_due", "schedule": timedelta(hours=1)},
    "follow-quote-milestones": {"task": "quotes.follow_milestone_orders", "schedule": timedelta(minutes=5)},
}
# Transient failures (mail server down, storage error) retry with exponential backoff and jitter:
# base * 2**attempt seconds, capped, at most TASK_MAX_RETRIES times; then the failure is recorded.
TASK_RETRY_BACKOFF_SECONDS = env.int("TASK_RETRY_BACKOFF_SECONDS", default=30)
TASK_RETRY_BACKOFF_MAX_SECONDS = 30 * 60
TASK_MAX_RETRIES = 5
# Conversations: a mail about new messages waits this long (someone reading along gets none), and a recipient
# gets at most one mail per thread per window.
CONVERSATION_MAIL_DELAY = timedelta(minutes=env.int("CONVERSATION_MAIL_DELAY_MINUTES", default=2))
CONVERSATION_MAIL_WINDOW = timedelta(minutes=15)
# Requests for quotation: an open RFQ goes to at most this many matching verified artisans; a quote is valid
# this many days unless the artisan says otherwise; the deposit of an accepted quote by default.
RFQ_OPEN_MAX_ARTISANS = env.int("RFQ_OPEN_MAX_ARTISANS", default=5)
QUOTE_VALIDITY_DAYS = 14
# How long the buyer has to pay a milestone of an accepted quote (sample, deposit, balance) before it expires.
QUOTE_MILESTONE_PAYMENT_WINDOW = timedelta(days=env.int("QUOTE_MILESTONE_PAYMENT_DAYS", default=7))
# Rows with the ProductImage field shape whose renditions the workers make (a missing app is skipped).
IMAGE_RENDITION_MODELS = [
    "catalog.ProductImage",
    "artisans.ArtisanPhoto",
    "reviews.ReviewPhoto",
    "conversations.Attachment",
    "quotes.GoodsPhoto",
    "quotes.RFQPhoto",
]
# Folders of each storage that the daily sweep may clean: files there that no row references, older than a day.
ORPHAN_SWEEP_PREFIXES = {"default": ["renditions/"], "private": ["originals/"]}
ORPHAN_MIN_AGE = timedelta(days=1)

# --- Email (Django 6.1 MAILERS) ----------------------------------------------------------------------------
EMAIL_URL = _required("EMAIL_URL") if PRODUCTION else env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _email = env.email_url_config(EMAIL_URL)
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                "host": _email.get("EMAIL_HOST", "localhost"),
                "port": _email.get("EMAIL_PORT", 25),
                "username": _email.get("EMAIL_HOST_USER", ""),
                "password": _email.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": bool(_email.get("EMAIL_USE_TLS", False)),
                "use_ssl": bool(_email.get("EMAIL_USE_SSL", False)),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Craftmarket <noreply@craftmarket.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Files: static through whitenoise; media local or S3-compatible -----------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private files (certification documents, payment proofs, image originals) never get a public URL: they are
# served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")

if MEDIA_STORAGE == "s3":
    # docs/scaling.md "Object storage": one bucket, public/ readable by everyone (a bucket policy, no ACLs),
    # private/ by nobody but the application.
    _s3_common = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME", default="") or _required("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        "file_overwrite": False,
        "default_acl": None,
    }
    STORAGES = {
        "default": {
            "BACKEND": "craftmarket.common.s3.ObjectStorage",
            "OPTIONS": {
                **_s3_common,
                "location": "public",
                "querystring_auth": False,
                "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
                "url_protocol": env.str("AWS_S3_URL_PROTOCOL", default="https:"),
                # Renditions are immutable (a new original gets new names), so browsers and CDNs keep them a year.
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
        "private": {
            "BACKEND": "craftmarket.common.s3.ObjectStorage",
            "OPTIONS": {
                **_s3_common,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
                "object_parameters": {"CacheControl": "private, no-store"},
            },
        },
    }
elif MEDIA_STORAGE == "local":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "craftmarket.security.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        },
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if PRODUCTION
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Internationalisation: Indonesian first, English complete ------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Authentication ---------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

# Login throttling (SECURITY.md "Login throttling"): django-axes locks an account, and earlier an account on one
# address; an address alone is only slowed down, because Indonesian carriers put thousands of phones behind one
# address (CGNAT). The admin login is stricter. Every path (browser, API token, admin) authenticates through axes.
AXES_HANDLER = "craftmarket.security.login_throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_FAILURE_LIMIT = "craftmarket.security.login_throttle.account_failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=10)
LOGIN_PAIR_FAILURE_LIMIT = env.int("LOGIN_PAIR_FAILURE_LIMIT", default=5)
LOGIN_IP_FREE_FAILURES = env.int("LOGIN_IP_FREE_FAILURES", default=30)
LOGIN_IP_FIRST_DELAY_SECONDS = env.int("LOGIN_IP_FIRST_DELAY_SECONDS", default=1)
LOGIN_IP_MAX_DELAY_SECONDS = env.int("LOGIN_IP_MAX_DELAY_SECONDS", default=60)
LOGIN_IP_WINDOW_MINUTES = env.int("LOGIN_IP_WINDOW_MINUTES", default=60)
ADMIN_LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("ADMIN_LOGIN_ACCOUNT_FAILURE_LIMIT", default=5)
ADMIN_LOGIN_PAIR_FAILURE_LIMIT = env.int("ADMIN_LOGIN_PAIR_FAILURE_LIMIT", default=3)
ADMIN_LOGIN_IP_FAILURE_LIMIT = env.int("ADMIN_LOGIN_IP_FAILURE_LIMIT", default=10)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# A lockout ends when its cool-off does, however often an attacker keeps trying meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "craftmarket.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "craftmarket.security.ip.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
# How many reverse proxies (load balancer, ingress) append to X-Forwarded-For; 0 trusts REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Two-factor admin: staff need a confirmed TOTP device (manage.py otp_enrol <email>). Always on in production;
# off by default for `make run` (set OTP_ADMIN_REQUIRED=true to try it); tests switch it on where they prove it.
OTP_ADMIN_REQUIRED = env.bool("OTP_ADMIN_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = "Craftmarket"

# --- REST framework -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "craftmarket.common.api.Pagination",
    # DRF's own parsers, with a JSON parser that turns deep nesting and invalid Unicode into a 400.
    "DEFAULT_PARSER_CLASSES": [
        "craftmarket.security.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 24,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's, plus the error statuses every operation can answer (craftmarket/security/schema.py).
    "DEFAULT_SCHEMA_CLASS": "craftmarket.security.schema.AutoSchema",
    "EXCEPTION_HANDLER": "craftmarket.common.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/minute"),
        "user": env.str("THROTTLE_USER", default="600/minute"),
        "auth": env.str("THROTTLE_AUTH", default="10/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Throttle by the address our own proxies saw, never by a client-written X-Forwarded-For.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Craftmarket API",
    "DESCRIPTION": "Marketplace for Indonesian craft IKM: catalogue, cart, checkout and artisan workspace.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RemedyEnum": "orders.complaints.models.Remedy",
        "DocumentKindEnum": "orders.documents.models.Document.Kind",
    },
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
    ],
}

# --- Security headers ---------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if MEDIA_STORAGE == "s3":  # public renditions come from the bucket (or its CDN), another origin than the pages
    _public = STORAGES["default"]["OPTIONS"]
    _media = urlsplit(
        f"{_public['url_protocol']}//{_public['custom_domain']}"
        if _public["custom_domain"]
        else _public["endpoint_url"] or "https://*.amazonaws.com"
    )
    SECURE_CSP["img-src"].append(f"{_media.scheme}://{_media.netloc}")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 14 * 24 * 3600
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Marketplace rules ----------------------------------------------------------------------------------------
PURCHASE_PAYMENT_WINDOW = timedelta(hours=env.int("PURCHASE_PAYMENT_WINDOW_HOURS", default=24))
ORDER_AUTO_COMPLETE_DAYS = env.int("ORDER_AUTO_COMPLETE_DAYS", default=7)
REPORTS_HIDE_THRESHOLD = env.int("REPORTS_HIDE_THRESHOLD", default=3)
# Reviews: a buyer may review the products of an order this many days after it completed (and edit once within it).
REVIEW_WINDOW_DAYS = env.int("REVIEW_WINDOW_DAYS", default=60)
# Artisan performance (orders.performance, README "Artisan performance"): the window of the nightly figures, the
# handling days promised for ready stock, and the "Outstanding artisan" thresholds (shares in permille).
PERFORMANCE_WINDOW_DAYS = env.int("PERFORMANCE_WINDOW_DAYS", default=90)
PERFORMANCE_SHIP_DAYS = env.int("PERFORMANCE_SHIP_DAYS", default=3)
PERFORMANCE_BADGE_ON_TIME_PERMILLE = env.int("PERFORMANCE_BADGE_ON_TIME_PERMILLE", default=950)
PERFORMANCE_BADGE_REPLY_24H_PERMILLE = env.int("PERFORMANCE_BADGE_REPLY_24H_PERMILLE", default=900)
PERFORMANCE_BADGE_MIN_RATING = env.str("PERFORMANCE_BADGE_MIN_RATING", default="4.8")
PERFORMANCE_BADGE_MIN_ORDERS = env.int("PERFORMANCE_BADGE_MIN_ORDERS", default=5)
# Wholesale (README "Wholesale"): working days in a month (daily capacity = monthly capacity / this), and the
# share of a month's capacity above which an order is flagged to the artisan.
WHOLESALE_WORKING_DAYS_PER_MONTH = env.int("WHOLESALE_WORKING_DAYS_PER_MONTH", default=25)
WHOLESALE_CAPACITY_FLAG_PERCENT = env.int("WHOLESALE_CAPACITY_FLAG_PERCENT", default=50)
# Complaints (README "Complaints"): opened up to this long after delivery; the artisan answers within the response
# window; a moderator's decision can be appealed within the appeal window, then it is applied.
COMPLAINT_OPEN_WINDOW = timedelta(hours=env.int("COMPLAINT_OPEN_WINDOW_HOURS", default=48))
COMPLAINT_RESPONSE_WINDOW = timedelta(days=env.int("COMPLAINT_RESPONSE_DAYS", default=3))
COMPLAINT_APPEAL_WINDOW = timedelta(days=env.int("COMPLAINT_APPEAL_DAYS", default=3))
# A sample order delivered (or completed) this many days ago or less may be credited on a wholesale order.
WHOLESALE_SAMPLE_CREDIT_DAYS = env.int("WHOLESALE_SAMPLE_CREDIT_DAYS", default=90)
MIDTRANS_SERVER_KEY = env.str("MIDTRANS_SERVER_KEY", default="SB-Mid-server-local-development-key")
# --- Payment methods (README "Payments"): which ones buyers may choose, and which gateway client charges them.
PAYMENT_METHODS = env.list(
    "PAYMENT_METHODS",
    default=["bank_transfer", "bca_va", "bni_va", "bri_va", "mandiri_bill", "permata_va", "qris", "gopay", "shopeepay"],
)
# "sandbox" answers locally (no key set: make run); "http" calls Midtrans. Production never defaults to sandbox.
MIDTRANS_CLIENT = env.str(
    "MIDTRANS_CLIENT", default="http" if PRODUCTION or env.str("MIDTRANS_SERVER_KEY", default="") else "sandbox"
)
MIDTRANS_PRODUCTION = env.bool("MIDTRANS_PRODUCTION", default=PRODUCTION)
MIDTRANS_API_URL = env.str(
    "MIDTRANS_API_URL",
    default="https://api.midtrans.com" if MIDTRANS_PRODUCTION else "https://api.sandbox.midtrans.com",
)
# Where Midtrans sends notifications for our charges (X-Override-Notification); empty: the dashboard's setting.
MIDTRANS_NOTIFY_URL = env.str("MIDTRANS_NOTIFY_URL", default="")
MIDTRANS_STATUS_CHECK_AFTER = timedelta(minutes=env.int("MIDTRANS_STATUS_CHECK_AFTER_MINUTES", default=10))
BANK_TRANSFER_ACCOUNTS = [
    {"bank": "BCA", "number": "8720 123 456", "holder": "PT Craftmarket Nusantara"},
    {"bank": "Mandiri", "number": "137 00 1234567 8", "holder": "PT Craftmarket Nusantara"},
]
UPLOAD_QUOTA_BYTES = env.int("UPLOAD_QUOTA_BYTES", default=500 * 1024 * 1024)
# Commission on items (never shipping) when no CommissionRate row applies, in basis points (500 = 5 %).
COMMISSION_DEFAULT_RATE_BPS = env.int("COMMISSION_DEFAULT_RATE_BPS", default=500)
# The weekly payout run pays available balances of at least this many rupiah.
PAYOUT_MINIMUM = env.int("PAYOUT_MINIMUM", default=50_000)

# --- Display currencies (README "Display currencies"): money settles in IDR; these are shown beside it --------
DISPLAY_CURRENCIES = env.list(
    "DISPLAY_CURRENCIES", default=["IDR", "USD", "EUR", "GBP", "SGD", "AUD", "JPY", "MYR", "CNY", "AED"]
)
DISPLAY_CURRENCY_BY_LANGUAGE = {"en": "USD", "id": "IDR"}
# A rate older than this many days is stale: its currency is shown with a notice and no converted figures.
EXCHANGE_RATE_MAX_AGE_DAYS = env.int("EXCHANGE_RATE_MAX_AGE_DAYS", default=7)
CURRENCY_COOKIE_NAME = "cm_currency"

# --- Logging: one line per request, never a secret ------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# --- Export documents (orders.documents) ---------------------------------------------------------------------
# Craftmarket ships to the buyer's door with a courier: DAP <buyer's city> (Incoterms 2020); the proforma
# invoice stays valid this many days; buyers abroad pay Craftmarket's collecting account below.
DOCUMENT_INCOTERM = env.str("DOCUMENT_INCOTERM", default="DAP")
DOCUMENT_PROFORMA_VALID_DAYS = env.int("DOCUMENT_PROFORMA_VALID_DAYS", default=30)
# IDR for one EUR, to check the REX threshold (EUR 6,000) of an order whose buyer did not see EUR prices.
DOCUMENT_EUR_REFERENCE_RATE = env.int("DOCUMENT_EUR_REFERENCE_RATE", default=17_500)
DOCUMENT_BANK_DETAILS = {
    "beneficiary": env.str("DOCUMENT_BANK_BENEFICIARY", default="PT Craftmarket Nusantara"),
    "bank": env.str("DOCUMENT_BANK_NAME", default="PT Bank Central Asia Tbk (BCA)"),
    "address": env.str("DOCUMENT_BANK_ADDRESS", default="Menara BCA, Jl. M.H. Thamrin No. 1, Jakarta 10310"),
    "account": env.str("DOCUMENT_BANK_ACCOUNT", default="8720 123 456"),
    "swift": env.str("DOCUMENT_BANK_SWIFT", default="CENAIDJA"),
}

"""Settings for every benchmark child process and for gunicorn: the real settings, run as in production.

The database comes from ``DATABASE_URL`` (the parent points it at the fresh benchmark database). Differences from
the real settings, each for a reason:

- DEBUG off and persistent connections (``CONN_MAX_AGE``), as production runs;
- API throttles raised out of the way (the load generator is one client sending thousands of requests);
- the cache is Redis when ``REDIS_URL`` is set, under a key prefix of its own per run (stale entries of an earlier
  run, or of the developer's own database, can never be served); otherwise the in-process cache;
- Celery sends tasks to an in-memory broker: sending costs what it costs in production minus the network, and no
  task is left behind in anybody's Redis queue;
- mail goes to memory, media to a temporary folder, logging only warnings.
"""

import os
import tempfile
from pathlib import Path

from craftmarket.settings import *  # noqa: F403
from craftmarket.settings import DATABASES, REDIS_URL, REST_FRAMEWORK

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 60

_run = os.environ.get("BENCH_RUN_ID", "local")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"cm-bench-{_run}",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}}

CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute", "auth": "1000000/minute"},
}
AXES_ENABLED = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # bench buyers log in by force_login
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

_media = Path(os.environ.get("BENCH_MEDIA_ROOT") or tempfile.mkdtemp(prefix="craftmarket-bench-media-"))
MEDIA_ROOT = _media / "public"
PRIVATE_MEDIA_ROOT = _media / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(MEDIA_ROOT)}},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.request": {"level": "CRITICAL"}},
}

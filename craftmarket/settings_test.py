"""Test settings: the real settings with fast password hashing, in-memory mail and a private media folder.

Tests use DATABASE_URL and REDIS_URL when they are set (CI sets both); the suite runs Celery eagerly except in
tests marked ``redis``, which start a real worker against the real broker.
"""

import tempfile
from pathlib import Path

from craftmarket.settings import *  # noqa: F403
from craftmarket.settings import REDIS_URL, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_TASK_ALWAYS_EAGER = True
AXES_ENABLED = False
OTP_ADMIN_REQUIRED = False  # tests/security switch it on where they prove two-factor

_media = Path(tempfile.mkdtemp(prefix="craftmarket-test-media-"))
MEDIA_ROOT = _media / "public"
PRIVATE_MEDIA_ROOT = _media / "private"
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(MEDIA_ROOT)}},
    "private": {
        "BACKEND": "craftmarket.security.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Each test starts with an empty cache; tests that need Redis as the cache use the ``redis`` marker.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
TEST_REDIS_URL = REDIS_URL
REST_FRAMEWORK = {**REST_FRAMEWORK}  # noqa: F405
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405

# The replica aliases (if DATABASE_REPLICA_URLS is set) exist as mirrors of the test database, but the router uses
# none of them unless a test opts in (tests/integration/test_replicas.py): every other test reads the primary.
DATABASE_REPLICAS: list[str] = []

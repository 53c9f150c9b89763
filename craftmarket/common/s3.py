"""Media on S3-compatible object storage (MEDIA_STORAGE=s3): django-storages with the errors made ours.

botocore raises its own exception types when the store is down or refuses a request; the rest of the project
(the rendition pipeline, upload services, the orphan sweep) treats storage trouble as ``OSError``. This backend
turns "not found" into ``FileNotFoundError`` and every other failure into :class:`StorageUnavailable` (an
``OSError``), so a failed upload rolls back with its files removed, a rendition task retries, and
``StorageUnavailableMiddleware`` answers the client with a clear 503 instead of a 500.

Two instances are configured (craftmarket/settings.py): ``default`` under ``public/`` (renditions: unsigned URLs,
immutable content, a year of caching) and ``private`` under ``private/`` (originals, documents, proofs: served
through permission-checked views, or at most through signed URLs valid for AWS_QUERYSTRING_EXPIRE seconds).
"""

from __future__ import annotations

import functools
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from craftmarket.common.storage import StorageUnavailable

_NOT_FOUND = {"404", "NoSuchKey", "NotFound"}


def _translated(method):
    @functools.wraps(method)
    def wrapper(self, name, *args, **kwargs):
        try:
            return method(self, name, *args, **kwargs)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in _NOT_FOUND or status == 404:
                raise FileNotFoundError(name) from exc
            raise StorageUnavailable(f"object store refused {method.__name__} of {name}: {code}") from exc
        except BotoCoreError as exc:
            raise StorageUnavailable(f"object store unavailable during {method.__name__} of {name}: {exc}") from exc

    return wrapper


class ObjectStorage(S3Storage):
    def __init__(self, **settings: Any) -> None:
        # Fail fast when the store is down: two attempts with short timeouts, not botocore's long default retries.
        settings.setdefault(
            "client_config",
            Config(
                s3={"addressing_style": settings.get("addressing_style")},
                signature_version=settings.get("signature_version") or "s3v4",
                connect_timeout=settings.pop("connect_timeout", 3),
                read_timeout=settings.pop("read_timeout", 20),
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        )
        super().__init__(**settings)

    @_translated
    def _open(self, name, mode="rb"):
        handle = super()._open(name, mode)
        if "r" in mode:
            handle.obj.load()  # a HEAD now: a missing object or a store outage surfaces here, not mid-response
        return handle

    @_translated
    def _save(self, name, content):
        return super()._save(name, content)

    @_translated
    def delete(self, name):
        return super().delete(name)

    @_translated
    def exists(self, name):
        return super().exists(name)

    @_translated
    def size(self, name):
        return super().size(name)

    @_translated
    def listdir(self, name):
        return super().listdir(name)

    @_translated
    def get_modified_time(self, name):
        return super().get_modified_time(name)


def public_read_policy(bucket_name: str, public_prefix: str = "public") -> dict[str, Any]:
    """The bucket policy that makes ``public/`` (renditions) readable by anyone and nothing else: apply it once
    when the bucket is created (docs/scaling.md). ``private/`` stays readable only with credentials or a signed
    URL; no object ACLs are used, so buckets with ACLs disabled (the AWS default) work the same."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicRenditions",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket_name}/{public_prefix}/*",
            }
        ],
    }

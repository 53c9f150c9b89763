"""A real S3 API for tests: moto in server mode (moto[server], requirements-dev.txt) on a free local port.

``s3_server`` starts one server for the session; ``s3_media`` points both media storages at a fresh bucket on it
(``public/`` and ``private/``, exactly as MEDIA_STORAGE=s3 configures them) and yields a boto3 client for looking
into the bucket. The application talks to it over HTTP through django-storages and boto3: nothing is mocked.
"""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db.models import FileField

from craftmarket.common.s3 import public_read_policy

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "craftmarket-test", "aws_secret_access_key": "craftmarket-test-secret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def storage_options(endpoint: str, bucket: str) -> dict[str, dict]:
    """The STORAGES entries of craftmarket/settings.py for MEDIA_STORAGE=s3, pointed at ``endpoint``."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": REGION,
        "addressing_style": "path",
        "access_key": CREDENTIALS["aws_access_key_id"],
        "secret_key": CREDENTIALS["aws_secret_access_key"],
        "file_overwrite": False,
        "default_acl": None,
        "connect_timeout": 1,
        "read_timeout": 5,
    }
    return {
        "default": {
            "BACKEND": "craftmarket.common.s3.ObjectStorage",
            "OPTIONS": {
                **common,
                "location": "public",
                "querystring_auth": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
        "private": {
            "BACKEND": "craftmarket.common.s3.ObjectStorage",
            "OPTIONS": {
                **common,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "object_parameters": {"CacheControl": "private, no-store"},
            },
        },
    }


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object

    def keys(self, prefix: str = "") -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))


def _rebind_file_fields() -> list[tuple[FileField, object]]:
    """File fields with a callable storage (``private_storage``) resolved it when their model was imported: point
    them at the storage the settings now name. Fields on ``default_storage`` follow the settings by themselves."""
    previous = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and getattr(field, "_storage_callable", None) is not None:
                previous.append((field, field.storage))
                field.storage = field._storage_callable()
    return previous


@pytest.fixture
def s3_media(settings, s3_server) -> Iterator[Bucket]:
    """Both media storages on a fresh bucket of the real S3 API server."""
    bucket = f"craftmarket-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name=REGION, **CREDENTIALS)
    client.create_bucket(Bucket=bucket)
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read_policy(bucket)))
    settings.STORAGES = {**django_settings.STORAGES, **storage_options(s3_server, bucket)}
    previous = _rebind_file_fields()
    yield Bucket(bucket, s3_server, client)
    for field, storage in previous:
        field.storage = storage


def store_down(settings, bucket: Bucket) -> None:
    """Point the storages at a port where nothing listens: the object store is down."""
    settings.STORAGES = {**django_settings.STORAGES, **storage_options(f"http://127.0.0.1:{free_port()}", bucket.name)}
    _rebind_file_fields()  # s3_media restores the fields' original storages

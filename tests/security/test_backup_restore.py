"""scripts/backup.sh and scripts/restore.sh: a dump restored into a fresh database holds the same rows, and the
media folders come back byte for byte."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from artisans.models import User
from catalog.models import Variant
from craftmarket.common.storage import private_storage
from tests.factories import VariantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_database():
    name = f"cm_restore_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _rows(url: str, sql: str) -> list[tuple]:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    conn.close()
    return rows


def test_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(tmp_path, fresh_database):
    variants = [VariantFactory(stock=n) for n in (0, 4, 9)]
    public_name = default_storage.save("products/tas.jpg", ContentFile(b"\xff\xd8\xff public bytes"))
    private_name = private_storage().save("certifications/nib.pdf", ContentFile(b"%PDF-1.4 private bytes"))
    source_env = {
        "DATABASE_URL": _url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }

    backup = _run("backup.sh", str(tmp_path / "backup"), env=source_env)
    assert backup.returncode == 0, backup.stderr
    assert sorted(p.name for p in (tmp_path / "backup").iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
        "private_media.tar.gz",
    ]

    restored_media = tmp_path / "restored"
    target_env = {
        "DATABASE_URL": _url(fresh_database),
        "MEDIA_ROOT": str(restored_media / "public"),
        "PRIVATE_MEDIA_ROOT": str(restored_media / "private"),
    }
    restore = _run("restore.sh", str(tmp_path / "backup"), env=target_env)
    assert restore.returncode == 0, restore.stderr

    target = _url(fresh_database)
    assert _rows(target, "SELECT email FROM artisans_user ORDER BY id") == [
        (email,) for email in User.objects.order_by("id").values_list("email", flat=True)
    ]
    assert _rows(target, "SELECT sku, stock, price FROM catalog_variant ORDER BY id") == [
        (v.sku, v.stock, v.price) for v in sorted(variants, key=lambda v: v.pk)
    ]
    assert Variant.objects.count() == 3
    assert (restored_media / "public" / public_name).read_bytes() == b"\xff\xd8\xff public bytes"
    assert (restored_media / "private" / private_name).read_bytes() == b"%PDF-1.4 private bytes"


def test_restore_refuses_a_non_empty_database_and_a_damaged_backup(tmp_path):
    VariantFactory()
    env = {
        "DATABASE_URL": _url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
    }
    assert _run("backup.sh", str(tmp_path / "backup"), env=env).returncode == 0

    refused = _run("restore.sh", str(tmp_path / "backup"), env=env)
    assert refused.returncode == 3
    assert "restore into an empty database or pass --force" in refused.stderr

    with (tmp_path / "backup" / "database.dump").open("ab") as dump:
        dump.write(b"tampered")
    damaged = _run("restore.sh", str(tmp_path / "backup"), "--force", env=env)
    assert damaged.returncode != 0
    assert Variant.objects.count() == 1


def test_backup_refuses_a_non_postgres_database(tmp_path):
    result = _run("backup.sh", str(tmp_path / "b"), env={"DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode == 2
    assert "must be a postgres:// URL" in result.stderr

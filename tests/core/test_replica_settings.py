"""Read replicas are off unless configured: no alias, no pin cookie, every read on the primary (SQLite too)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import router

from catalog.models import Product
from craftmarket.common import replicas
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _settings_with(env: dict[str, str]) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'aliases': list(s.DATABASES), 'replicas': s.DATABASE_REPLICAS, "
        "'replica1': {k: s.DATABASES.get('replica1', {}).get(k) for k in ('PORT', 'TEST', 'OPTIONS')}}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URLS")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "craftmarket.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_replica_urls_means_one_database():
    assert _settings_with({}) == {
        "aliases": ["default"],
        "replicas": [],
        "replica1": dict.fromkeys(("PORT", "TEST", "OPTIONS")),
    }


def test_each_replica_url_becomes_an_alias_that_mirrors_the_test_database():
    found = _settings_with(
        {
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/cm",
            "DATABASE_REPLICA_URLS": "postgres://u@127.0.0.1:5433/cm,postgres://u@127.0.0.1:5434/cm",
        }
    )
    assert found["aliases"] == ["default", "replica1", "replica2"]
    assert found["replicas"] == ["replica1", "replica2"]
    assert found["replica1"]["PORT"] == 5433
    assert found["replica1"]["TEST"]["MIRROR"] == "default"
    assert found["replica1"]["OPTIONS"]["connect_timeout"] == 2


def test_without_replicas_a_write_sets_no_pin_and_reads_stay_on_the_primary(client, rf):
    client.force_login(UserFactory())
    response = client.post("/cart/add/", {"variant": 0, "quantity": 1})
    assert replicas.PIN_COOKIE not in response.cookies
    token = replicas.mark_catalogue_read(rf.get("/"))
    try:
        assert router.db_for_read(Product) == "default"
    finally:
        replicas.unmark(token)

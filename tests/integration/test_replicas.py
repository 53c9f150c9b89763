"""The replica router against a real streaming standby (scripts/replica.sh start; DATABASE_REPLICA_URLS).

The alias ``replica1`` mirrors the test database by name but keeps the standby's host and port, so it reads the
test database that pytest created on the primary and that streamed to the standby. Tests are transactional:
data must be committed on the primary to reach the standby. No part of the router is mocked.
"""

from __future__ import annotations

import importlib
import logging
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from catalog.models import Variant
from craftmarket.common import replicas
from orders.models import Purchase, ShippingRate
from orders.services.checkout import purchase_checkout
from tests.factories import UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout_input, rate

_ALIASES = ["default", "replica1"] if "replica1" in settings.DATABASES else ["default"]
pytestmark = [pytest.mark.replica, pytest.mark.django_db(transaction=True, databases=_ALIASES)]

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "replica.sh"


def _sql(alias: str, sql: str):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def _caught_up() -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    (lsn,) = _sql("default", "SELECT pg_current_wal_lsn()::text")
    for _ in range(200):
        if _sql("replica1", f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")[0]:
            return
        time.sleep(0.05)
    pytest.fail(f"the standby did not replay {lsn} within 10 s")


def _replica_script(action: str) -> None:
    subprocess.run([str(SCRIPT), action], check=True, capture_output=True, timeout=120)


@pytest.fixture
def replica(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    settings.REPLICA_PIN_SECONDS = 30
    replicas.forget_health()
    yield connections["replica1"]
    if _sql("replica1", "SELECT pg_is_wal_replay_paused()")[0]:
        _sql("replica1", "SELECT pg_wal_replay_resume()")
    replicas.forget_health()


@pytest.fixture(autouse=True)
def _shipping_rates():
    """Transactional tests flush the tables, the seeded shipping rates included: put them back."""
    if not ShippingRate.objects.exists():
        importlib.import_module("orders.migrations.0002_seed_shipping_rates").seed(apps, None)
        importlib.import_module("orders.migrations.0010_seed_shipping_zones").seed(apps, None)


@pytest.fixture
def product():
    variant = VariantFactory(price=250_000, stock=7, product__price=250_000)
    _caught_up()
    return variant.product


def _queries(alias: str, client, url: str):
    with CaptureQueriesContext(connections[alias]) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def test_the_replica_alias_is_a_streaming_standby_of_the_test_database(replica):
    in_recovery, port, name = _sql("replica1", "SELECT pg_is_in_recovery(), inet_server_port(), current_database()")
    assert in_recovery is True
    assert port != _sql("default", "SELECT inet_server_port()")[0]
    assert name == _sql("default", "SELECT current_database()")[0]


def test_public_product_page_and_api_read_the_catalogue_from_the_replica(replica, product, client):
    response, on_replica = _queries("replica1", client, f"/p/{product.slug}/")
    assert response.status_code == 200
    assert any('"catalog_product"' in sql for sql in on_replica)
    response, on_replica = _queries("replica1", client, f"/api/v1/products/{product.slug}/")
    assert response.status_code == 200
    assert response.json()["slug"] == product.slug
    assert any('"catalog_product"' in sql for sql in on_replica)


def test_replica_serves_what_it_has_replayed_and_a_writer_reads_its_own_write(replica, product, client):
    artisan_client = client.__class__()
    artisan_client.force_login(product.artisan.user)
    variant = product.variants.get()
    _sql("replica1", "SELECT pg_wal_replay_pause()")

    response = artisan_client.post(
        f"/studio/products/{product.slug}/quick/", {"variant": variant.pk, "price": 312_345, "stock": 7}
    )
    assert response.status_code == 302
    assert Variant.objects.get(pk=variant.pk).price == 312_345  # committed on the primary

    # An anonymous visitor reads the standby, which has not replayed the change yet: the old price.
    anonymous = client.get(f"/api/v1/products/{product.slug}/").json()
    assert {v["price"] for v in anonymous["variants"]} == {250_000}
    # The artisan wrote a moment ago: pinned to the primary, so the new price.
    assert response.cookies[replicas.PIN_COOKIE]["max-age"] == 30
    own = artisan_client.get(f"/api/v1/products/{product.slug}/").json()
    assert {v["price"] for v in own["variants"]} == {312_345}

    _sql("replica1", "SELECT pg_wal_replay_resume()")
    _caught_up()
    anonymous = client.get(f"/api/v1/products/{product.slug}/").json()
    assert {v["price"] for v in anonymous["variants"]} == {312_345}


def test_a_lagging_replica_is_skipped_for_the_primary_with_a_log_line(replica, product, client, settings, caplog):
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    _sql("replica1", "SELECT pg_wal_replay_pause()")
    Variant.objects.filter(product=product).update(price=299_000)
    for _ in range(200):  # the standby has received the change but does not replay it...
        if _sql("replica1", "SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()")[0]:
            break
        time.sleep(0.05)
    time.sleep(1.2)  # ...for longer than the bound

    with caplog.at_level(logging.WARNING, logger="craftmarket.replicas"):
        response, on_replica = _queries("replica1", client, f"/api/v1/products/{product.slug}/")
    assert response.status_code == 200
    assert {v["price"] for v in response.json()["variants"]} == {299_000}
    assert not any("catalog_" in sql for sql in on_replica)
    assert any("replica replica1 lags" in record.getMessage() for record in caplog.records)


def test_a_stopped_replica_falls_back_to_the_primary_never_an_error(replica, product, client, caplog, settings):
    settings.REPLICA_HEALTH_SECONDS = 3600  # the check stays "healthy" until forgotten, however slow the machine
    response, on_replica = _queries("replica1", client, f"/p/{product.slug}/")
    assert response.status_code == 200 and on_replica  # healthy, used, and its health is now cached
    _replica_script("down")
    try:
        with caplog.at_level(logging.WARNING, logger="craftmarket.replicas"):
            # The cached check still says healthy: the read fails on the replica and the page is served again
            # from the primary.
            page = client.get(f"/p/{product.slug}/")
            assert page.status_code == 200
            assert product.name.encode() in page.content
            # Later requests skip it at once.
            replicas.forget_health()
            for url in (f"/p/{product.slug}/", f"/api/v1/products/{product.slug}/", "/search/?q=rotan"):
                assert client.get(url).status_code == 200, url
        messages = [record.getMessage() for record in caplog.records]
        assert any("failed during" in m for m in messages)
        assert any("replica replica1 is unreachable" in m for m in messages)
    finally:
        _replica_script("up")
        connections["replica1"].close()
    replicas.forget_health()
    _caught_up()
    response, on_replica = _queries("replica1", client, f"/p/{product.slug}/")
    assert response.status_code == 200 and on_replica


def test_checkout_never_touches_the_replica(replica, client):
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    variant = VariantFactory(stock=5)
    _caught_up()
    client.force_login(buyer)
    form = {
        "token": "replica-t0ken",
        "address": str(address.public_id),
        f"shipping-{variant.product.artisan.slug}": rate("same_province").pk,
        "payment_method": "bank_transfer",
    }
    with CaptureQueriesContext(connections["replica1"]) as captured:
        assert client.get(f"/p/{variant.product.slug}/").status_code == 200  # a read may use it...
        product_page_reads = len(captured.captured_queries)
        assert client.post("/cart/add/", {"variant": variant.pk, "quantity": 2}).status_code in (200, 302)
        assert client.get("/cart/").status_code == 200
        assert client.get("/checkout/").status_code == 200
        assert client.post("/checkout/", form).status_code == 302
    assert product_page_reads > 0
    assert len(captured.captured_queries) == product_page_reads  # ...the cart and checkout never did
    assert Variant.objects.get(pk=variant.pk).stock == 3
    assert Purchase.objects.filter(buyer=buyer).count() == 1


def test_the_checkout_service_reads_the_primary_even_inside_a_catalogue_read(replica, rf):
    buyer = UserFactory()
    variant = VariantFactory(stock=5)
    cart = cart_with(buyer, (variant, 1))
    data = checkout_input(cart, AddressFactory(user=buyer))
    _caught_up()
    token = replicas.mark_catalogue_read(rf.get("/"))
    try:
        assert Variant.objects.get(pk=variant.pk).stock == 5  # outside a transaction: the replica
        assert replicas.current().used == {"replica1"}
        with CaptureQueriesContext(connections["replica1"]) as captured:
            purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=uuid.uuid4().hex)
    finally:
        replicas.unmark(token)
    assert captured.captured_queries == []
    assert Variant.objects.get(pk=variant.pk).stock == 4

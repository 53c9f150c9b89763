"""Fixtures for the security tests: axes switched on (settings_test switches it off), API clients, a buyer with a
token and staff with a TOTP device."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def axes_on(settings):
    """django-axes on, with an empty attempt log before and after the test."""
    from axes.utils import reset

    settings.AXES_ENABLED = True
    reset()
    yield
    reset()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def buyer(db):
    return UserFactory(email="pembeli@example.id", name="Rina Pembeli")


@pytest.fixture
def buyer_token(buyer) -> str:
    return Token.objects.create(user=buyer).key


@pytest.fixture
def staff(db):
    return UserFactory(email="moderator@dekranas.id", name="Dewi Moderator", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def _shipping_rates(request):
    """Transactional tests flush the seeded shipping rates: put them back (as tests/orders/conftest.py does)."""
    import importlib

    from django.apps import apps

    from orders.models import ShippingRate

    if not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("_django_db_helper")
    if not ShippingRate.objects.exists():
        importlib.import_module("orders.migrations.0002_seed_shipping_rates").seed(apps, None)
        importlib.import_module("orders.migrations.0010_seed_shipping_zones").seed(apps, None)

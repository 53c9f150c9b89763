import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def notified(monkeypatch):
    """Every notify() call of the artisans services, as (event, [user ids], context)."""
    calls: list[tuple[str, list[int], dict]] = []

    def fake_notify(*, event, users, context=None):
        calls.append((event, [u.pk for u in users], dict(context or {})))

    monkeypatch.setattr("artisans.services.notify", fake_notify)
    return calls


@pytest.fixture(autouse=True)
def _english():
    """Assertions compare the English source messages (the default language is Indonesian)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_private_storage():
    """File fields keep the private storage they were built with; start each test with it empty."""
    import shutil
    from pathlib import Path

    from artisans.models import Certification

    location = Path(Certification._meta.get_field("document").storage.location)
    shutil.rmtree(location, ignore_errors=True)
    yield
    shutil.rmtree(location, ignore_errors=True)

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

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Documents are English; the messages asserted here are the English originals (Indonesian in test_pages)."""
    with translation.override("en"):
        yield

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_and_fresh_cache():
    """Service messages are asserted in English (the buyers' language abroad)."""
    cache.clear()
    with translation.override("en"):
        yield

import pytest

from catalog import search


@pytest.fixture
def refresh_vectors():
    """Call after writing products directly: rebuilds the stored search vectors (PostgreSQL)."""
    return lambda: search.refresh_search_vectors()

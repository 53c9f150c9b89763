import pytest


@pytest.fixture(autouse=True)
def _english():
    """Assertions compare the English source messages (the admin defaults to Indonesian)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def en_client(client):
    """A client whose admin pages are in English (the language cookie the admin's language buttons set)."""
    client.cookies["django_language"] = "en"
    return client

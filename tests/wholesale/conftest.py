import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English (the buyers' abroad language); pages follow Accept-Language."""
    with translation.override("en"):
        yield

"""Addresses abroad are checked for what matters per country: a postal code where the country uses one, the phone
as a valid number of that country (stored E.164), and a real country code. A refusal saves nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from orders.models import Address
from orders.services.addresses import address_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROTTERDAM = {
    "recipient": "Anouk de Vries",
    "phone": "010 123 4567",
    "country": "nl",
    "street": "Coolsingel 40",
    "city": "Rotterdam",
    "postal_code": "3011 AD",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_dutch_address_is_saved_with_the_phone_in_e164():
    address = address_create(user=UserFactory(), data=ROTTERDAM)
    assert (address.country, address.phone, address.postal_code) == ("NL", "+31101234567", "3011 AD")


def test_a_country_without_postal_codes_needs_none():
    dubai = {**ROTTERDAM, "country": "AE", "city": "Dubai", "postal_code": "", "phone": "+971 4 234 5678"}
    assert address_create(user=UserFactory(), data=dubai).phone == "+97142345678"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"postal_code": ""}, "postal_code", "This country uses postal codes"),
        ({"phone": "12"}, "phone", "with its country code"),
        ({"phone": "+62 812 3456 7890", "country": "NL"}, "phone", None),  # valid, but Indonesian: still E.164
        ({"country": "XX"}, "country", "two-letter country code"),
    ],
)
def test_bad_addresses_abroad_are_refused_and_nothing_is_saved(change, field, message):
    user = UserFactory()
    if message is None:
        assert address_create(user=user, data={**ROTTERDAM, **change}).phone == "+6281234567890"
        return
    with pytest.raises(ValidationError) as exc:
        address_create(user=user, data={**ROTTERDAM, **change})
    assert message in exc.value.message_dict[field][0]
    assert Address.objects.filter(user=user).count() == 0

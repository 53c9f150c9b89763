"""The product page's validators (ETag, Last-Modified) vary by whether the viewer sees business-only tier prices:
a buyer verified (or withdrawn) after a visit never gets the old page back as a 304."""

from __future__ import annotations

import pytest
from django.utils.http import http_date

from artisans.business import services as business_services
from artisans.business.models import BusinessProfile
from tests.factories import UserFactory
from tests.wholesale.factories import tiered_variant, verified_business

pytestmark = pytest.mark.django_db

BUSINESS_PRICE = "Rp 72.000"


@pytest.fixture
def business_tiered():
    return tiered_variant(business_only={200})


def _visit(client, url, **headers):
    return client.get(url, headers=headers) if headers else client.get(url)


def test_a_buyer_verified_after_a_visit_gets_a_new_etag_and_the_business_prices(client, business_tiered):
    url = business_tiered.product.get_absolute_url()
    buyer = UserFactory()
    client.force_login(buyer)
    business_services.business_profile_save(
        user=buyer,
        data={"company_name": "Basket & Co Pty Ltd", "country": "AU", "business_type": "retailer", "tax_id": "ABN 51"},
    )
    client.get(url)  # sets the CSRF cookie, part of the ETag
    before = client.get(url)
    assert before.status_code == 200 and BUSINESS_PRICE not in before.content.decode()
    etag = before["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304  # nothing changed yet

    verified_business(buyer)

    after = client.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after["ETag"] != etag
    assert BUSINESS_PRICE in after.content.decode()
    assert client.get(url, headers={"If-None-Match": after["ETag"]}).status_code == 304

    # Withdrawn: the page from the verified days is not reused either.
    profile = BusinessProfile.objects.get(user=buyer)
    business_services.business_revoke(profile=profile, by=UserFactory(is_staff=True, is_superuser=True), reason="x")
    revoked = client.get(url, headers={"If-None-Match": after["ETag"]})
    assert revoked.status_code == 200
    assert revoked["ETag"] != after["ETag"]
    assert revoked["ETag"] == etag  # the page is again the one before verification: the status, nothing more
    assert BUSINESS_PRICE not in revoked.content.decode()


def test_a_bare_if_modified_since_never_gives_a_signed_in_buyer_an_old_business_page(client, business_tiered):
    url = business_tiered.product.get_absolute_url()
    client.force_login(UserFactory())
    page = client.get(url)
    assert page.status_code == 200
    assert not page.has_header("Last-Modified")  # the ETag alone (with the business status) validates it
    future = http_date(business_tiered.product.updated_at.timestamp() + 3600)
    assert client.get(url, headers={"If-Modified-Since": future}).status_code == 200


def test_the_validators_hold_nothing_private_and_stay_for_everyone_else(client, business_tiered):
    url = business_tiered.product.get_absolute_url()
    anonymous = client.get(url)
    assert anonymous.has_header("Last-Modified")  # anonymous visitors keep both validators
    future = http_date(business_tiered.product.updated_at.timestamp() + 3600)
    assert client.get(url, headers={"If-Modified-Since": future}).status_code == 304
    buyer = verified_business()
    client.force_login(buyer)
    etag = client.get(url)["ETag"]
    assert etag.strip('"').isalnum() and len(etag.strip('"')) == 32  # a hash: no status or id readable in it
    # A product without business-only tiers: the business status is not read and the page keeps Last-Modified.
    plain = tiered_variant(price=90_000, ladder=[(10, 80_000)])
    assert client.get(plain.product.get_absolute_url()).has_header("Last-Modified")

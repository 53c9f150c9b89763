"""The studio nudges artisans towards buyers abroad: the product list shows which listings lack English texts or
what they need to ship abroad, and the product form previews what buyers abroad see."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.catalog.factories import published
from tests.factories import ArtisanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_product_list_shows_missing_english_and_abroad_needs(client):
    artisan = ArtisanFactory()
    bare = published(owner=artisan, name="Tas Rotan Bundar", care_instructions="Lap kering.")
    ready = published(
        owner=artisan,
        name="Keranjang Pandan",
        name_en="Pandanus basket",
        description_en="Woven by hand.",
        hs_code="460212",
        length_cm=Decimal("30"),
        width_cm=Decimal("20"),
        height_cm=Decimal("15"),
    )
    assert bare.missing_english == ["name", "description", "care instructions"]
    assert bare.missing_for_abroad == ["HS code", "parcel dimensions"]
    assert (ready.missing_english, ready.missing_for_abroad) == ([], [])
    client.force_login(artisan.user)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("catalog:studio-products")).content.decode()
    assert "English missing: name, description, care instructions" in html
    assert "Cannot ship abroad yet, missing: HS code, parcel dimensions" in html
    assert html.count("data-missing-english") == 1


def test_the_product_form_previews_what_buyers_abroad_see(client):
    artisan = ArtisanFactory()
    product = published(owner=artisan, name="Tas Rotan Bundar", description="Tas anyaman rotan buatan tangan.")
    client.force_login(artisan.user)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("catalog:studio-edit", kwargs={"slug": product.slug})).content.decode()
    assert "Buyers abroad see" in html
    assert '<strong lang="id">Tas Rotan Bundar</strong>' in html
    assert "Write the English name, description: until then buyers abroad read your Indonesian text." in html
    assert "Before this product can ship abroad, add: HS code, parcel dimensions." in html

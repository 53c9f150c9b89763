"""Materials and techniques as a controlled vocabulary with Indonesian and English names, still free to extend:
an unknown tag shows as typed (marked Indonesian on English pages) until a moderator adds its translation. Care
instructions have an English field, falling back to the Indonesian one marked lang="id"."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from catalog.models import VocabularyTerm
from catalog.vocabulary import english_names, term_display
from tests.catalog.factories import published
from tests.moderation import factories as mod

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_known_terms_read_as_english_on_english_pages():
    assert term_display("material", "rotan", language="en") == ("rattan", False)
    assert term_display("material", " Eceng  Gondok ", language="en") == ("water hyacinth", False)
    assert term_display("technique", "tenun ikat", language="en") == ("ikat weaving", False)
    assert term_display("technique", "ukir", language="en") == ("carving", False)
    assert term_display("material", "perak", language="en") == ("silver", False)
    assert term_display("material", "rotan", language="id") == ("rotan", False)


def test_an_unknown_tag_shows_as_typed_and_is_marked_indonesian():
    assert term_display("material", "purun", language="en") == ("purun", True)
    assert term_display("material", "purun", language="id") == ("purun", False)


def test_the_vocabulary_is_cached(django_assert_num_queries):
    english_names()
    with django_assert_num_queries(0):
        assert english_names()["material:rotan"] == "rattan"


def product_page(client, product, language):
    client.cookies["django_language"] = language
    return client.get(reverse("catalog:product", kwargs={"slug": product.slug})).content.decode()


def test_the_product_page_in_english_shows_vocabulary_and_marks_indonesian_fallbacks(client):
    product = published(
        name="Tas Rotan Bundar", materials="rotan,purun", technique="anyam", care_instructions="Lap dengan kain kering."
    )
    html = product_page(client, product, "en")
    assert ">rattan</a>" in html and '<span lang="id">purun</span>' in html and "weaving" in html
    assert '<dd lang="id">Lap dengan kain kering.</dd>' in html
    indonesian = product_page(client, product, "id")
    assert ">rotan</a>" in indonesian and "rattan" not in indonesian


def test_english_care_instructions_are_shown_to_english_visitors(client):
    product = published(care_instructions="Lap dengan kain kering.", care_instructions_en="Wipe with a dry cloth.")
    assert "<dd>Wipe with a dry cloth.</dd>" in product_page(client, product, "en")
    assert "Lap dengan kain kering." in product_page(client, product, "id")


def test_a_moderator_adds_a_translation_for_a_typed_tag_and_pages_use_it(client):
    product = published(materials="purun")
    assert '<span lang="id">purun</span>' in product_page(client, product, "en")
    moderator = client.__class__()
    moderator.force_login(mod.regional())
    response = moderator.post(
        reverse("admin:catalog_vocabularyterm_add"), {"kind": "material", "name_id": "purun", "name_en": "purun sedge"}
    )
    assert response.status_code == 302
    assert VocabularyTerm.objects.filter(name_id="purun").count() == 1
    assert ">purun sedge</a>" in product_page(client, product, "en")
    duplicate = moderator.post(
        reverse("admin:catalog_vocabularyterm_add"), {"kind": "material", "name_id": "PURUN", "name_en": "x"}
    )
    assert duplicate.status_code == 200 and VocabularyTerm.objects.filter(name_id__iexact="purun").count() == 1

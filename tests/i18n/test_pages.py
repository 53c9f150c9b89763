"""The pages of the buyer and artisan journeys speak Indonesian by default and English when chosen.

Indonesian pages show no English source string of the catalogue (``tests.web.checks.untranslated``); English
pages show none of the catalogue's Indonesian texts. Prices are ``Rp 1.250.000`` in both languages.
"""

from __future__ import annotations

import polib
import pytest
from django.urls import reverse

from catalog.models import Category
from tests.catalog.factories import published
from tests.factories import ArtisanFactory, UserFactory
from tests.i18n.conftest import ID_PO
from tests.orders.factories import AddressFactory, cart_with
from tests.web.checks import untranslated, visible_texts

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def indonesian_texts() -> set[str]:
    """Catalogue texts that are Indonesian only: a msgstr that is not also an English msgid of the catalogue."""
    catalogue = polib.pofile(str(ID_PO))
    english = {" ".join(e.msgid.split()) for e in catalogue} | {" ".join(e.msgid_plural.split()) for e in catalogue}
    texts = set()
    for entry in catalogue:
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        texts |= {" ".join(f.split()) for f in forms if f}
    return texts - english


def shown_indonesian(html: str) -> list[str]:
    # Category names are data, not catalogue texts ("Fesyen" is both): test_english_content.py covers them.
    names = set(Category.objects.values_list("name_id", flat=True))
    return sorted(set(visible_texts(html)) & indonesian_texts() - names)


@pytest.fixture
def journey(client):
    """A verified artisan with a published product, a buyer with it in the cart and a delivery address."""
    artisan = ArtisanFactory(business_name="Rotan Tegalwangi", province="ID-JB", regency="Kabupaten Cirebon")
    product = published(owner=artisan, name="Tas Rotan Bundar", price=1_250_000, stock=8)
    buyer = UserFactory(email="pembeli@example.id")
    AddressFactory(user=buyer)
    cart_with(buyer, (product.variants.get(), 1))
    return {"artisan": artisan, "product": product, "buyer": buyer}


def journey_pages(journey) -> list[tuple[str, str, object]]:
    """(name, url, who is signed in) for every page of the journeys."""
    product = journey["product"]
    artisan = journey["artisan"]
    return [
        ("home", "/", None),
        ("category", reverse("catalog:category", kwargs={"slug": Category.objects.get(slug="rotan").slug}), None),
        ("search", reverse("catalog:search") + "?q=rotan", None),
        ("product", reverse("catalog:product", kwargs={"slug": product.slug}), None),
        ("login", reverse("login"), None),
        ("signup", reverse("signup"), None),
        ("cart", reverse("orders:cart"), journey["buyer"]),
        ("checkout", reverse("orders:checkout"), journey["buyer"]),
        ("studio dashboard", reverse("studio:dashboard"), artisan.user),
        ("studio product form (new)", reverse("catalog:studio-create"), artisan.user),
        ("studio product form (edit)", reverse("catalog:studio-edit", kwargs={"slug": product.slug}), artisan.user),
    ]


def fetch(client, url: str, user, language: str | None) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    client.cookies.pop("django_language", None)
    if language:
        client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_journey_pages_in_indonesian_show_no_english_source_string(client, journey):
    found = {}
    for name, url, user in journey_pages(journey):
        html = fetch(client, url, user, language=None)  # Indonesian is the default
        assert soup_of_html(html).html["lang"] == "id", name
        if leftover := untranslated(html, ID_PO):
            found[name] = leftover
    assert found == {}


def test_journey_pages_in_english_show_no_indonesian_catalogue_text(client, journey):
    found = {}
    for name, url, user in journey_pages(journey):
        html = fetch(client, url, user, language="en")
        assert soup_of_html(html).html["lang"] == "en", name
        if leftover := shown_indonesian(html):
            found[name] = leftover
    assert found == {}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["Keranjang Anda", "Total harga barang", "Checkout"]),
        ("en", ["Your cart", "Items total", "Check out"]),
    ],
)
def test_the_cart_speaks_the_chosen_language(client, journey, language, expected):
    texts = visible_texts(fetch(client, reverse("orders:cart"), journey["buyer"], language))
    for text in expected:
        assert text in texts or f"{text}:" in texts


@pytest.mark.parametrize("language", ["id", "en"])
def test_prices_are_rupiah_with_dots_in_both_languages(client, journey, language):
    product = journey["product"]
    for url, user in [
        (reverse("catalog:product", kwargs={"slug": product.slug}), None),
        ("/", None),
        (reverse("orders:cart"), journey["buyer"]),
    ]:
        html = fetch(client, url, user, language)
        assert "Rp 1.250.000" in html, url
        assert "Rp 1,250,000" not in html and "IDR 1" not in html, url


def soup_of_html(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")

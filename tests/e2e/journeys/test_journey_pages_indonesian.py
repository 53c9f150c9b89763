"""Every page of the four journeys, in Indonesian, shows no English source string the catalogue translates or
lacks (``tests.web.checks.untranslated`` against ``locale/id``), and says ``<html lang="id">``.

The browser journeys 1–3 run in English so that their labels stay stable; this test covers their pages in
Indonesian, rendered by Django's test client in the states the journeys reach.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from tests.catalog import factories as f
from tests.e2e.journeys.conftest import seed_reference_data
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, cart_with, checkout
from tests.web.checks import untranslated

pytestmark = [pytest.mark.django_db]

PO = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def _reference_data(db) -> None:
    seed_reference_data()  # an earlier browser test's flush removed the migrations' rows


def _english_on(client, url: str) -> list[str]:
    assert PO.exists(), f"{PO} is missing: the Indonesian catalogue comes with the i18n branch"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert BeautifulSoup(html, "html.parser").html.get("lang") == "id", url
    return untranslated(html, PO)


def test_buyer_pages_of_the_journeys_are_indonesian(client):
    bag = f.published(owner=f.artisan(province="ID-JB"), name="Tas Rotan Bundar")
    basket = f.published(owner=f.artisan(province="ID-NB"), name="Keranjang Rotan Ketak")
    pages = ["/", "/accounts/login/", "/accounts/signup/", "/search/?q=rotan&price_max=1000000", bag.get_absolute_url()]
    buyer = UserFactory(email="sari@example.id")
    address = AddressFactory(user=buyer)
    purchase = checkout(buyer, address, (bag.variants.get(), 1))
    cart_with(buyer, (bag.variants.get(), 1), (basket.variants.get(), 1))
    found = {url: _english_on(client, url) for url in pages}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Search crafts" in untranslated(client.get("/").content.decode(), PO)  # the check sees English
    client.force_login(buyer)
    for url in (reverse("orders:cart"), reverse("orders:checkout"), purchase.get_absolute_url()):
        found[url] = _english_on(client, url)
    assert {url: texts for url, texts in found.items() if texts} == {}


def test_artisan_pages_of_the_journeys_are_indonesian(client):
    newcomer = UserFactory(email="wayan@tenun-gringsing.id", email_verified=False)
    client.force_login(newcomer)
    found = {url: _english_on(client, url) for url in ("/accounts/", reverse("apply"))}

    product = f.draft(images=2)
    client.force_login(product.artisan.user)
    for url in (
        reverse("studio:dashboard"),
        reverse("studio:profile"),
        reverse("catalog:studio-products"),
        reverse("catalog:studio-create"),
        reverse("catalog:studio-edit", args=[product.slug]),
    ):
        found[url] = _english_on(client, url)
    assert {url: texts for url, texts in found.items() if texts} == {}

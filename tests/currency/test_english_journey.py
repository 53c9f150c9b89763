"""Every page of the buyer journey in English with USD chosen shows the USD approximations and no Indonesian
catalogue text (PostgreSQL: the journey's search page uses full-text search)."""

import pytest

from tests.currency.helpers import set_rate
from tests.i18n.test_pages import journey, shown_indonesian  # noqa: F401 - the fixture is used by name
from tests.orders.factories import checkout

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_buyer_journey_in_english_with_usd_shows_usd_and_no_indonesian(client, journey):  # noqa: F811
    from django.urls import reverse

    set_rate("USD", "16000")
    product, buyer = journey["product"], journey["buyer"]
    client.force_login(buyer)
    client.cookies["django_language"] = "en"
    client.cookies["cm_currency"] = "USD"
    pages = [
        "/",
        reverse("catalog:search") + "?q=rotan",
        reverse("catalog:product", kwargs={"slug": product.slug}),
        reverse("orders:cart"),
        reverse("orders:checkout"),
    ]
    found = {}
    for url in pages:
        html = client.get(url).content.decode()
        assert "≈ $78.13 · Rp 1.250.000" in html, url
        if leftover := shown_indonesian(html):
            found[url] = leftover
    purchase = checkout(buyer, buyer.addresses.get(), (product.variants.get(), 1))
    for url in (reverse("orders:purchase", args=[purchase.number]), reverse("orders:order-list")):
        html = client.get(url).content.decode()
        assert client.get(url).status_code == 200
        if leftover := shown_indonesian(html):
            found[url] = leftover
    assert found == {}

"""The display currency end to end on pages and in the API: default by language, the chooser (cookie and account),
stale rates, bad codes, the admin for national moderators, and no query per product."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from artisans.models import User
from craftmarket.currency.models import ExchangeRate
from tests.catalog.factories import published
from tests.currency.helpers import set_rate
from tests.factories import ArtisanFactory, UserFactory
from tests.moderation import factories as mod

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    artisan = ArtisanFactory(business_name="Rotan Tegalwangi", province="ID-JB")
    return published(owner=artisan, name="Tas Rotan Bundar", price=440_000, stock=8)


def page(client, url: str, *, language: str | None = None, currency: str | None = None) -> str:
    if language:
        client.cookies["django_language"] = language
    if currency:
        client.cookies["cm_currency"] = currency
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_english_pages_default_to_usd_and_indonesian_to_rupiah(client, product):
    set_rate("USD", "16000")
    url = reverse("catalog:product", kwargs={"slug": product.slug})
    assert "≈ $27.50 · Rp 440.000" in page(client, url, language="en")
    client.cookies.pop("django_language")
    indonesian = page(Client(), url)
    assert "Rp 440.000" in indonesian and "≈" not in indonesian.split("<footer")[0]


def test_a_chosen_currency_shows_on_cards_product_page_and_cart(client, product):
    set_rate("EUR", "17000")
    buyer = UserFactory()
    from tests.orders.factories import cart_with

    cart_with(buyer, (product.variants.get(), 2))
    client.force_login(buyer)
    client.cookies["cm_currency"] = "EUR"
    for url in ("/", reverse("catalog:search") + "?q=rotan", reverse("catalog:product", kwargs={"slug": product.slug})):
        assert "≈ €25,88 · Rp 440.000" in page(client, url), url  # Indonesian page: Indonesian separators
    cart = page(client, reverse("orders:cart"), language="en")
    assert "≈ €51.76 · Rp 880.000" in cart


def test_the_chooser_remembers_the_choice_in_a_cookie_and_on_the_account(client, product):
    buyer = UserFactory()
    client.force_login(buyer)
    response = client.post(reverse("currency:set"), {"currency": "JPY", "next": "/cart/"})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert response.cookies["cm_currency"].value == "JPY"
    buyer.refresh_from_db()
    assert buyer.display_currency == "JPY"
    # Another device (no cookie) follows the account.
    set_rate("JPY", "108.96")
    other = Client()
    other.force_login(buyer)
    assert "≈ JP¥4.038 · Rp 440.000" in page(other, reverse("catalog:product", kwargs={"slug": product.slug}))


def test_an_unknown_currency_is_refused_with_a_message_and_nothing_changes(client):
    buyer = UserFactory()
    client.force_login(buyer)
    response = client.post(reverse("currency:set"), {"currency": "XYZ", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "cm_currency" not in response.cookies
    assert User.objects.get(pk=buyer.pk).display_currency == ""
    assert any("XYZ" in str(m) for m in get_messages(response.wsgi_request))
    assert client.get(reverse("currency:set")).status_code == 405


def test_a_stale_rate_shows_a_notice_and_rupiah_only(client, product, settings):
    settings.EXCHANGE_RATE_MAX_AGE_DAYS = 7
    set_rate("GBP", "20000", days_old=8)
    html = page(client, reverse("catalog:product", kwargs={"slug": product.slug}), language="en", currency="GBP")
    assert "We have no current exchange rate for GBP" in html
    assert "Rp 440.000" in html and "≈ £" not in html and "£22" not in html


def test_a_cookie_with_an_unknown_code_falls_back_to_the_language_default(client, product):
    set_rate("USD", "16000")
    html = page(client, reverse("catalog:product", kwargs={"slug": product.slug}), language="en", currency="<b>")
    assert "≈ $27.50" in html


def test_a_foreign_currency_adds_no_query_per_product():
    """With the rates in the cache (as after the first request) a list in EUR runs exactly the queries of one in
    rupiah: the conversion of 6 cards reads nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from craftmarket.currency.selectors import latest_rates

    artisan = ArtisanFactory()
    for i in range(6):
        published(owner=artisan, name=f"Tas Rotan {i}", price=100_000 + i, stock=3)
    set_rate("EUR", "17000")
    url = reverse("catalog:search") + "?q=rotan&sort=newest"

    def count(currency: str) -> tuple[int, str]:
        c = Client()
        c.cookies["cm_currency"] = currency
        c.get(url + "&warm=1")  # the category tree and the rates are now cached, as after any first request
        latest_rates()
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(url)  # a list part not cached yet: the cards are rendered in this request
        return len(ctx.captured_queries), response.content.decode()

    eur, html = count("EUR")
    idr, _html = count("IDR")
    assert html.count("≈ €") >= 6
    assert eur == idr


def test_the_api_converts_with_the_currency_parameter(client, product):
    set_rate("EUR", "17000")
    body = client.get("/api/v1/products/", {"currency": "EUR"}).json()
    item = next(p for p in body["results"] if p["slug"] == product.slug)
    assert item["price"] == 440_000
    assert item["price_converted"] == {
        "currency": "EUR",
        "amount": "25.88",
        "display": "€25,88",  # default API language is Indonesian
        "rate_date": item["price_converted"]["rate_date"],
        "approximate": True,
    }
    detail = client.get(f"/api/v1/products/{product.slug}/?currency=eur", HTTP_ACCEPT_LANGUAGE="en").json()
    assert detail["price_converted"]["display"] == "€25.88"
    assert detail["variants"][0]["price_converted"]["amount"] == "25.88"
    assert client.get(f"/api/v1/products/{product.slug}/").json()["price_converted"] is None


def test_the_api_refuses_an_unknown_currency_and_nulls_a_stale_one(client, product, settings):
    bad = client.get("/api/v1/products/", {"currency": "XYZ"})
    assert bad.status_code == 400
    assert "XYZ" in bad.json()["currency"][0]
    assert client.get(f"/api/v1/products/{product.slug}/", {"currency": "1"}).status_code == 400
    settings.EXCHANGE_RATE_MAX_AGE_DAYS = 7
    set_rate("AUD", "10700", days_old=30)
    body = client.get(f"/api/v1/products/{product.slug}/", {"currency": "AUD"}).json()
    assert body["price_converted"] is None and body["price"] == 440_000


def test_national_moderators_manage_rates_and_regional_ones_cannot(client):
    client.force_login(mod.national())
    add = reverse("admin:currency_exchangerate_add")
    bad = client.post(add, {"currency": "USD", "idr_per_unit": "-1", "rate_date": "2026-12-01", "source": "x"})
    assert bad.status_code == 200 and ExchangeRate.objects.count() == 0
    zero = client.post(add, {"currency": "IDR", "idr_per_unit": "0", "rate_date": "2026-12-01", "source": "x"})
    assert zero.status_code == 200 and ExchangeRate.objects.count() == 0
    ok = client.post(add, {"currency": "USD", "idr_per_unit": "16237.5", "rate_date": "2026-12-01", "source": "BI"})
    assert ok.status_code == 302
    rate = ExchangeRate.objects.get()
    assert rate.idr_per_unit == Decimal("16237.5") and rate.entered_by.email == "nasional@dekranas.id"
    regional = Client()
    regional.force_login(mod.regional())
    assert regional.get(reverse("admin:currency_exchangerate_changelist")).status_code == 403
    assert regional.post(add, {"currency": "EUR", "idr_per_unit": "1", "rate_date": "2026-12-01"}).status_code == 403
    assert ExchangeRate.objects.count() == 1


def test_the_cart_api_converts_every_amount_with_the_currency_parameter(client, product, settings):
    set_rate("EUR", "17000")
    from tests.orders.factories import cart_with

    buyer = UserFactory()
    cart_with(buyer, (product.variants.get(), 2))
    client.force_login(buyer)

    body = client.get("/api/v1/cart/", {"currency": "EUR"}, HTTP_ACCEPT_LANGUAGE="en").json()

    assert body["subtotal"] == 880_000 and body["subtotal_converted"]["display"] == "€51.76"
    group = body["groups"][0]
    assert group["subtotal_converted"]["amount"] == "51.76"
    item = group["items"][0]
    assert (item["unit_price_converted"]["amount"], item["line_total_converted"]["amount"]) == ("25.88", "51.76")
    plain = client.get("/api/v1/cart/").json()
    assert plain["subtotal_converted"] is None and plain["groups"][0]["items"][0]["line_total_converted"] is None

    bad = client.get("/api/v1/cart/", {"currency": "XYZ"})
    assert bad.status_code == 400 and "XYZ" in bad.json()["currency"][0]
    settings.EXCHANGE_RATE_MAX_AGE_DAYS = 7
    set_rate("AUD", "10700", days_old=30)
    assert client.get("/api/v1/cart/", {"currency": "AUD"}).json()["subtotal_converted"] is None  # stale: no figure

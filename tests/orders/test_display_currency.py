"""A purchase keeps the currency and rate its buyer saw at checkout: its pages, invoice, email and API show that
snapshot, not today's rate. Payment stays in rupiah."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from craftmarket.common.errors import DomainError
from craftmarket.common.money import format_idr
from craftmarket.currency.money import convert_at, format_amount
from orders.models import Purchase
from orders.services.checkout import purchase_checkout
from tests.currency.helpers import set_rate
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout_input

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def buy(buyer, currency: str, *, price: int = 440_000):
    variant = VariantFactory(product=ProductFactory(artisan=ArtisanFactory(), price=price), price=price, stock=5)
    cart = cart_with(buyer, (variant, 1))
    data = checkout_input(cart, AddressFactory(user=buyer))
    data = type(data)(**{**data.__dict__, "display_currency": currency})
    return purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=f"k-{currency}")


def test_checkout_stores_the_currency_and_rate_shown():
    set_rate("EUR", "17000", days_old=1)
    purchase = buy(UserFactory(language="en"), "EUR")
    assert purchase.display_currency == "EUR"
    assert purchase.display_rate == Decimal("17000")
    assert purchase.display_rate_date == timezone.localdate() - timedelta(days=1)


def test_a_stale_or_rupiah_choice_stores_rupiah_only(settings):
    settings.EXCHANGE_RATE_MAX_AGE_DAYS = 7
    set_rate("GBP", "20000", days_old=9)
    stale = buy(UserFactory(), "GBP")
    assert (stale.display_currency, stale.display_rate, stale.display_rate_date) == ("IDR", None, None)
    rupiah = buy(UserFactory(), "IDR")
    assert (rupiah.display_currency, rupiah.display_rate) == ("IDR", None)


def test_an_unknown_currency_at_checkout_is_refused_and_nothing_is_written():
    buyer = UserFactory()
    with pytest.raises(DomainError) as exc:
        buy(buyer, "XYZ")
    assert exc.value.field == "currency"
    assert Purchase.objects.count() == 0
    assert buyer.cart.lines.count() == 1


def test_pages_invoice_and_email_show_the_snapshot_not_todays_rate(client, django_capture_on_commit_callbacks):
    set_rate("EUR", "17000", days_old=1)
    buyer = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        purchase = buy(buyer, "EUR")
    set_rate("EUR", "20000")  # the rate moves after checkout
    order = purchase.orders.get()
    client.force_login(buyer)
    client.cookies["django_language"] = "en"
    client.cookies["cm_currency"] = "EUR"
    amount = purchase.amount_due
    converted = convert_at(amount, currency="EUR", idr_per_unit=Decimal("17000"))
    shown = f"≈ {format_amount(converted, 'EUR', language='en')} · {format_idr(amount)}"
    for url in (
        reverse("orders:purchase", args=[purchase.number]),
        reverse("orders:order-list"),
    ):
        html = client.get(url).content.decode()
        assert shown in html, url
    purchase_page = client.get(reverse("orders:purchase", args=[purchase.number])).content.decode()
    assert f"To pay: {format_idr(amount)}</strong>" in purchase_page
    assert "Amounts in EUR are approximate" in purchase_page
    invoice = client.get(reverse("orders:invoice", args=[order.number])).content.decode()
    assert "≈ €25.88 · Rp 440.000" in invoice  # the line's unit price at the snapshot rate
    assert "≈ €22.00" not in invoice  # not today's rate
    email = next(m for m in mail.outbox if purchase.number in m.subject or purchase.number in m.body)
    assert shown in email.body


def test_the_studio_keeps_rupiah(client):
    set_rate("EUR", "17000")
    purchase = buy(UserFactory(), "EUR")
    order = purchase.orders.get()
    client.force_login(order.artisan.user)
    client.cookies["cm_currency"] = "EUR"
    html = client.get(reverse("orders:studio-order", args=[order.number])).content.decode()
    assert "Rp 440.000" in html and "≈ €" not in html.split("<footer")[0]


def test_the_api_reports_the_snapshot(client):
    set_rate("USD", "16000")
    buyer = UserFactory()
    purchase = buy(buyer, "USD")
    client.force_login(buyer)
    body = client.get(f"/api/v1/purchases/{purchase.number}/").json()
    assert body["currency"] == "IDR" and body["amount_due"] == purchase.amount_due
    assert body["display"]["currency"] == "USD"
    assert body["display"]["idr_per_unit"] == "16000.000000"
    assert Decimal(body["display"]["amount_due"]) == (Decimal(purchase.amount_due) / 16000).quantize(Decimal("0.01"))

"""Journey: an English-speaking buyer in the Netherlands chooses EUR, searches "rattan basket", adds products of
two artisans, sees the chargeable weight and international shipping per artisan, checks out, and sees EUR
approximations beside the rupiah to pay on the payment page and in the email. Live server, real Celery worker
through Redis, PostgreSQL (English full-text search)."""

from __future__ import annotations

import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from catalog import search
from catalog.models import Category, Product, Variant, VocabularyTerm
from craftmarket.currency.display import DisplayCurrency
from orders.models import Purchase
from tests.celery_worker import wait_until
from tests.currency.helpers import set_rate
from tests.e2e.journeys.conftest import assert_page_ok, english, search_for
from tests.e2e.journeys.test_buyer_checkout import add_to_cart, log_in
from tests.factories import ArtisanFactory, UserFactory
from tests.orders.factories import AddressFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def _abroad(artisan, name: str, name_en: str, price: int, dims: tuple[int, int, int]) -> Product:
    product = Product.objects.create(
        artisan=artisan,
        category=Category.objects.get(slug="rotan"),
        name=name,
        name_en=name_en,
        slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
        description=f"{name}, dianyam tangan dari rotan pilihan.",
        description_en=f"{name_en}, woven by hand.",
        materials="rotan",
        technique="anyam",
        status=Product.Status.PUBLISHED,
        price=price,
        weight_grams=900,
        length_cm=Decimal(dims[0]),
        width_cm=Decimal(dims[1]),
        height_cm=Decimal(dims[2]),
        hs_code="460212",
        ships_abroad=True,
        province=artisan.province,
        published_at=timezone.now(),
    )
    Variant.objects.create(product=product, sku=f"NL-{product.pk}", price=price, stock=5, is_default=True)
    return product


@pytest.fixture
def market(reference_data) -> dict:
    cache.clear()
    if not VocabularyTerm.objects.exists():
        importlib.import_module("catalog.migrations.0011_seed_vocabulary").seed(apps, None)
    set_rate("EUR", "17000")
    cirebon = ArtisanFactory(
        business_name="Rotan Tegalwangi", slug="rotan-tegalwangi", province="ID-JB", export_markets=["Netherlands"]
    )
    lombok = ArtisanFactory(
        business_name="Ketak Nyiur Lombok", slug="ketak-nyiur-lombok", province="ID-NB", export_markets=["Belanda"]
    )
    products = {
        "basket": _abroad(cirebon, "Keranjang Rotan Besar", "Large rattan basket", 440_000, (40, 40, 30)),
        "fruit": _abroad(lombok, "Keranjang Buah Ketak", "Rattan fruit basket", 185_000, (25, 25, 12)),
    }
    search.refresh_search_vectors()
    buyer = UserFactory(email="anouk@example.nl", name="Anouk de Vries", language="en")
    AddressFactory(
        user=buyer,
        recipient="Anouk de Vries",
        country="NL",
        province="",
        kelurahan="",
        kecamatan="",
        rt_rw="",
        street="Coolsingel 40",
        city="Rotterdam",
        postal_code="3011 AD",
        phone="+31101234567",
    )
    return {"buyer": buyer, **products}


def test_a_dutch_buyer_pays_in_rupiah_and_sees_euros_all_the_way(desktop, market, celery_worker):
    probe = english(desktop)
    page = probe.page
    log_in(probe, "anouk@example.nl")

    # EUR from the header's chooser (it submits on change).
    with page.expect_navigation():
        page.select_option("#currency-select-header", "EUR")
    expect(page.locator("#currency-select-header")).to_have_value("EUR")

    # English search finds both baskets (tagged "rotan", named in English).
    search_for(probe, "rattan basket")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “rattan basket”")
    for name in ("Large rattan basket", "Rattan fruit basket"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_text("≈ €25.88 · Rp 440.000")).to_be_visible()
    assert_page_ok(probe)
    results_url = page.url

    for key, name in (("basket", "Large rattan basket"), ("fruit", "Rattan fruit basket")):
        page.goto(results_url)
        page.get_by_role("link", name=re.compile(name)).first.click()
        expect(page.locator(".price").first).to_contain_text("≈ €")
        market[key].name = name  # the English page's heading
        add_to_cart(probe, market[key])

    # Checkout: international shipping per artisan, by chargeable weight.
    probe.goto("/checkout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Checkout")
    weights = page.locator("[data-chargeable-weight]")
    expect(weights).to_have_count(2)
    expect(weights.first).to_contain_text("charged as 10 kg")  # 40×40×30/5000 = 9.6 kg volumetric
    expect(weights.nth(1)).to_contain_text("charged as 1.5 kg")  # 25×25×12/5000 = 1.5 kg volumetric
    expect(page.get_by_text(re.compile(r"POS Indonesia EMS — ≈ €"))).to_have_count(2)
    # The grand total the script computes for the chosen services: in EUR by the server's rounding rule, too.
    items_total = int(page.locator("form[data-checkout]").get_attribute("data-items-total"))
    costs = page.locator("input[type=radio][data-cost]:checked").evaluate_all("els => els.map(e => e.dataset.cost)")
    total = items_total + sum(int(cost) for cost in costs)
    expected = DisplayCurrency("EUR", Decimal("17000")).format(total, language="en")
    expect(page.locator("[data-grand-total]")).to_have_text(expected)
    page.get_by_role("radio", name="Bank transfer").check()
    assert_page_ok(probe)
    page.get_by_role("button", name="Place order").click()

    # The payment page: EUR approximations, the rupiah amount to pay.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Purchase \S+$"))
    purchase = Purchase.objects.get(buyer=market["buyer"])
    assert (purchase.display_currency, purchase.display_rate) == ("EUR", Decimal("17000"))
    rupiah = f"Rp {purchase.amount_due:,}".replace(",", ".")
    main = page.get_by_role("main")
    expect(main.locator(".amount-due").first).to_contain_text(f"· {rupiah}")
    expect(main.locator(".amount-due").first).to_contain_text("≈ €")
    expect(main.get_by_text(f"To pay: {rupiah}")).to_be_visible()
    expect(main.get_by_text(re.compile("Amounts in EUR are approximate"))).to_be_visible()
    assert_page_ok(probe)

    message = wait_until(lambda: next((m for m in mail.outbox if m.to == ["anouk@example.nl"]), None), timeout=15)
    assert "≈ €" in message.body and rupiah in message.body
    probe.assert_clean()

"""Journey 1: a buyer searches, filters, adds products of two artisans to the cart, checks out and sees the payment
instructions. Live server, real Celery worker through Redis, PostgreSQL (full-text search)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog import search
from catalog.models import Category, Product, ProductImage, Variant
from orders.models import Purchase
from tests.e2e.journeys.conftest import assert_page_ok, csrf_token, english, search_for
from tests.factories import PASSWORD, ArtisanFactory, UserFactory
from tests.orders.factories import AddressFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def _published(artisan, name: str, price: int, picture: str) -> Product:
    product = Product.objects.create(
        artisan=artisan,
        category=Category.objects.get(slug="rotan"),
        name=name,
        slug=re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"),
        description=f"{name}, dianyam tangan dari rotan pilihan.",
        materials="rotan",
        status=Product.Status.PUBLISHED,
        price=price,
        weight_grams=800,
        province=artisan.province,
        published_at=timezone.now(),
    )
    Variant.objects.create(product=product, sku=f"E2E-{product.pk}", price=price, stock=5, is_default=True)
    ProductImage.objects.create(
        product=product,
        original=f"originals/{product.slug}.jpg",
        is_primary=True,
        status=ProductImage.Status.READY,
        alt_text=f"{name}, tampak depan",
        renditions=[
            {"width": 320, "height": 320, "format": "webp", "url": f"/static/img/{picture}"},
            {"width": 640, "height": 640, "format": "webp", "url": f"/static/img/{picture}"},
        ],
    )
    return product


@pytest.fixture
def market(reference_data) -> dict:
    cirebon = ArtisanFactory(
        business_name="Rotan Tegalwangi", slug="rotan-tegalwangi", province="ID-JB", regency="Kabupaten Cirebon"
    )
    lombok = ArtisanFactory(
        business_name="Ketak Nyiur Lombok", slug="ketak-nyiur-lombok", province="ID-NB", regency="Lombok Barat"
    )
    products = {
        "bag": _published(cirebon, "Tas Rotan Bundar", 275_000, "family-anyaman.webp"),
        "chair": _published(cirebon, "Kursi Rotan Teras", 2_450_000, "family-kayu.webp"),
        "basket": _published(lombok, "Keranjang Rotan Ketak", 185_000, "family-fesyen.webp"),
    }
    search.refresh_search_vectors()
    buyer = UserFactory(email="sari@example.id", name="Sari Wulandari", language="en")
    AddressFactory(user=buyer)
    return {"buyer": buyer, **products}


def log_in(probe, email: str) -> None:
    page = probe.page
    probe.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.locator("header").get_by_role("link", name="Account")).to_be_visible()


def add_to_cart(probe, product: Product) -> None:
    """On the product page: its add-to-cart button when the page has one, else the cart-add form's POST.

    The product page of this round has an empty ``{% block buy %}``; the POST is exactly what its form will send
    (``orders:cart-add`` with ``variant`` and ``quantity``), made from the page with the page's cookies.
    """
    page = probe.page
    expect(page.get_by_role("heading", level=1, name=product.name)).to_be_visible()
    button = page.get_by_role("button", name=re.compile(r"^Add to cart", re.I))
    if button.count():
        button.first.click()
        expect(page.get_by_text("Added to your cart.")).to_be_visible()
        return
    variant = product.variants.get(is_default=True)
    response = page.request.post(
        probe.url("/cart/add/"),
        form={"variant": str(variant.pk), "quantity": "1"},
        headers={"X-CSRFToken": csrf_token(probe), "Referer": page.url},
    )
    assert response.ok, response.status
    assert response.url == probe.url("/cart/")


def test_buyer_searches_filters_fills_the_cart_from_two_artisans_and_gets_payment_instructions(
    phone, market, celery_worker
):
    probe = english(phone)
    page = probe.page
    log_in(probe, "sari@example.id")
    assert_page_ok(probe)

    # Search from the home page (its own search box on a phone).
    search_for(probe, "rotan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “rotan”")
    for name in ("Tas Rotan Bundar", "Kursi Rotan Teras", "Keranjang Rotan Ketak"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()
    assert_page_ok(probe)

    # Filter: nothing above Rp 1.000.000 (on a phone the filters are folded behind "Filter").
    page.locator("summary.filter-toggle").click()
    filters = page.get_by_role("form", name="Filter products")
    filters.get_by_label("Max price (Rp)").fill("1000000")
    filters.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"price_max=1000000"))
    expect(page.get_by_role("heading", name="Kursi Rotan Teras")).to_have_count(0)
    expect(page.get_by_role("heading", name="Tas Rotan Bundar")).to_be_visible()
    expect(page.get_by_role("heading", name="Keranjang Rotan Ketak")).to_be_visible()
    assert_page_ok(probe)
    results_url = page.url

    # One product of each artisan into the cart, from their product pages.
    page.get_by_role("link", name=re.compile("Tas Rotan Bundar")).click()
    assert_page_ok(probe)
    add_to_cart(probe, market["bag"])
    page.goto(results_url)
    page.get_by_role("link", name=re.compile("Keranjang Rotan Ketak")).click()
    add_to_cart(probe, market["basket"])

    # The cart: one group per artisan.
    page.get_by_role("link", name=re.compile("Cart")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cart")
    expect(page.get_by_role("heading", level=2, name="Rotan Tegalwangi")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Ketak Nyiur Lombok")).to_be_visible()
    assert_page_ok(probe)

    # Checkout: the saved address, the first courier of each group, bank transfer.
    page.get_by_role("link", name="Check out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Checkout")
    expect(page.get_by_role("radio", name=re.compile("Sari Wulandari"))).to_be_checked()
    page.get_by_role("radio", name="Bank transfer").check()
    assert_page_ok(probe)
    page.get_by_role("button", name="Place order").click()

    # Payment instructions.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Purchase \S+$"))
    expect(page.get_by_role("heading", name="How to pay")).to_be_visible()
    purchase = Purchase.objects.get(buyer=market["buyer"])
    assert purchase.status == Purchase.Status.AWAITING_PAYMENT
    assert sorted(purchase.orders.values_list("artisan__business_name", flat=True)) == [
        "Ketak Nyiur Lombok",
        "Rotan Tegalwangi",
    ]
    assert purchase.amount_due == purchase.items_total + purchase.shipping_total + purchase.unique_code
    main = page.get_by_role("main")
    expect(main.get_by_text(f"Rp {purchase.amount_due:,}".replace(",", "."), exact=True)).to_be_visible()
    expect(main.get_by_text("8720 123 456")).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile("Rotan Tegalwangi"))).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile("Ketak Nyiur Lombok"))).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_page_ok(probe)
    probe.assert_clean()

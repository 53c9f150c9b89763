"""Wholesale journey at phone size (issue 16): an artisan adds three quantity price tiers (rows added in place)
and a monthly capacity to a made-to-order product; a verified business buyer sees the business tier, orders 60
pieces and sees the tier price, the saving and the lead time at that quantity; the artisan sees the ship-by date.
Samples: the artisan offers a sample in the product form; the buyer orders one first (marked "Sample"), and once it
has arrived, the 60 pieces show its price credited as a discount line."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Category, Product, Variant
from catalog.wholesale.models import PriceTier, SampleOffer
from orders.models import Order
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from tests.e2e.journeys.conftest import assert_page_ok, english
from tests.factories import PASSWORD, ArtisanFactory, UserFactory
from tests.orders.factories import AddressFactory
from tests.wholesale.factories import verified_business

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def workshop(reference_data) -> dict:
    artisan = ArtisanFactory(
        business_name="Rotan Tegalwangi",
        slug="rotan-tegalwangi",
        province="ID-JB",
        regency="Kabupaten Cirebon",
        user=UserFactory(email="rotan@example.id", name="Pak Darto", language="en"),
    )
    product = Product.objects.create(
        artisan=artisan,
        category=Category.objects.get(slug="rotan"),
        name="Keranjang Rotan Besar",
        slug="keranjang-rotan-besar",
        description="Keranjang rotan anyam tangan untuk toko dan hotel.",
        materials="rotan",
        status=Product.Status.PUBLISHED,
        price=100_000,
        weight_grams=300,
        min_order_quantity=10,
        made_to_order=True,
        lead_time_days=14,
        province=artisan.province,
        published_at=timezone.now(),
    )
    Variant.objects.create(product=product, sku="WHS-1", price=100_000, stock=0, is_default=True)
    buyer = verified_business(UserFactory(email="buyer@basketco.au", name="Mia Jones", language="en"))
    AddressFactory(user=buyer)
    return {"artisan": artisan, "product": product, "buyer": buyer}


def log_in(probe, email: str) -> None:
    """Log in from the login page (an artisan's phone header shows the studio, not an "Account" link)."""
    page = probe.page
    probe.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _shot(probe, tmp_path: Path, name: str) -> None:
    probe.page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def test_artisan_sets_tiers_business_buyer_orders_60_and_artisan_sees_ship_by(phone, workshop, celery_worker, tmp_path):
    probe = english(phone)
    page = probe.page
    product = workshop["product"]
    variant = product.variants.get()

    # The artisan adds three tiers, one row at a time, the last for verified businesses, and a monthly capacity.
    log_in(probe, "rotan@example.id")
    probe.goto(f"/studio/products/{product.slug}/")
    expect(page.get_by_role("heading", name="Wholesale prices")).to_be_visible()
    form = page.locator("form.tier-form")
    rows = [(10, 95_000), (50, 85_000), (200, 72_000)]
    for n, (quantity, price) in enumerate(rows, start=1):
        if n > 1:
            form.get_by_role("button", name="Add a tier").click()
        form.locator(f"#tier-{variant.pk}-{n}-qty").fill(str(quantity))
        form.locator(f"#tier-{variant.pk}-{n}-price").fill(str(price))
    form.locator(f"#tier-{variant.pk}-3-biz").check()
    form.get_by_label("Monthly capacity (pieces)").fill("250")
    _shot(probe, tmp_path, "1-studio-tiers")
    form.get_by_role("button", name="Save wholesale prices").click()
    expect(page.get_by_text("Wholesale prices saved.")).to_be_visible()
    assert list(PriceTier.objects.values_list("min_quantity", "unit_price", "business_only")) == [
        (10, 95_000, False),
        (50, 85_000, False),
        (200, 72_000, True),
    ]
    assert_page_ok(probe)

    # The artisan offers a sample: Rp 25.000, up to 2 per buyer, ready in 3 days, credited on a wholesale order.
    samples = page.locator("form.sample-form")
    samples.get_by_label("Offer samples of this product").check()
    samples.get_by_label("Sample price each (Rp)").fill("25000")
    samples.get_by_label("Samples per buyer").fill("4")
    samples.get_by_label("Sample lead time (days)").fill("3")
    samples.get_by_label(re.compile(r"^Credit the sample price")).check()
    samples.get_by_role("button", name="Save sample terms").click()
    expect(page.locator("form.sample-form .form-errors")).to_contain_text("less than or equal to 3")  # at the field
    assert not SampleOffer.objects.exists()
    # The refused form answers 400 on purpose: the browser logs that status, nothing else went wrong.
    assert [m for m in probe.console_errors if "status of 400" not in m] == [] and not probe.page_errors
    probe.reset()
    page.locator("form.sample-form").get_by_label("Samples per buyer").fill("2")
    page.locator("form.sample-form").get_by_role("button", name="Save sample terms").click()
    expect(page.get_by_text("Sample terms saved.")).to_be_visible()
    assert SampleOffer.objects.filter(product=product, price=25_000, max_units=2, credit_on_wholesale=True).exists()
    _shot(probe, tmp_path, "1b-studio-sample")

    # The buyer orders one sample first; it is marked as a sample, and it arrives.
    page.context.clear_cookies()
    probe = english(probe)
    log_in(probe, "buyer@basketco.au")
    probe.goto(f"/p/{product.slug}/")
    expect(page.get_by_role("heading", name="Order a sample")).to_be_visible()
    page.get_by_role("button", name="Add a sample to cart").click()
    expect(page.get_by_text("Sample added to your cart.")).to_be_visible()
    main = page.get_by_role("main")
    expect(main.locator(".sample-badge")).to_be_visible()
    expect(main.get_by_text("Sample ships within 3 days")).to_be_visible()
    _shot(probe, tmp_path, "1c-cart-sample")
    page.get_by_role("link", name="Check out").click()
    page.get_by_role("radio", name="Bank transfer").check()
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Purchase \S+$"))
    sample = Order.objects.get(buyer=workshop["buyer"], is_sample=True)
    assert sample.items_total == 25_000
    staff = UserFactory(is_staff=True, is_superuser=True)
    payment_confirm(purchase=sample.purchase, by=staff)
    sample = Order.objects.select_related("artisan__user", "buyer").get(pk=sample.pk)
    lifecycle.order_process(order=sample, by=sample.artisan.user)
    lifecycle.order_ship(order=sample, by=sample.artisan.user, courier="JNE", tracking="JNE1")
    lifecycle.order_confirm(order=sample, by=sample.buyer)
    probe.goto(f"/orders/{sample.number}/")
    expect(page.get_by_role("heading", level=1).locator(".sample-badge")).to_be_visible()

    # The verified business buyer sees every tier, orders 60 pieces and sees the tier price, saving and lead time.
    probe.goto(f"/p/{product.slug}/")
    tiers = page.locator("section.wholesale-tiers")
    expect(tiers.get_by_text("Rp 72.000")).to_be_visible()
    expect(tiers.get_by_text("Business price")).to_be_visible()
    assert_page_ok(probe)
    _shot(probe, tmp_path, "2-product-page")
    page.get_by_label("Quantity").fill("60")
    page.get_by_role("button", name=re.compile(r"^Add to cart")).click()
    expect(page.get_by_text("Added to your cart.")).to_be_visible()
    probe.goto("/cart/")
    main = page.get_by_role("main")
    expect(main.get_by_text("Tier price from 50 pcs")).to_be_visible()
    expect(main.get_by_text("You save Rp 900.000")).to_be_visible()  # 60 × (100 000 − 85 000)
    expect(main.get_by_text("Add 140 more for Rp 72.000 each")).to_be_visible()
    # 14 days + ceil(60 ÷ (250 ÷ 25)) = 6 working days = 7 calendar days.
    expect(main.get_by_text("Ships in about 21 days at this quantity")).to_be_visible()
    assert_page_ok(probe)
    _shot(probe, tmp_path, "3-cart")
    page.get_by_role("link", name="Check out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Checkout")
    expect(page.get_by_role("main").get_by_text("Ships in about 21 days at this quantity")).to_be_visible()
    page.get_by_role("radio", name="Bank transfer").check()
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Purchase \S+$"))
    order = Order.objects.get(buyer=workshop["buyer"], is_sample=False)
    assert (order.items_total, order.ship_by) == (60 * 85_000 - 25_000, timezone.localdate() + timedelta(days=21))
    assert (order.sample_credit, order.credited_sample_id) == (25_000, sample.pk)
    probe.goto(f"/orders/{order.number}/")
    expect(page.get_by_role("main").get_by_text(f"Sample credit (sample order {sample.number})")).to_be_visible()
    _shot(probe, tmp_path, "3b-order-credit")

    # The artisan sees the ship-by date and the business buyer on the order.
    page.context.clear_cookies()
    probe = english(probe)
    log_in(probe, "rotan@example.id")
    probe.goto(f"/studio/orders/{order.number}/")
    main = page.get_by_role("main")
    expect(main.get_by_text("Ship by")).to_be_visible()
    expect(main.get_by_text("Basket & Co Pty Ltd")).to_be_visible()
    expect(main.get_by_text("tier from 50 pcs")).to_be_visible()
    assert_page_ok(probe)
    _shot(probe, tmp_path, "4-studio-order")
    probe.assert_clean()
    print(f"screenshots in {tmp_path}")

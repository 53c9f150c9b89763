"""The wholesale bench scenarios on a small factory-made catalogue: the bench seeds tiers where there are none,
and the 10-line wholesale checkout is measured (the tiny catalogue of test_harness has too few lines for it)."""

from __future__ import annotations

import pytest

from bench import scenarios, server
from catalog.wholesale.models import PriceTier, SampleOffer
from orders.models import OrderLine
from tests.factories import ArtisanFactory, CategoryFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _catalogue():
    category = CategoryFactory()
    products = []
    for _ in range(3):
        artisan = ArtisanFactory()
        for _ in range(4):
            product = ProductFactory(artisan=artisan, category=category, price=120_000)
            VariantFactory(product=product, price=120_000, stock=5)
            products.append(product)
    return category, products


def test_seed_tiers_gives_every_variant_a_valid_ladder_and_a_sample_once():
    category, products = _catalogue()
    chosen = scenarios.category_products(category.slug, 60)
    assert len(chosen) == 12
    assert scenarios.seed_tiers(chosen) == 12
    assert PriceTier.objects.count() == 24 and SampleOffer.objects.count() == 12
    assert scenarios.seed_tiers(scenarios.category_products(category.slug, 60)) == 0  # tiered already: left alone
    assert all(p.wholesale_price == 96_000 for p in type(products[0]).objects.all())


def test_the_wholesale_checkout_is_measured_with_every_line_at_a_tier():
    _catalogue()
    result = server.wholesale_checkout(1)
    assert result["status"] == "ok", result.get("reason")
    assert result["name"] == "wholesale checkout, 10 lines over 3 artisans"
    assert result["queries"] > 0 and result["budget_p95_ms"]
    lines = OrderLine.objects.all()
    assert lines.exists()
    assert {(line.quantity, line.tier_quantity) for line in lines} == {(scenarios.WHOLESALE_QUANTITY, 50)}

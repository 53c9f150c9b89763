"""Every rule of a tier ladder refuses with a message at ``tiers`` and writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Product
from catalog.wholesale.models import PriceTier
from catalog.wholesale.services import TierInput, product_tiers_set
from craftmarket.common.errors import NotFound
from tests.factories import ArtisanFactory, ProductFactory, VariantFactory
from tests.wholesale.factories import LADDER, set_ladder, tiered_variant

pytestmark = pytest.mark.django_db


def _set(variant, ladder):
    product_tiers_set(
        product=variant.product,
        by=variant.product.artisan.user,
        tiers={variant.pk: [TierInput(*row) for row in ladder]},
    )


def test_a_good_ladder_is_saved_and_the_product_stores_its_cheapest_tier():
    variant = tiered_variant()
    assert list(PriceTier.objects.values_list("min_quantity", "unit_price")) == LADDER
    product = Product.objects.get(pk=variant.product_id)
    assert (product.wholesale_price, product.wholesale_quantity, product.wholesale_business_only) == (
        72_000,
        200,
        False,
    )


@pytest.mark.parametrize(
    ("ladder", "message"),
    [
        ([(50, 85_000), (10, 95_000)], "Tier 2: the quantity must be more than the tier before (50)."),
        ([(10, 95_000), (10, 90_000)], "Tier 2: the quantity must be more than the tier before (10)."),
        ([(10, 95_000), (50, 95_000)], "Tier 2: the price must be lower than the tier before (Rp 95.000)."),
        ([(10, 95_000), (50, 96_000)], "Tier 2: the price must be lower than the tier before (Rp 95.000)."),
        ([(5, 95_000)], "Tier 1 starts at 5 pieces, below the minimum order (6)."),
        ([(10, 0)], "Tier 1: enter a price above zero, in whole rupiah."),
        ([(10, -5)], "Tier 1: enter a price above zero, in whole rupiah."),
        ([(10, 100_000)], "Tier 1: the price must be lower than the normal price (Rp 100.000)."),
        ([(1, 90_000)], "Tier 1: a tier starts at 2 pieces or more."),
        ([(10_001, 90_000)], "Tier 1: Ensure this value is less than or equal to 10000."),
        ([("ten", 90_000)], "Tier 1: enter the quantity as a whole number."),
        ([(10 * n, 99_000 - n) for n in range(1, 7)], "At most 5 price tiers per variant."),
    ],
)
def test_a_broken_ladder_is_refused_at_tiers_and_nothing_changes(ladder, message):
    variant = tiered_variant(moq=6)
    before = list(PriceTier.objects.values_list("min_quantity", "unit_price"))
    with pytest.raises(ValidationError) as exc:
        _set(variant, ladder)
    assert message in exc.value.message_dict["tiers"]
    assert list(PriceTier.objects.values_list("min_quantity", "unit_price")) == before
    assert Product.objects.get(pk=variant.product_id).wholesale_price == 72_000


def test_five_tiers_are_allowed_and_an_empty_ladder_removes_them():
    variant = tiered_variant()
    _set(variant, [(10 * n, 99_000 - n) for n in range(1, 6)])
    assert PriceTier.objects.count() == 5
    _set(variant, [])
    assert PriceTier.objects.count() == 0
    product = Product.objects.get(pk=variant.product_id)
    assert (product.wholesale_price, product.wholesale_quantity) == (None, None)


def test_business_only_tiers_are_not_the_public_cheapest_tier():
    variant = tiered_variant(business_only={200})
    product = Product.objects.get(pk=variant.product_id)
    assert (product.wholesale_price, product.wholesale_quantity, product.wholesale_business_only) == (85_000, 50, True)


def test_only_the_owner_sets_tiers():
    variant = VariantFactory(product=ProductFactory(price=100_000), price=100_000)
    stranger = ArtisanFactory()
    with pytest.raises(NotFound):
        product_tiers_set(product=variant.product, by=stranger.user, tiers={variant.pk: [TierInput(10, 90_000)]})
    assert PriceTier.objects.count() == 0


def test_two_variants_one_broken_ladder_writes_neither():
    product = ProductFactory(price=100_000)
    a = VariantFactory(product=product, price=100_000, name="S")
    b = VariantFactory(product=product, price=120_000, name="L", is_default=False)
    with pytest.raises(ValidationError) as exc:
        product_tiers_set(
            product=product,
            by=product.artisan.user,
            tiers={a.pk: [TierInput(10, 90_000)], b.pk: [TierInput(10, 130_000)]},
        )
    assert exc.value.message_dict["tiers"] == ["L: Tier 1: the price must be lower than the normal price (Rp 120.000)."]
    assert PriceTier.objects.count() == 0
    set_ladder(a, [(10, 90_000)])
    assert PriceTier.objects.count() == 1

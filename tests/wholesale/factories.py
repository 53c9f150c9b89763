"""Wholesale test data through the real services."""

from __future__ import annotations

from typing import Any

from artisans.business import services as business_services
from artisans.business.models import BusinessProfile
from catalog.wholesale.services import TierInput, product_tiers_set
from tests.factories import ProductFactory, UserFactory, VariantFactory

LADDER = [(10, 95_000), (50, 85_000), (200, 72_000)]


def tiered_variant(*, price: int = 100_000, moq: int = 1, ladder=LADDER, business_only=(), stock: int = 1000, **kw):
    """A public variant (normal price ``price``) with the ladder ``[(from, price)]``; tiers whose quantity is in
    ``business_only`` are for verified businesses."""
    product = ProductFactory(price=price, min_order_quantity=moq, **kw)
    variant = VariantFactory(product=product, price=price, stock=stock)
    set_ladder(variant, ladder, business_only=business_only)
    variant.product.refresh_from_db()
    return variant


def set_ladder(variant, ladder, *, business_only=()) -> None:
    product_tiers_set(
        product=variant.product,
        by=variant.product.artisan.user,
        tiers={variant.pk: [TierInput(q, p, q in business_only) for q, p in ladder]},
    )


def verified_business(user: Any = None, *, moderator: Any = None) -> Any:
    """A buyer whose business profile Dekranas verified (through the services)."""
    user = user or UserFactory()
    profile = business_services.business_profile_save(
        user=user,
        data={"company_name": "Basket & Co Pty Ltd", "country": "AU", "business_type": "retailer", "tax_id": "ABN 51"},
    )
    moderator = moderator or UserFactory(is_staff=True, is_superuser=True)
    business_services.business_verify(profile=profile, by=moderator, reason="ABN checked on abr.business.gov.au")
    assert BusinessProfile.objects.get(user=user).is_verified
    return type(user).objects.get(pk=user.pk)  # fresh: the object above caches the profile as it was created

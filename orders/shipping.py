"""Shipping zones and costs: by weight rounded up to the next kilogram, by courier service and zone."""

from __future__ import annotations

from craftmarket.common.regions import island_of

from .models import Address, ShippingRate

Zone = ShippingRate.Zone


def zone_for(*, origin_province: str, address: Address) -> str:
    """The zone between an artisan's province and a delivery address."""
    if not address.is_domestic:
        return Zone.INTERNATIONAL
    if address.province == origin_province:
        return Zone.SAME_PROVINCE
    island = island_of(origin_province)
    if island is not None and island == island_of(address.province):
        return Zone.SAME_ISLAND
    return Zone.OTHER_ISLAND


def billable_kg(weight_grams: int) -> int:
    """Whole kilograms, rounded up; at least one."""
    return max(1, -(-int(weight_grams) // 1000))


def shipping_cost(*, rate: ShippingRate, weight_grams: int) -> int:
    return rate.first_kg_price + rate.next_kg_price * (billable_kg(weight_grams) - 1)

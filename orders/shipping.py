"""Shipping zones and costs, by courier service and zone.

Domestic: by actual weight rounded up to the next whole kilogram (at least one).
International (README "Shipping abroad"): by *chargeable* weight, the larger of the actual weight and the
volumetric weight, where each unit is one parcel of length × width × height (cm) / 5000 kg; the order's chargeable
weight is rounded up to the next 0.5 kg (at least 1 kg). The first kilogram costs ``first_kg_price``; every further
half kilogram costs half of ``next_kg_price`` (an odd half rounds half up to whole rupiah). International rates are
priced per destination zone (``ShippingZone``, a list of ISO country codes); a country in no zone cannot be shipped
to ("We don't ship to X yet"). An artisan ships abroad only to the countries of their ``export_markets``, and every
line going abroad must be declared exportable by its artisan (``Product.ships_abroad``), and needs an HS code,
parcel dimensions and, for wood, its timber legality data (``Product.timber_legality_missing``, the rule the export
documents use).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal
from typing import Any

from babel import Locale
from django.utils import translation
from django.utils.translation import gettext as _

from craftmarket.common.errors import DomainError
from craftmarket.common.regions import island_of

from .models import Address, ShippingRate, ShippingZone

Zone = ShippingRate.Zone
VOLUMETRIC_DIVISOR_CM3_PER_KG = 5000
INTERNATIONAL_STEP_GRAMS = 500


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


def destination_zone(country: str) -> ShippingZone | None:
    """The zone abroad whose countries include ``country`` (ISO code); ``None`` when no zone has it (one query: the
    zones are a handful of rows, and JSON ``contains`` is not available on SQLite)."""
    country = (country or "").upper()
    return next((z for z in ShippingZone.objects.all() if country in z.countries), None)


def no_zone_message(country: str) -> str:
    return _("We don't ship to %(country)s yet.") % {"country": country_name(country)}


def check_destination(country: str) -> ShippingZone:
    """The zone of ``country``, or ``DomainError`` (field ``shipping``) when it is in no zone."""
    zone = destination_zone(country)
    if zone is None:
        raise DomainError(no_zone_message(country), code="no_shipping_zone", field="shipping")
    return zone


def billable_kg(weight_grams: int) -> int:
    """Whole kilograms, rounded up; at least one."""
    return max(1, -(-int(weight_grams) // 1000))


def volumetric_grams(product: Any) -> int | None:
    """One unit's volumetric weight in grams (L × W × H / 5000 kg, rounded up); ``None`` without dimensions."""
    dims = (product.length_cm, product.width_cm, product.height_cm)
    if any(d is None or d <= 0 for d in dims):
        return None
    cm3 = Decimal(dims[0]) * Decimal(dims[1]) * Decimal(dims[2])
    return int((cm3 * 1000 / VOLUMETRIC_DIVISOR_CM3_PER_KG).to_integral_value(rounding=ROUND_CEILING))


def chargeable_grams(items: Iterable[tuple[Any, int]]) -> int:
    """The larger of the actual and the volumetric weight of ``(product, quantity)`` items, one parcel per unit."""
    items = list(items)
    actual = sum(product.weight_grams * qty for product, qty in items)
    volumetric = sum((volumetric_grams(product) or 0) * qty for product, qty in items)
    return max(actual, volumetric)


def international_billable_grams(weight_grams: int) -> int:
    """Rounded up to the next 0.5 kg; at least 1 kg."""
    steps = -(-int(weight_grams) // INTERNATIONAL_STEP_GRAMS)
    return max(1000, steps * INTERNATIONAL_STEP_GRAMS)


def shipping_cost(*, rate: ShippingRate, weight_grams: int) -> int:
    """The price of ``weight_grams`` (the chargeable weight for an international rate) with ``rate``."""
    if rate.zone == Zone.INTERNATIONAL:
        extra = international_billable_grams(weight_grams) - 1000
        return rate.first_kg_price + (rate.next_kg_price * extra + 500) // 1000
    return rate.first_kg_price + rate.next_kg_price * (billable_kg(weight_grams) - 1)


def _country_names() -> dict[str, str]:
    """Country names in English and Indonesian (CLDR, through Babel), case-folded, to their ISO 3166 codes."""
    names: dict[str, str] = {}
    for language in ("en", "id"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.casefold()] = code
    return names


def ships_to(*, artisan: Any, country: str) -> bool:
    """Whether ``artisan`` ships to ``country`` (ISO code): always within Indonesia; abroad only to the countries of
    their ``export_markets`` (ISO codes or country names in English or Indonesian, as typed in the studio)."""
    country = (country or "").upper()
    if country == "ID":
        return True
    markets = [str(m).strip() for m in (artisan.export_markets or []) if str(m).strip()]
    if not markets:
        return False
    names = _country_names()
    codes = {m.upper() if len(m) == 2 else names.get(m.casefold(), "") for m in markets}
    return country in codes


def abroad_problems(*, artisan: Any, country: str, products: Iterable[Any]) -> list[str]:
    """Why the products of ``artisan`` cannot go to ``country`` (empty when they can)."""
    problems = []
    if not ships_to(artisan=artisan, country=country):
        problems.append(
            _("%(artisan)s does not ship to %(country)s.") % {"artisan": artisan, "country": country_name(country)}
        )
    for product in products:
        if not product.ships_abroad:
            problems.append(
                _("%(product)s is not offered for export by its artisan, so it cannot be shipped abroad.")
                % {"product": product}
            )
        if product.timber_legality_missing():
            # The same rule the export documents use (catalog Product.timber_legality_missing).
            problems.append(
                _(
                    "%(product)s is wood without its timber legality data (species, country of harvest, volume or "
                    "weight, V-Legal or DKP number), so it cannot be shipped abroad."
                )
                % {"product": product}
            )
        if not product.hs_code:
            problems.append(_("%(product)s has no HS code yet, so it cannot be shipped abroad.") % {"product": product})
        if volumetric_grams(product) is None:
            problems.append(
                _("%(product)s has no parcel dimensions yet, so it cannot be shipped abroad.") % {"product": product}
            )
    return problems


def check_abroad(*, artisan: Any, country: str, products: Iterable[Any]) -> None:
    """``DomainError`` (field ``shipping``) with every reason the products cannot go abroad to ``country``."""
    problems = abroad_problems(artisan=artisan, country=country, products=products)
    if problems:
        raise DomainError(" ".join(problems), code="cannot_ship_abroad", field="shipping")


def country_name(code: str, *, language: str | None = None) -> str:
    """``"NL"`` -> ``"Netherlands"`` (English pages) or ``"Belanda"`` (Indonesian ones)."""
    locale = Locale.parse((language or translation.get_language() or "id").split("-")[0])
    return locale.territories.get((code or "").upper(), code)

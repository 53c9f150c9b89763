"""Shipping abroad: chargeable weight (actual or volumetric L×W×H/5000 per unit, rounded up to 0.5 kg), the
artisan's ships-to countries, and the HS code and dimensions every line going abroad needs."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from catalog.models import Variant
from craftmarket.common.errors import DomainError
from orders.models import Order, Purchase
from orders.selectors import cart_view
from orders.shipping import (
    chargeable_grams,
    country_name,
    international_billable_grams,
    shipping_cost,
    ships_to,
    volumetric_grams,
)
from tests.factories import ArtisanFactory, CategoryFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout, rate


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English messages."""
    with translation.override("en"):
        yield


def parcel(weight: int, dims=(None, None, None)):
    return SimpleNamespace(weight_grams=weight, length_cm=dims[0], width_cm=dims[1], height_cm=dims[2])


def test_volumetric_weight_is_length_width_height_over_5000_per_unit():
    assert volumetric_grams(parcel(800, (Decimal("40"), Decimal("30"), Decimal("20")))) == 4800
    assert volumetric_grams(parcel(800, (Decimal("10.5"), Decimal("10"), Decimal("10")))) == 210
    assert volumetric_grams(parcel(800, (Decimal("10"), None, Decimal("10")))) is None
    # A light, bulky rattan basket is charged by its volume; a dense silver piece by its weight.
    basket = parcel(900, (Decimal("40"), Decimal("40"), Decimal("30")))  # 9.6 kg volumetric
    silver = parcel(2_000, (Decimal("10"), Decimal("10"), Decimal("5")))  # 0.1 kg volumetric
    assert chargeable_grams([(basket, 2)]) == 19_200
    assert chargeable_grams([(silver, 1)]) == 2_000
    assert chargeable_grams([(basket, 1), (silver, 1)]) == 9_700


def test_international_weight_rounds_up_to_the_next_half_kilogram():
    assert [international_billable_grams(g) for g in (1, 999, 1000, 1001, 1500, 1501, 9_700)] == [
        1000,
        1000,
        1000,
        1500,
        1500,
        2000,
        10_000,
    ]


@pytest.mark.django_db
def test_international_cost_charges_each_half_kilogram_after_the_first():
    ems = rate("international", "POS Indonesia", "EMS")  # 350 000 first kg, 180 000 each next kg
    assert shipping_cost(rate=ems, weight_grams=1_000) == 350_000
    assert shipping_cost(rate=ems, weight_grams=1_400) == 440_000
    assert shipping_cost(rate=ems, weight_grams=2_000) == 530_000
    jne = rate("same_province")
    assert shipping_cost(rate=jne, weight_grams=1_400) == jne.first_kg_price + jne.next_kg_price  # domestic: whole kg


def test_ships_to_reads_export_markets_as_codes_or_english_or_indonesian_names():
    artisan = SimpleNamespace(export_markets=["Belanda", "japan", "AU"])
    assert ships_to(artisan=artisan, country="NL")
    assert ships_to(artisan=artisan, country="JP")
    assert ships_to(artisan=artisan, country="AU")
    assert not ships_to(artisan=artisan, country="US")
    assert ships_to(artisan=artisan, country="ID")
    assert not ships_to(artisan=SimpleNamespace(export_markets=[]), country="NL")


def test_country_names_follow_the_page_language():
    assert country_name("NL", language="en") == "Netherlands"
    assert country_name("NL", language="id") == "Belanda"


def dutch_address(buyer):
    return AddressFactory(
        user=buyer,
        country="NL",
        province="",
        kelurahan="",
        kecamatan="",
        rt_rw="",
        city="Rotterdam",
        postal_code="3011 AB",
        phone="+31 10 123 4567",
    )


def abroad_product(**fields):
    defaults = {
        "artisan": ArtisanFactory(export_markets=["Netherlands"]),
        "hs_code": "460212",
        "ships_abroad": True,
        "length_cm": Decimal("40"),
        "width_cm": Decimal("40"),
        "height_cm": Decimal("30"),
        "weight_grams": 900,
    }
    product = ProductFactory(**{**defaults, **fields})
    return VariantFactory(product=product, stock=5)


@pytest.mark.django_db
def test_a_bulky_basket_to_rotterdam_is_charged_by_volume():
    buyer = UserFactory()
    purchase = checkout(buyer, dutch_address(buyer), (abroad_product(), 1))
    order = purchase.orders.get()
    # 40×40×30 / 5000 = 9.6 kg volumetric > 0.9 kg actual: charged 10 kg = 350 000 + 18 × 90 000.
    assert order.shipping_cost == 350_000 + 18 * 90_000
    assert order.weight_grams == 900


@pytest.mark.django_db
def test_the_cart_shows_chargeable_weight_and_the_reasons_a_group_cannot_go_abroad():
    buyer = UserFactory()
    address = dutch_address(buyer)
    ok = abroad_product()
    domestic_only = VariantFactory(product=ProductFactory(artisan=ArtisanFactory(business_name="Perak Kotagede")))
    view = cart_view(cart=cart_with(buyer, (ok, 1), (domestic_only, 1)), address=address)
    groups = {g.artisan.pk: g for g in view.groups}
    good, bad = groups[ok.product.artisan_id], groups[domestic_only.product.artisan_id]
    assert (good.chargeable_grams, good.billable_kg, good.shipping_problems) == (9_600, Decimal("10"), [])
    assert good.options and bad.options == []
    assert bad.shipping_problems[0] == "Perak Kotagede does not ship to Netherlands."
    assert any("HS code" in p for p in bad.shipping_problems)
    assert any("parcel dimensions" in p for p in bad.shipping_problems)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"hs_code": ""}, "has no HS code yet"),
        ({"length_cm": None}, "has no parcel dimensions yet"),
        ({"artisan": None}, "does not ship to"),
        ({"ships_abroad": False}, "is not offered for export by its artisan"),
        ({"category": "wood"}, "is wood without its timber legality data"),
    ],
)
def test_checkout_abroad_is_refused_with_a_clear_message_and_nothing_changes(fields, message):
    if fields.get("artisan", 0) is None:
        fields = {"artisan": ArtisanFactory(export_markets=["Japan"])}
    if fields.get("category") == "wood":
        # A teak bowl with no species, harvest country or V-Legal number: refused by name, as the documents do.
        fields = {"category": CategoryFactory(slug="kayu"), "name_en": "Teak bowl", "name": "Mangkuk jati"}
    buyer = UserFactory()
    address = dutch_address(buyer)
    variant = abroad_product(**fields)
    with pytest.raises(DomainError) as exc:
        checkout(buyer, address, (variant, 1))
    assert message in exc.value.message and exc.value.field == "shipping"
    assert "artisan" in fields or str(variant.product) in exc.value.message
    assert (Purchase.objects.count(), Order.objects.count()) == (0, 0)
    assert Variant.objects.get(pk=variant.pk).stock == 5
    assert buyer.cart.lines.count() == 1


@pytest.mark.django_db
def test_the_checkout_page_shows_chargeable_weight_and_refusals(client):
    buyer = UserFactory()
    address = dutch_address(buyer)
    cart_with(buyer, (abroad_product(), 1), (abroad_product(hs_code=""), 1))
    client.force_login(buyer)
    client.cookies["django_language"] = "en"
    html = client.get(f"/checkout/?address={address.public_id}").content.decode()
    assert "charged as 10 kg (actual or volumetric, whichever is larger)" in html
    assert "has no HS code yet, so it cannot be shipped abroad." in html

"""Destination zones abroad (README "Shipping abroad"): each seeded code is a real ISO 3166 code in one zone only,
checkout prices the destination's zone at the chargeable weight, a country in no zone is refused with nothing
written, and national moderators edit zones in the admin (regional ones get 403)."""

import importlib
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.test import APIClient

from catalog.models import Variant
from craftmarket.common.errors import DomainError
from orders.forms import ShippingZoneForm
from orders.models import Order, Purchase, ShippingRate, ShippingZone, iso_country_codes
from orders.selectors import cart_view
from orders.services.checkout import CheckoutInput, purchase_checkout
from orders.shipping import destination_zone, shipping_cost
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.moderation import factories as mf
from tests.orders.factories import AddressFactory, cart_with, checkout, rate

seeded = importlib.import_module("orders.migrations.0010_seed_shipping_zones")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def address_in(buyer, country: str, phone: str, postal_code: str = "10000"):
    return AddressFactory(
        user=buyer,
        country=country,
        province="",
        kelurahan="",
        kecamatan="",
        rt_rw="",
        city="City",
        postal_code=postal_code,
        phone=phone,
    )


def product_to(*markets: str, weight: int = 900, dims=("10", "10", "10")):
    product = ProductFactory(
        artisan=ArtisanFactory(export_markets=list(markets)),
        hs_code="460212",
        ships_abroad=True,  # the artisan declares it exportable (orders.shipping.abroad_problems)
        length_cm=Decimal(dims[0]),
        width_cm=Decimal(dims[1]),
        height_cm=Decimal(dims[2]),
        weight_grams=weight,
    )
    return VariantFactory(product=product, stock=5)


def test_every_seeded_code_is_a_real_iso_code_in_one_zone_only():
    known = iso_country_codes()
    codes = [c for _code, _en, _id, countries in seeded.ZONES for c in countries.split()]
    assert [c for c in codes if c not in known] == []
    assert len(codes) == len(set(codes))
    assert "ID" not in codes
    assert len(seeded.ZONES) == 6
    # Every seeded zone has an EMS and a DHL rate, and EMS rises with distance.
    ems = seeded.RATES[0][3]
    assert set(ems) == {z[0] for z in seeded.ZONES} == set(seeded.RATES[1][3])
    order = ["asean", "east-asia", "oceania", "europe", "middle-east-africa", "americas"]
    assert [ems[z][0] for z in order] == sorted(ems[z][0] for z in order)


@pytest.mark.django_db
def test_zone_lookup_by_country():
    assert destination_zone("SG").code == "asean"
    assert destination_zone("jp").code == "east-asia"
    assert destination_zone("NZ").code == "oceania"
    assert destination_zone("NL").code == "europe"
    assert destination_zone("GB").code == "europe"
    assert destination_zone("US").code == "americas"
    assert destination_zone("AE").code == "middle-east-africa"
    assert destination_zone("IN") is None
    assert destination_zone("") is None
    # Each international rate belongs to one zone; domestic ones to none.
    assert not ShippingRate.objects.filter(zone="international", shipping_zone__isnull=True).exists()
    assert not ShippingRate.objects.exclude(zone="international").filter(shipping_zone__isnull=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "grams", "expected"),
    [
        ("asean", 1, 210_000),
        ("asean", 1_000, 210_000),
        ("asean", 1_001, 210_000 + 45_000),
        ("asean", 1_500, 210_000 + 45_000),
        ("asean", 1_501, 210_000 + 90_000),
        ("east-asia", 2_000, 260_000 + 120_000),
        ("oceania", 2_500, 300_000 + 3 * 75_000),
        ("europe", 1_001, 350_000 + 90_000),
        ("middle-east-africa", 3_000, 380_000 + 4 * 100_000),
        ("americas", 1_000, 420_000),
        ("americas", 1_499, 420_000 + 110_000),
    ],
)
def test_price_per_zone_at_chargeable_weight_boundaries(zone, grams, expected):
    assert shipping_cost(rate=rate("international", "POS Indonesia", "EMS", zone), weight_grams=grams) == expected


@pytest.mark.django_db
def test_checkout_prices_the_destination_zone_by_chargeable_weight():
    buyer = UserFactory()
    # 20×20×20 / 5000 = 1.6 kg volumetric > 0.9 kg actual: charged 2 kg.
    variant = product_to("JP", dims=("20", "20", "20"))
    purchase = checkout(buyer, address_in(buyer, "JP", "+81 3-1234-5678", "100-0001"), (variant, 1))
    order = purchase.orders.get()
    assert (order.shipping_zone, order.shipping_cost) == ("international", 260_000 + 120_000)


@pytest.mark.django_db
def test_a_rate_of_another_zone_is_refused():
    buyer = UserFactory()
    variant = product_to("JP")
    address = address_in(buyer, "JP", "+81 3-1234-5678", "100-0001")
    cart = cart_with(buyer, (variant, 1))
    data = CheckoutInput(
        address=str(address.public_id),
        shipping={variant.product.artisan.slug: rate("international", "POS Indonesia", "EMS", "asean").pk},
    )
    with pytest.raises(ValidationError) as exc:
        purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=uuid.uuid4().hex)
    assert "shipping" in exc.value.message_dict
    assert Purchase.objects.count() == 0


@pytest.mark.django_db
def test_a_country_in_no_zone_is_refused_with_nothing_written(client):
    buyer = UserFactory()
    variant = product_to("IN")
    address = address_in(buyer, "IN", "+91 11 2345 6789", "110001")
    cart = cart_with(buyer, (variant, 1))
    # The cart shows why, and offers no courier.
    view = cart_view(cart=cart, address=address)
    assert view.groups[0].shipping_problems == ["We don't ship to India yet."]
    assert view.groups[0].options == []
    data = CheckoutInput(
        address=str(address.public_id),
        shipping={variant.product.artisan.slug: rate("international", "POS Indonesia", "EMS", "asean").pk},
    )
    with pytest.raises(DomainError) as exc:
        purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=uuid.uuid4().hex)
    assert (exc.value.message, exc.value.code, exc.value.field) == (
        "We don't ship to India yet.",
        "no_shipping_zone",
        "shipping",
    )
    assert (Purchase.objects.count(), Order.objects.count()) == (0, 0)
    assert Variant.objects.get(pk=variant.pk).stock == 5
    assert cart.lines.count() == 1
    # The checkout page says so too (no 500).
    client.force_login(buyer)
    client.cookies["django_language"] = "en"
    response = client.get(f"/checkout/?address={address.public_id}")
    assert response.status_code == 200
    assert "We don&#x27;t ship to India yet." in response.content.decode()
    slug, rate_pk = variant.product.artisan.slug, data.shipping[variant.product.artisan.slug]
    response = client.post(
        f"/checkout/?address={address.public_id}",
        {"payment_method": "bank_transfer", "token": "t", f"shipping-{slug}": str(rate_pk)},
    )
    assert response.status_code == 200
    assert "We don&#x27;t ship to India yet." in response.content.decode()
    api = APIClient()
    api.force_authenticate(buyer)
    body = {"address": str(address.public_id), "shipping": {slug: rate_pk}, "payment_method": "bank_transfer"}
    response = api.post("/api/v1/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY="no-zone")
    assert response.status_code == 400
    assert response.json()["code"] == "no_shipping_zone" and response.json()["shipping"]  # in the API's language
    assert (Purchase.objects.count(), Order.objects.count(), Variant.objects.get(pk=variant.pk).stock) == (0, 0, 5)


@pytest.mark.django_db
def test_zone_form_refuses_unknown_codes_indonesia_and_a_country_in_two_zones():
    asean = ShippingZone.objects.get(code="asean")
    form = ShippingZoneForm(
        data={"code": "asean", "name_en": "ASEAN", "name_id": "ASEAN", "countries": "my sg XX ID SG JP"}, instance=asean
    )
    assert not form.is_valid()
    errors = " ".join(form.errors["countries"])
    assert "XX" in errors and "Indonesia" in errors and "SG" in errors and "JP (East Asia)" in errors
    asean.refresh_from_db()
    assert "JP" not in asean.countries
    form = ShippingZoneForm(
        data={"code": "south-asia", "name_en": "South Asia", "name_id": "Asia Selatan", "countries": "in, bd LK"}
    )
    assert form.is_valid(), form.errors
    assert form.save().countries == ["IN", "BD", "LK"]
    assert destination_zone("IN").code == "south-asia"


@pytest.mark.django_db
def test_a_national_moderator_edits_a_zone_in_the_admin_and_a_regional_one_gets_403(client):
    asean = ShippingZone.objects.get(code="asean")
    url = f"/admin/orders/shippingzone/{asean.pk}/change/"
    client.force_login(mf.regional())
    assert client.get("/admin/orders/shippingzone/").status_code == 403
    assert client.post(url, {"code": "asean", "name_en": "x", "name_id": "x", "countries": "MY"}).status_code == 403
    asean.refresh_from_db()
    assert asean.name_en == "ASEAN"

    client.force_login(mf.national())
    assert client.get("/admin/orders/shippingzone/").status_code == 200
    assert client.get(url).status_code == 200
    countries = " ".join(asean.countries)
    refused = client.post(
        url, {"code": "asean", "name_en": "ASEAN", "name_id": "ASEAN", "countries": countries + " JP"}
    )
    assert refused.status_code == 200  # the form again, with the error
    asean.refresh_from_db()
    assert "JP" not in asean.countries
    response = client.post(
        url, {"code": "asean", "name_en": "ASEAN", "name_id": "ASEAN", "countries": countries + " BD"}
    )
    assert response.status_code == 302
    asean.refresh_from_db()
    assert asean.countries[-1] == "BD"
    assert destination_zone("BD") == asean

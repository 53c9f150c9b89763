"""A realistic export order: a Yogyakarta workshop sells a rattan basket and a carved teak mask to a shop in
Hamburg, paid, in processing, with its packages entered. Built through the real services."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from orders.documents.services import PackageInput, packages_replace
from orders.models import Order
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from tests.catalog.factories import cat, published
from tests.factories import ArtisanFactory, UserFactory
from tests.orders.factories import AddressFactory, checkout

_NIB = itertools.count(1234567)


def exporter(**fields: Any):
    data = {
        "business_name": "Sanggar Kriya Tirta",
        "nib": f"91200{next(_NIB):08d}",  # NIB is unique
        "address": "Jl. Parangtritis No. 88, RT 04/RW 02",
        "district": "Mantrijeron",
        "regency": "Kota Yogyakarta",
        "province": "ID-YO",
        "postal_code": "55143",
        "phone": "+6281234500011",
        "export_markets": ["DE", "CN", "JP", "MY", "TH"],  # ships to every destination these tests use
        **fields,
    }
    return ArtisanFactory(**data)


def abroad_address(user: Any, country: str = "DE", city: str = "Hamburg", postal_code: str = "20095"):
    return AddressFactory(
        user=user,
        recipient="Nordlicht Handel GmbH",
        phone="+494012345678",
        country=country,
        street="Große Elbstraße 145",
        rt_rw="",
        kelurahan="",
        kecamatan="",
        city=city,
        province="",
        region="",
        postal_code=postal_code,
    )


def export_products(artisan: Any) -> tuple[Any, Any]:
    basket = published(
        owner=artisan,
        name="Keranjang Rotan Bundar",
        name_en="Round rattan basket, hand-woven",
        hs_code="460212",
        ships_abroad=True,
        price=185_000,
        weight_grams=900,
        length_cm=Decimal("30"),
        width_cm=Decimal("30"),
        height_cm=Decimal("25"),
        stock=50,
        province="ID-YO",
    )
    mask = published(
        owner=artisan,
        name="Topeng Kayu Jati Ukir",
        name_en="Carved teak wood mask",
        category=cat("topeng"),
        hs_code="442090",
        svlk_certified=True,
        svlk_document_number="03.01-12345-DKP-2026",
        timber_document_kind="dkp",
        timber_species="Teak",
        timber_species_scientific="Tectona grandis",
        timber_harvest_country="ID",
        timber_volume_m3=Decimal("0.0060"),
        ships_abroad=True,
        price=420_000,
        weight_grams=1_200,
        length_cm=Decimal("35"),
        width_cm=Decimal("22"),
        height_cm=Decimal("12"),
        stock=50,
        province="ID-JT",
    )
    return basket, mask


def export_order(
    *,
    quantities: tuple[int, int] = (4, 2),
    status: str = "processing",
    packages: bool = True,
    country: str = "DE",
    city: str = "Hamburg",
    **artisan_fields: Any,
) -> Order:
    artisan = exporter(**artisan_fields)
    basket, mask = export_products(artisan)
    buyer = UserFactory(email=f"einkauf{next(_NIB)}@nordlicht.example")
    purchase = checkout(
        buyer,
        abroad_address(buyer, country=country, city=city),
        (basket.variants.get(), quantities[0]),
        (mask.variants.get(), quantities[1]),
    )
    order = purchase.orders.get()
    if status != "awaiting_payment":
        payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    if status in ("processing", "shipped"):
        lifecycle.order_process(order=order, by=artisan.user)
    if packages:
        packages_replace(order=order, by=artisan.user, rows=standard_packages())
    if status == "shipped":
        lifecycle.order_ship(order=order, by=artisan.user, courier="POS Indonesia", tracking="EE123456789ID")
    return Order.objects.select_related("purchase", "artisan__user", "buyer").get(pk=order.pk)


def standard_packages() -> list[PackageInput]:
    return [
        PackageInput(2, "40", "40", "30", 1_900, 2_400, "2 round rattan baskets each"),
        PackageInput(1, "35", "25", "20", 2_400, 3_100, "2 carved teak wood masks"),
    ]

"""Factories and helpers for the orders tests; state is built through the real services where it matters."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import factory
from django.conf import settings
from factory.django import DjangoModelFactory

from orders.models import Address, Cart, Purchase, ShippingRate
from orders.services.cart import cart_get_or_create, cart_line_add
from orders.services.checkout import CheckoutInput, purchase_checkout
from orders.shipping import destination_zone, zone_for
from tests.factories import UserFactory


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    recipient = "Sari Wulandari"
    phone = "+6281234567890"
    country = "ID"
    street = "Jl. Malioboro No. 12"
    rt_rw = "003/007"
    kelurahan = "Sosromenduran"
    kecamatan = "Gedong Tengen"
    city = "Kota Yogyakarta"
    province = "ID-YO"
    postal_code = "55271"


def rate(zone: str, courier: str = "JNE", service: str = "REG", destination: str = "europe") -> ShippingRate:
    """The seeded rate of a courier service in a zone (the data migrations seed them); an international one in the
    ``destination`` zone abroad (Europe's figures are those of the single international rate before zones)."""
    if zone == ShippingRate.Zone.INTERNATIONAL:
        return ShippingRate.objects.get(courier=courier, service=service, shipping_zone__code=destination)
    return ShippingRate.objects.get(courier=courier, service=service, zone=zone)


def cart_with(user: Any, *lines: tuple[Any, int]) -> Cart:
    cart = cart_get_or_create(user=user)
    for variant, qty in lines:
        cart_line_add(cart=cart, variant_id=variant.pk, quantity=qty)
    return cart


def checkout_input(cart: Cart, address: Address, *, method: str = Purchase.Method.BANK_TRANSFER) -> CheckoutInput:
    """Cheapest JNE REG for every artisan group of the cart (zones from the address); abroad POS Indonesia EMS to
    the address's zone."""
    shipping = {}
    abroad = () if address.is_domestic else ("POS Indonesia", "EMS", destination_zone(address.country).code)
    for line in cart.lines.select_related("variant__product__artisan"):
        artisan = line.variant.product.artisan
        shipping[artisan.slug] = rate(zone_for(origin_province=artisan.province, address=address), *abroad).pk
    return CheckoutInput(address=str(address.public_id), shipping=shipping, payment_method=method)


def checkout(user: Any, address: Address, *lines: tuple[Any, int], method: str = "bank_transfer") -> Purchase:
    cart = cart_with(user, *lines)
    return purchase_checkout(
        buyer=user, cart=cart, data=checkout_input(cart, address, method=method), idempotency_key=uuid.uuid4().hex
    )


def midtrans_payload(purchase: Purchase, *, status: str = "settlement", tx: str = "tx-1", **extra: Any) -> dict:
    """A Midtrans notification signed with the test server key, as Midtrans sends it."""
    gross = f"{purchase.amount_due}.00"
    status_code = "200" if status in ("settlement", "capture") else "201" if status == "pending" else "202"
    raw = f"{purchase.number}{status_code}{gross}{settings.MIDTRANS_SERVER_KEY}"
    return {
        "transaction_time": "2026-11-29 10:00:00",
        "transaction_status": status,
        "transaction_id": tx,
        "status_message": "midtrans payment notification",
        "status_code": status_code,
        "signature_key": hashlib.sha512(raw.encode()).hexdigest(),
        "payment_type": "bank_transfer",
        "order_id": purchase.number,
        "gross_amount": gross,
        "fraud_status": "accept",
        "currency": "IDR",
        **extra,
    }

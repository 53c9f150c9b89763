"""Threads built through the real services."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from orders.conversations import services
from orders.conversations.models import Thread
from orders.services.payments import payment_confirm
from tests.artisans.factories import PDF_BYTES
from tests.catalog.factories import jpeg_bytes, published
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, checkout


def jpg(name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def pdf(name: str = "katalog.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def product_thread(*, buyer: Any = None, product: Any = None, body: str = "Apakah tas ini tersedia warna hitam?"):
    """A buyer asked about a published product: (thread, buyer, product)."""
    product = product or published()
    buyer = buyer or UserFactory()
    thread, _message, _created = services.conversation_start(by=buyer, product=product, body=body)
    return thread, buyer, product


def paid_order(*, buyer: Any, product: Any):
    purchase = checkout(buyer, AddressFactory(user=buyer), (product.variants.get(), 1))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    return purchase.orders.get()


def order_thread(*, buyer: Any = None, product: Any = None) -> tuple[Thread, Any, Any]:
    product = product or published()
    buyer = buyer or UserFactory()
    order = paid_order(buyer=buyer, product=product)
    thread, _m, _c = services.conversation_start(by=buyer, order=order, body="Kapan pesanan saya dikirim?")
    return thread, buyer, order

"""Completed orders and reviews, built through the real services (checkout, payment, the order lifecycle)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from orders.models import Order
from orders.reviews import services
from orders.reviews.models import Review
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from tests.catalog.factories import jpeg_bytes
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout


def photo(name: str = "foto.jpg", data: bytes | None = None, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes(), content_type=content_type)


def completed_order(*, buyer: Any = None, products: list | None = None, artisan: Any = None) -> Order:
    """A completed order of ``buyer`` for one unit of each product (one new product by default)."""
    buyer = buyer or UserFactory()
    artisan = artisan or (products[0].artisan if products else ArtisanFactory())
    products = products or [ProductFactory(artisan=artisan)]
    lines = []
    for product in products:
        variant = product.variants.first() or VariantFactory(product=product, stock=50)
        lines.append((variant, 1))
    purchase = checkout(buyer, AddressFactory(user=buyer), *lines)
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    order = purchase.orders.select_related("artisan__user", "buyer").get()
    maker = order.artisan.user
    lifecycle.order_process(order=order, by=maker)
    lifecycle.order_ship(order=order, by=maker, courier="JNE", tracking="JNE123")
    lifecycle.order_deliver(order=order, by=maker)
    lifecycle.order_confirm(order=order, by=buyer)
    return Order.objects.select_related("artisan__user", "buyer").get(pk=order.pk)


def review(
    *, order: Order | None = None, product: Any = None, rating: int = 5, text: str = "Bagus sekali", **kw
) -> Review:
    order = order or completed_order()
    product = product or order.lines.select_related("variant__product").first().variant.product
    return services.review_create(buyer=order.buyer, order=order, product=product, rating=rating, text=text, **kw)


def bulk_reviews(*, product: Any, ratings: list[int], buyer: Any = None) -> list[Review]:
    """Many reviews of ``product`` quickly (list pages and query budgets): one completed order through the services,
    copied once per rating, the reviews bulk-inserted oldest first and the aggregates recomputed as the services do."""
    from django.db import transaction
    from django.utils import timezone

    from orders.models import OrderLine, Purchase

    template = completed_order(products=[product], buyer=buyer)
    line = template.lines.get()
    purchases = []
    for n in range(len(ratings)):
        copy = Purchase.objects.get(pk=template.purchase_id)
        copy.pk = None
        copy.number = f"{copy.number}-{n:04d}"  # the whole number: a cut one collides
        purchases.append(copy)
    purchases = Purchase.objects.bulk_create(purchases)
    orders = []
    for n, purchase in enumerate(purchases):
        copy = Order.objects.get(pk=template.pk)
        copy.pk, copy.purchase = None, purchase
        copy.number = f"{template.number}-{n:04d}"
        orders.append(copy)
    orders = Order.objects.bulk_create(orders)
    lines = []
    for order in orders:
        copy = OrderLine.objects.get(pk=line.pk)
        copy.pk, copy.order = None, order
        lines.append(copy)
    OrderLine.objects.bulk_create(lines)
    start = timezone.now() - timezone.timedelta(days=30)
    rows = [
        Review(
            order=order,
            product=product,
            artisan_id=order.artisan_id,
            buyer_id=order.buyer_id,
            rating=rating,
            text=f"Ulasan {n}",
            created_at=start + timezone.timedelta(minutes=n),
        )
        for n, (order, rating) in enumerate(zip(orders, ratings, strict=True))
    ]
    made = Review.objects.bulk_create(rows)
    with transaction.atomic():
        services._refresh_ratings(product_id=product.pk, artisan_id=template.artisan_id)
    return made

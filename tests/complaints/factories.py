"""Delivered orders and complaints, built through the real services (checkout, payment, the order lifecycle)."""

from __future__ import annotations

from typing import Any

from orders.complaints import services
from orders.complaints.models import Complaint
from orders.models import Order
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout
from tests.orders.reviews.factories import photo

__all__ = ["complaint", "delivered_order", "photo"]


def delivered_order(*, buyer: Any = None, artisan: Any = None, product: Any = None) -> Order:
    """A delivered (not yet completed) order of ``buyer`` for one unit of one product."""
    buyer = buyer or UserFactory()
    artisan = artisan or (product.artisan if product else ArtisanFactory())
    product = product or ProductFactory(artisan=artisan)
    variant = product.variants.first() or VariantFactory(product=product, stock=50)
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 1))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    order = purchase.orders.select_related("artisan__user", "buyer").get()
    maker = order.artisan.user
    lifecycle.order_process(order=order, by=maker)
    lifecycle.order_ship(order=order, by=maker, courier="JNE", tracking="JNE123")
    lifecycle.order_deliver(order=order, by=maker)
    return Order.objects.select_related("artisan__user", "buyer").get(pk=order.pk)


def complaint(*, order: Order | None = None, request: str = "refund_full", amount: Any = None, **kw) -> Complaint:
    order = order or delivered_order()
    return services.complaint_open(
        order=order,
        by=order.buyer,
        reason=kw.pop("reason", "damaged"),
        request=request,
        requested_amount=amount,
        description=kw.pop("description", "Tasnya sobek di sisi kiri."),
        **kw,
    )

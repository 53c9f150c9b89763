"""Lead time from capacity: made-to-order lines take the product's lead time plus ceil(quantity ÷ daily
capacity) working days (six a week); the order carries the ship-by date and the capacity share, flagged to the
artisan."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.models import Product
from catalog.wholesale.selectors import lead_time
from catalog.wholesale.services import product_tiers_set
from orders.models import Order, OrderLine
from orders.selectors import cart_view
from orders.services.cart import cart_get_or_create, cart_line_add
from orders.services.checkout import purchase_checkout
from tests.factories import ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout_input

pytestmark = pytest.mark.django_db


def _made_to_order(capacity=None, lead=14):
    product = ProductFactory(made_to_order=True, lead_time_days=lead, monthly_capacity=capacity, price=100_000)
    return VariantFactory(product=product, price=100_000, stock=0)


@pytest.mark.parametrize(
    ("quantity", "capacity", "days", "production", "percent"),
    [
        (1, None, 14, 0, None),
        (400, None, 14, 0, None),
        (25, 250, 14 + 3, 3, 10),  # 10 a day: 2.5 → 3 working days
        (60, 250, 14 + 7, 6, 24),  # 6 working days = one week
        (400, 250, 14 + 40 + 6, 40, 160),  # 40 working days = 6 weeks and 4 days = 46 calendar days
    ],
)
def test_lead_time_grows_with_quantity_and_capacity(quantity, capacity, days, production, percent):
    product = _made_to_order(capacity).product
    lead = lead_time(product=product, quantity=quantity)
    assert (lead.days, lead.production_days, lead.capacity_percent) == (days, production, percent)


def test_products_in_stock_have_no_capacity_lead_time():
    assert lead_time(product=ProductFactory(monthly_capacity=100), quantity=50) is None


def test_capacity_is_set_with_the_tiers_and_a_bad_one_writes_nothing():
    variant = _made_to_order()
    product = variant.product
    for bad in (0, -3, "banyak", 2**40):
        with pytest.raises(ValidationError) as exc:
            product_tiers_set(product=product, by=product.artisan.user, tiers={}, monthly_capacity=bad)
        assert "monthly_capacity" in exc.value.message_dict
        assert Product.objects.get(pk=product.pk).monthly_capacity is None
    product_tiers_set(product=product, by=product.artisan.user, tiers={}, monthly_capacity=250)
    assert Product.objects.get(pk=product.pk).monthly_capacity == 250


def test_cart_and_checkout_show_the_lead_time_and_the_order_carries_the_ship_by_date(client):
    variant = _made_to_order(capacity=250)
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=400)
    assert cart_view(cart=cart).lines[0].lead.days == 60
    client.force_login(buyer)
    assert "Ships in about 60 days at this quantity" in client.get("/cart/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    api = APIClient()
    api.force_authenticate(buyer)
    assert api.get("/api/v1/cart/").json()["groups"][0]["items"][0]["promised_days"] == 60
    purchase = purchase_checkout(
        buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key=uuid.uuid4().hex
    )
    order = Order.objects.get(purchase=purchase)
    assert order.ship_by == timezone.localdate() + timedelta(days=60)
    assert order.capacity_percent == 160
    assert OrderLine.objects.get(order=order).promised_days == 60
    artisan = variant.product.artisan.user
    client.force_login(artisan)
    page = client.get(reverse("orders:studio-order", args=[order.number]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ship by" in page and "160 %" in page


def test_a_small_order_is_not_flagged(client):
    variant = _made_to_order(capacity=250)
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=10)
    purchase = purchase_checkout(
        buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key=uuid.uuid4().hex
    )
    order = Order.objects.get(purchase=purchase)
    assert (order.ship_by, order.capacity_percent) == (timezone.localdate() + timedelta(days=14 + 1), 4)
    client.force_login(variant.product.artisan.user)
    page = client.get(reverse("orders:studio-order", args=[order.number]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ship by" in page and "of a month's capacity" not in page

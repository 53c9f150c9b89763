"""The cart picks the tier by the quantity of each variant, shows the saving and the nudge; checkout snapshots
the tier price; a tier changed since is a 409 ``price_changed`` the buyer confirms."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from artisans.business import services as business_services
from catalog.models import Variant
from orders.errors import PriceChanged
from orders.models import CartLine, OrderLine, Purchase
from orders.selectors import cart_view
from orders.services.cart import cart_confirm_prices, cart_get_or_create, cart_line_add, cart_line_update
from orders.services.checkout import purchase_checkout
from tests.factories import ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout_input
from tests.wholesale.factories import set_ladder, tiered_variant, verified_business

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("quantity", "unit_price"),
    [(1, 100_000), (9, 100_000), (10, 95_000), (49, 95_000), (50, 85_000), (199, 85_000), (200, 72_000)],
)
def test_the_tier_is_chosen_at_each_boundary(quantity, unit_price):
    variant = tiered_variant()
    line = cart_line_add(cart=cart_get_or_create(), variant_id=variant.pk, quantity=quantity)
    expected_tier = {95_000: 10, 85_000: 50, 72_000: 200}.get(unit_price)
    assert (line.unit_price, line.tier_quantity, line.list_price) == (unit_price, expected_tier, 100_000)


def test_changing_the_quantity_moves_between_tiers_both_ways():
    variant = tiered_variant()
    cart = cart_get_or_create()
    line = cart_line_add(cart=cart, variant_id=variant.pk, quantity=9)
    assert line.unit_price == 100_000
    line = cart_line_add(cart=cart, variant_id=variant.pk, quantity=1)  # 10 in all
    assert (line.quantity, line.unit_price) == (10, 95_000)
    line = cart_line_update(cart=cart, line_id=line.public_id, quantity=60)
    assert (line.unit_price, line.tier_quantity) == (85_000, 50)
    line = cart_line_update(cart=cart, line_id=line.public_id, quantity=3)
    assert (line.unit_price, line.tier_quantity) == (100_000, None)


def test_variants_of_one_product_do_not_add_up():
    variant = tiered_variant()
    other = VariantFactory(product=variant.product, price=100_000, is_default=False, name="Besar")
    set_ladder(other, [(10, 90_000)])
    cart = cart_get_or_create()
    a = cart_line_add(cart=cart, variant_id=variant.pk, quantity=6)
    b = cart_line_add(cart=cart, variant_id=other.pk, quantity=6)
    assert (a.unit_price, b.unit_price) == (100_000, 100_000)


def test_cart_view_shows_the_saving_and_the_nudge():
    variant = tiered_variant()
    buyer = UserFactory()
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=42)
    line = cart_view(cart=cart).lines[0]
    assert (line.unit_price, line.saving) == (95_000, 5_000 * 42)
    assert (line.wholesale.add_more, line.wholesale.next_price) == (8, 85_000)


def test_cart_page_and_api_show_tier_saving_and_nudge(client):
    variant = tiered_variant()
    buyer = UserFactory()
    cart_line_add(cart=cart_get_or_create(user=buyer), variant_id=variant.pk, quantity=42)
    client.force_login(buyer)
    page = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tier price from 10 pcs" in page and "You save Rp 210.000" in page
    assert "Add 8 more for Rp 85.000 each" in page
    api = APIClient()
    api.force_authenticate(buyer)
    item = api.get("/api/v1/cart/").json()["groups"][0]["items"][0]
    assert (item["unit_price"], item["list_price"], item["tier_quantity"], item["saving"]) == (
        95_000,
        100_000,
        10,
        210_000,
    )
    assert item["next_tier"] == {"min_quantity": 50, "unit_price": 85_000, "add_more": 8}


def _checkout(buyer, cart, address):
    return purchase_checkout(
        buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key=uuid.uuid4().hex
    )


def test_checkout_snapshots_the_tier_price_on_the_order_line():
    variant = tiered_variant()
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=60)
    purchase = _checkout(buyer, cart, address)
    line = OrderLine.objects.get(order__purchase=purchase)
    assert (line.unit_price, line.list_price, line.tier_quantity, line.saving) == (85_000, 100_000, 50, 900_000)
    assert purchase.items_total == 60 * 85_000
    set_ladder(variant, [(10, 50_000)])
    line.refresh_from_db()
    assert line.unit_price == 85_000  # a snapshot: the ladder's later change does not reach the order


def test_a_tier_changed_since_adding_is_a_price_change_the_buyer_confirms():
    variant = tiered_variant()
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=60)
    set_ladder(variant, [(10, 95_000), (50, 88_000)])
    stock = Variant.objects.get(pk=variant.pk).stock
    with pytest.raises(PriceChanged) as exc:
        _checkout(buyer, cart, address)
    line = cart.lines.get()
    assert exc.value.changes == [
        {
            "item": str(line.public_id),
            "name": str(variant),
            "old_price": 85_000,
            "new_price": 88_000,
            "tier_quantity": 50,
        }
    ]
    assert Purchase.objects.count() == 0 and Variant.objects.get(pk=variant.pk).stock == stock
    assert cart_confirm_prices(cart=cart) == 1
    purchase = _checkout(buyer, cart, address)
    assert OrderLine.objects.get(order__purchase=purchase).unit_price == 88_000


def test_api_checkout_answers_409_price_changed_for_a_changed_tier():
    variant = tiered_variant()
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=12)
    set_ladder(variant, [(10, 90_000)])
    api = APIClient()
    api.force_authenticate(buyer)
    data = checkout_input(cart, address)
    body = {"address": data.address, "shipping": data.shipping, "payment_method": data.payment_method}
    response = api.post("/api/v1/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
    assert response.status_code == 409
    assert response.json()["code"] == "price_changed"
    assert Purchase.objects.count() == 0


def test_business_only_tier_for_verified_business_only_and_withdrawal_is_a_price_change():
    variant = tiered_variant(business_only={200})
    ordinary = UserFactory()
    line = cart_line_add(cart=cart_get_or_create(user=ordinary), variant_id=variant.pk, quantity=250)
    assert (line.unit_price, line.tier_quantity) == (85_000, 50)
    anonymous = cart_line_add(cart=cart_get_or_create(), variant_id=variant.pk, quantity=250)
    assert anonymous.unit_price == 85_000
    business = verified_business()
    cart = cart_get_or_create(user=business)
    line = cart_line_add(cart=cart, variant_id=variant.pk, quantity=250)
    assert (line.unit_price, line.tier_quantity) == (72_000, 200)
    business_services.business_revoke(
        profile=business.business, by=UserFactory(is_staff=True, is_superuser=True), reason="Company closed"
    )
    address = AddressFactory(user=business)
    with pytest.raises(PriceChanged):
        _checkout(type(business).objects.get(pk=business.pk), cart, address)


def test_a_ten_line_wholesale_checkout_stays_within_the_checkout_budget(django_assert_max_num_queries):
    buyer = verified_business()
    address = AddressFactory(user=buyer)
    cart = cart_get_or_create(user=buyer)
    for i in range(10):
        v = tiered_variant(price=100_000 + i, business_only={200}, artisan=ProductFactory().artisan)
        cart_line_add(cart=cart, variant_id=v.pk, quantity=60 + i)
    data = checkout_input(cart, address)
    with django_assert_max_num_queries(40) as captured:
        purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key=uuid.uuid4().hex)
    # Samples: one query looks for offers that credit samples for the whole checkout, none per artisan.
    assert sum("wholesale_sampleoffer" in q["sql"] for q in captured.captured_queries) == 1
    assert OrderLine.objects.filter(tier_quantity=50).count() == 10
    assert CartLine.objects.count() == 0

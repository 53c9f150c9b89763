"""Samples: the artisan's offer rules, the per-buyer limit over the cart and the orders, a sample line beside a
normal line of the same variant, and checkout of sample lines (price, no MOQ, stock per variant, lead time)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from catalog.models import Variant
from catalog.wholesale.models import SampleOffer
from catalog.wholesale.services import SampleInput, product_sample_set
from craftmarket.common.errors import ConflictError, DomainError, NotFound
from orders.errors import PriceChanged
from orders.models import CartLine, Order, OrderLine, Purchase
from orders.services.cart import cart_get_or_create, cart_line_add, cart_line_update, cart_sample_add
from orders.services.checkout import purchase_checkout
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, checkout_input
from tests.wholesale.factories import tiered_variant

pytestmark = pytest.mark.django_db


def offer(variant, *, price=25_000, max_units=2, lead_days=4, credit=False):
    product = variant.product
    return product_sample_set(
        product=product,
        by=product.artisan.user,
        sample=SampleInput(price=price, max_units=max_units, lead_days=lead_days, credit_on_wholesale=credit),
    )


def _checkout(buyer, cart):
    address = AddressFactory(user=buyer)
    return purchase_checkout(
        buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key=uuid.uuid4().hex
    )


def test_the_owner_offers_changes_and_withdraws_a_sample():
    variant = tiered_variant()
    first = offer(variant, price=30_000, max_units=3, lead_days=5, credit=True)
    assert (first.price, first.max_units, first.lead_days, first.credit_on_wholesale) == (30_000, 3, 5, True)
    offer(variant, price=20_000, max_units=1, lead_days=0)
    row = SampleOffer.objects.get()
    assert (row.price, row.max_units, row.lead_days, row.credit_on_wholesale) == (20_000, 1, 0, False)
    product_sample_set(product=variant.product, by=variant.product.artisan.user, sample=None)
    assert not SampleOffer.objects.exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("price", {"price": 0}),
        ("price", {"price": -5}),
        ("price", {"price": "12k"}),
        ("price", {"price": 10**15}),
        ("max_units", {"max_units": 0}),
        ("max_units", {"max_units": 4}),
        ("max_units", {"max_units": True}),
        ("lead_days", {"lead_days": -1}),
        ("lead_days", {"lead_days": 366}),
    ],
)
def test_a_broken_sample_rule_is_refused_at_its_field_and_nothing_changes(field, values):
    variant = tiered_variant()
    offer(variant, price=25_000, max_units=2, lead_days=4)
    data = {"price": 25_000, "max_units": 2, "lead_days": 4} | values
    with pytest.raises(ValidationError) as exc:
        product_sample_set(product=variant.product, by=variant.product.artisan.user, sample=SampleInput(**data))
    assert list(exc.value.message_dict) == [field]
    row = SampleOffer.objects.get()
    assert (row.price, row.max_units, row.lead_days) == (25_000, 2, 4)


def test_only_the_owner_sets_a_sample():
    variant = tiered_variant()
    with pytest.raises(NotFound):
        product_sample_set(product=variant.product, by=UserFactory(), sample=SampleInput(price=1))
    assert not SampleOffer.objects.exists()


def test_a_sample_line_sits_beside_a_normal_line_at_the_sample_price_without_moq():
    variant = tiered_variant(moq=10)
    offer(variant, price=25_000, max_units=2)
    buyer = UserFactory()
    cart = cart_get_or_create(user=buyer)
    normal = cart_line_add(cart=cart, variant_id=variant.pk, quantity=60)
    sample = cart_sample_add(cart=cart, variant_id=variant.pk, quantity=1)
    assert sample.pk != normal.pk
    assert (sample.is_sample, sample.quantity, sample.unit_price, sample.list_price, sample.tier_quantity) == (
        True,
        1,
        25_000,
        100_000,
        None,
    )
    assert (normal.unit_price, normal.tier_quantity) == (85_000, 50)
    sample = cart_sample_add(cart=cart, variant_id=variant.pk, quantity=1)
    assert (sample.quantity, CartLine.objects.count()) == (2, 2)


def test_a_sample_quantity_over_the_limit_is_refused_at_the_field_and_nothing_changes():
    variant = tiered_variant()
    offer(variant, max_units=2)
    cart = cart_get_or_create(user=UserFactory())
    with pytest.raises(DomainError) as exc:
        cart_sample_add(cart=cart, variant_id=variant.pk, quantity=3)
    assert (exc.value.code, exc.value.field) == ("sample_limit", "quantity")
    assert "at most 2 more samples" in exc.value.message
    assert not CartLine.objects.exists()
    line = cart_sample_add(cart=cart, variant_id=variant.pk, quantity=2)
    with pytest.raises(DomainError):
        cart_line_update(cart=cart, line_id=line.public_id, quantity=3)
    line.refresh_from_db()
    assert line.quantity == 2


def test_the_limit_counts_every_variant_of_the_product():
    variant = tiered_variant()
    other = Variant.objects.create(product=variant.product, name="Biru", sku="BLUE-1", price=100_000, stock=50)
    offer(variant, max_units=2)
    cart = cart_get_or_create(user=UserFactory())
    cart_sample_add(cart=cart, variant_id=variant.pk, quantity=1)
    cart_sample_add(cart=cart, variant_id=other.pk, quantity=1)
    with pytest.raises(DomainError):
        cart_sample_add(cart=cart, variant_id=other.pk, quantity=1)
    assert sum(CartLine.objects.values_list("quantity", flat=True)) == 2


def test_samples_need_an_offer_and_a_signed_in_buyer():
    variant = tiered_variant()
    with pytest.raises(ConflictError):
        cart_sample_add(cart=cart_get_or_create(user=UserFactory()), variant_id=variant.pk, quantity=1)
    offer(variant)
    with pytest.raises(DomainError) as exc:
        cart_sample_add(cart=cart_get_or_create(), variant_id=variant.pk, quantity=1)
    assert exc.value.code == "sign_in_required"
    assert not CartLine.objects.exists()


def test_checkout_marks_a_sample_order_and_the_ordered_samples_count_against_the_limit():
    variant = tiered_variant(moq=10, made_to_order=True, lead_time_days=14)
    offer(variant, price=25_000, max_units=2, lead_days=4)
    buyer = UserFactory()
    cart = cart_get_or_create(user=buyer)
    cart_sample_add(cart=cart, variant_id=variant.pk, quantity=2)
    purchase = _checkout(buyer, cart)
    order = Order.objects.get(purchase=purchase)
    line = OrderLine.objects.get(order=order)
    assert (order.is_sample, line.is_sample, line.unit_price, line.list_price, line.promised_days) == (
        True,
        True,
        25_000,
        100_000,
        4,
    )
    assert purchase.items_total == 50_000
    # Promised in Jakarta's calendar: from 17:00 UTC that is already tomorrow.
    assert order.ship_by == timezone.localdate(order.created_at) + timedelta(days=4)
    with pytest.raises(DomainError) as exc:
        cart_sample_add(cart=cart, variant_id=variant.pk, quantity=1)
    assert "already have the 2 samples" in exc.value.message
    # A cancelled order gives the samples back.
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)
    assert cart_sample_add(cart=cart, variant_id=variant.pk, quantity=2).quantity == 2


def test_a_sample_and_a_normal_line_of_one_variant_take_stock_together():
    variant = tiered_variant(stock=61)
    offer(variant, max_units=2)
    buyer = UserFactory()
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=60)
    cart_sample_add(cart=cart, variant_id=variant.pk, quantity=1)
    with pytest.raises(ConflictError):
        cart_sample_add(cart=cart, variant_id=variant.pk, quantity=1)  # 62 > 61
    purchase = _checkout(buyer, cart)
    assert Variant.objects.get(pk=variant.pk).stock == 0
    order = Order.objects.get(purchase=purchase)
    assert order.is_sample is False  # a mixed order is not a sample order; its sample line is marked
    assert sorted(order.lines.values_list("is_sample", "quantity", "unit_price")) == [
        (False, 60, 85_000),
        (True, 1, 25_000),
    ]
    assert purchase.items_total == 60 * 85_000 + 25_000


def test_checkout_refuses_when_the_stock_cannot_cover_both_lines_and_writes_nothing():
    variant = tiered_variant(stock=61)
    offer(variant, max_units=2)
    buyer = UserFactory()
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=variant.pk, quantity=60)
    cart_sample_add(cart=cart, variant_id=variant.pk, quantity=1)
    Variant.objects.filter(pk=variant.pk).update(stock=60)
    with pytest.raises(ConflictError):
        _checkout(buyer, cart)
    assert (Variant.objects.get(pk=variant.pk).stock, Purchase.objects.count(), CartLine.objects.count()) == (60, 0, 2)


def test_a_changed_sample_price_is_a_price_change_and_a_withdrawn_offer_is_unavailable():
    variant = tiered_variant()
    offer(variant, price=25_000)
    buyer = UserFactory()
    cart = cart_get_or_create(user=buyer)
    cart_sample_add(cart=cart, variant_id=variant.pk, quantity=1)
    offer(variant, price=30_000)
    with pytest.raises(PriceChanged) as exc:
        _checkout(buyer, cart)
    assert exc.value.changes[0]["new_price"] == 30_000
    product_sample_set(product=variant.product, by=variant.product.artisan.user, sample=None)
    with pytest.raises(ConflictError):
        _checkout(buyer, cart)
    assert Purchase.objects.count() == 0


def test_studio_sample_terms_save_and_refuse_at_the_field(client):
    variant = tiered_variant()
    product = variant.product
    client.force_login(product.artisan.user)
    edit = client.get(reverse("catalog:studio-edit", args=[product.slug])).content.decode()
    assert 'id="samples"' in edit and 'name="sample-max_units"' in edit
    url = reverse("wholesale:studio-sample", args=[product.slug])
    bad = client.post(
        url,
        {"sample-offered": "on", "sample-price": "25000", "sample-max_units": "4", "sample-lead_days": "3"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "sample-max_units" in page
    assert "less than or equal to 3" in page
    missing = client.post(
        url, {"sample-offered": "on", "sample-max_units": "2", "sample-lead_days": "3"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert missing.status_code == 400 and "Required when samples are offered." in missing.content.decode()
    assert not SampleOffer.objects.exists()
    ok = client.post(
        url,
        {
            "sample-offered": "on",
            "sample-price": "25000",
            "sample-max_units": "2",
            "sample-lead_days": "3",
            "sample-credit_on_wholesale": "on",
        },
    )
    assert ok.status_code == 302 and ok["Location"].endswith("#samples")
    row = SampleOffer.objects.get()
    assert (row.price, row.max_units, row.lead_days, row.credit_on_wholesale) == (25_000, 2, 3, True)
    edit = client.get(reverse("catalog:studio-edit", args=[product.slug])).content.decode()
    assert 'value="25000"' in edit
    assert client.post(url, {}).status_code == 302  # unticked: withdrawn
    assert not SampleOffer.objects.exists()


def test_api_sample_terms_read_and_write_and_refuse_at_the_field():
    variant = tiered_variant()
    product = variant.product
    type(product).objects.filter(pk=product.pk).update(province="ID-YO")  # a product the service may update
    api = APIClient()
    api.force_authenticate(product.artisan.user)
    url = f"/api/v1/products/{product.slug}/"
    assert api.get(url).json()["sample"] is None
    over = api.patch(
        url,
        {"monthly_capacity": 500, "sample": {"price": 25_000, "max_units": 4, "lead_days": 3}},
        format="json",
    )
    assert over.status_code == 400
    assert "max_units" in over.json()["sample"]
    zero = api.patch(
        url,
        {"monthly_capacity": 500, "sample": {"price": 0, "max_units": 2, "lead_days": 3}},
        format="json",
    )
    assert zero.status_code == 400 and "price" in zero.json()["sample"]
    product.refresh_from_db()
    assert product.monthly_capacity != 500 and not SampleOffer.objects.exists()  # nothing half-saved
    ok = api.patch(
        url,
        {
            "sample": {
                "price": 25_000,
                "max_units": 2,
                "lead_days": 3,
                "credit_on_wholesale": True,
            }
        },
        format="json",
    )
    assert ok.status_code == 200
    assert ok.json()["sample"] == {
        "price": 25_000,
        "max_units": 2,
        "lead_days": 3,
        "credit_on_wholesale": True,
    }
    assert APIClient().get(url).json()["sample"]["price"] == 25_000
    assert api.patch(url, {"sample": None}, format="json").json()["sample"] is None


def test_api_cart_sample_line_and_the_limit_as_json_400():
    variant = tiered_variant()
    offer(variant, price=25_000, max_units=2)
    buyer = UserFactory()
    api = APIClient()
    api.force_authenticate(buyer)
    added = api.post("/api/v1/cart/items/", {"variant": variant.pk, "quantity": 1, "sample": True}, format="json")
    assert added.status_code == 201, added.json()
    over = api.post(
        "/api/v1/cart/items/",
        {"variant": variant.pk, "quantity": 2, "sample": True},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert over.status_code == 400
    body = over.json()
    assert "quantity" in str(body) and "at most 1 more" in str(body)
    assert CartLine.objects.get().quantity == 1
    cart = api.get("/api/v1/cart/").json()
    lines = [line for group in cart["groups"] for line in group["items"]]
    assert [(line["is_sample"], line["unit_price"]) for line in lines] == [(True, 25_000)]

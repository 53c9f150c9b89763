from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from orders.errors import IdempotencyKeyReused
from orders.models import IdempotencyKey, Purchase
from orders.services.checkout import purchase_checkout
from orders.tasks import expire_unpaid_purchases
from tests.factories import UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout_input, rate

pytestmark = pytest.mark.django_db


def test_same_key_same_body_returns_the_same_purchase():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5)
    cart = cart_with(buyer, (v, 1))
    data = checkout_input(cart, address)
    first = purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key="abc")
    again = purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key="abc")
    assert again.pk == first.pk
    assert Purchase.objects.count() == 1
    v.refresh_from_db()
    assert v.stock == 4


def test_same_key_with_a_different_body_is_422_and_changes_nothing():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    other_address = AddressFactory(user=buyer, province="ID-JT", city="Kota Semarang", postal_code="50132")
    v = VariantFactory(stock=5)
    cart = cart_with(buyer, (v, 1))
    purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="abc")
    cart_with(buyer, (v, 1))
    different = checkout_input(cart, other_address)
    with pytest.raises(IdempotencyKeyReused) as exc:
        purchase_checkout(buyer=buyer, cart=cart, data=different, idempotency_key="abc")
    assert exc.value.status == 422
    assert Purchase.objects.count() == 1
    v.refresh_from_db()
    assert v.stock == 4


def test_a_key_is_per_buyer():
    v = VariantFactory(stock=5)
    pks = set()
    for _ in range(2):
        buyer = UserFactory()
        address = AddressFactory(user=buyer)
        cart = cart_with(buyer, (v, 1))
        pks.add(purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="k").pk)
    assert len(pks) == 2


def test_a_failed_checkout_does_not_consume_the_key():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5)
    cart = cart_with(buyer, (v, 1))
    data = checkout_input(cart, address)
    bad = type(data)(
        address=data.address, shipping={v.product.artisan.slug: rate("international", "DHL", "Express Worldwide").pk}
    )
    with pytest.raises(Exception):  # noqa: B017  (the shipping choice is refused)
        purchase_checkout(buyer=buyer, cart=cart, data=bad, idempotency_key="k")
    assert not IdempotencyKey.objects.exists()
    assert purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key="k").pk


def test_keys_expire_after_24_hours():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5)
    cart = cart_with(buyer, (v, 1))
    first = purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="k")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    cart_with(buyer, (v, 1))
    second = purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="k")
    assert second.pk != first.pk
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    expire_unpaid_purchases()
    assert not IdempotencyKey.objects.exists()


def test_missing_key_is_refused():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    cart = cart_with(buyer, (VariantFactory(stock=5), 1))
    with pytest.raises(Exception, match=gettext("A checkout needs an idempotency key of 1 to 100 characters.")):
        purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="  ")
    assert Purchase.objects.count() == 0

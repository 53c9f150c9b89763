"""Checkout idempotency over HTTP (the service-level cases live in tests/orders/test_idempotency.py and
test_checkout_race.py): twenty concurrent requests with one key get one Purchase and byte-identical bodies, and the
same key with a different body is 422 over the API too."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from catalog.models import Variant
from orders.models import Order, Purchase
from tests.factories import UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout_input


def _body(cart, address) -> dict:
    data = checkout_input(cart, address)
    return {"address": data.address, "shipping": data.shipping, "payment_method": data.payment_method}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_api_checkouts_with_one_key_make_one_purchase_and_the_same_body():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    variant = VariantFactory(stock=10)
    cart = cart_with(buyer, (variant, 2))
    body = _body(cart, address)
    barrier = threading.Barrier(20)
    results: list = [None] * 20

    def run(i: int) -> None:
        try:
            client = APIClient()
            client.force_authenticate(buyer)
            barrier.wait(timeout=30)
            response = client.post(reverse("api-checkout"), body, format="json", HTTP_IDEMPOTENCY_KEY="k-20")
            results[i] = (response.status_code, response.content)
        except Exception as exc:  # reported by the assertion below
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert {status for status, _ in results} == {201}, results
    assert len({content for _, content in results}) == 1
    assert json.loads(results[0][1])["number"] == Purchase.objects.get().number
    assert Order.objects.count() == 1
    assert Variant.objects.get(pk=variant.pk).stock == 8


@pytest.mark.django_db
def test_the_same_key_with_a_different_body_is_422_over_the_api_and_changes_nothing():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    other = AddressFactory(user=buyer, province="ID-JT", city="Kota Semarang", postal_code="50132")
    variant = VariantFactory(stock=5)
    cart = cart_with(buyer, (variant, 1))
    client = APIClient()
    client.force_authenticate(buyer)
    first = client.post(reverse("api-checkout"), _body(cart, address), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == 201, first.content
    cart_with(buyer, (variant, 1))
    again = client.post(reverse("api-checkout"), _body(cart, other), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert again.status_code == 422, again.content
    assert again.json()["detail"]
    assert Purchase.objects.count() == 1
    assert Variant.objects.get(pk=variant.pk).stock == 4

"""Hostile values and malformed bodies on the shop's endpoints (cart, checkout, order actions, products, the
artisan profile, certifications, the Midtrans notification, conversations), sent by the user who may call them:
never a 5xx, a refusal is JSON with a message, and a refused request writes nothing."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from artisans.models import Artisan, Certification
from catalog.models import Product, Variant
from orders.conversations import services as conversations
from orders.conversations.models import Message, Report, Thread
from orders.models import Address, CartLine, Order, Purchase
from orders.reviews.models import Review
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from tests.artisans.factories import CertificationFactory
from tests.catalog.factories import draft, published
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, cart_with, checkout, checkout_input
from tests.orders.reviews.factories import completed_order, review
from tests.quotes.factories import quote as quote_for
from tests.quotes.factories import rfq as rfq_for
from tests.security.hostile import (
    AUTH_GET_ENDPOINTS,
    ENDPOINTS,
    MALFORMED_BODIES,
    WORLD_FIELDS,
    assert_clean_refusal,
    body_cases,
    hostile_query,
    needs_world,
    query_cases,
)
from tests.wholesale.factories import verified_business

pytestmark = pytest.mark.django_db

SHOP = [e for e in ENDPOINTS if needs_world(e)]
REFUSALS = (400, 403, 404, 409, 422)
WATCHED = (Artisan, Certification, Product, Variant, Purchase, Order, Address, Review, Thread, Message, Report)


@pytest.fixture
def world(db):
    product = published(stock=10)
    artisan = product.artisan
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    purchase = checkout(buyer, address, (product.variants.get(), 1))
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    order = purchase.orders.get()
    lifecycle.order_process(order=order, by=artisan.user)
    reviewable = published(owner=artisan, name="Tikar Pandan", stock=10)
    completed = completed_order(buyer=buyer, products=[product, reviewable])  # checks out the buyer's cart: first
    cart = cart_with(buyer, (product.variants.get(), 1))
    thread, _message, _created = conversations.conversation_start(by=buyer, product=product, body="Halo")
    verified_business(buyer)
    sent = quote_for(request=rfq_for(by=buyer, artisan=artisan), artisan=artisan)
    return {
        "quote": str(sent.public_id),
        "completed": completed.number,
        "reviewable": reviewable.slug,
        "review": str(review(order=completed, product=product).pk),
        "published": product.slug,
        "thread": str(thread.public_id),
        "buyer": buyer,
        "artisan": artisan.user,
        "line": str(cart.lines.get().public_id),
        "address": str(address.public_id),
        "order": order.number,
        "purchase": purchase.number,
        "draft": draft(owner=artisan).slug,
        "certification": str(CertificationFactory(artisan=artisan).pk),
        "variant": product.variants.get().pk,
        "shipping": checkout_input(cart, address).shipping,
    }


def _fill(value, world):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return world[value[1:-1]]
    return value


def _request(world, endpoint, body: bytes, content_type: str = "application/json"):
    client = APIClient()
    client.raise_request_exception = False
    if endpoint.auth:
        client.force_authenticate(world[endpoint.auth])
    path = endpoint.path.format(**world)
    return client.generic(endpoint.method.upper(), path, body, content_type=content_type, HTTP_IDEMPOTENCY_KEY="hk-1")


def _state() -> dict:
    state = {}
    for model in WATCHED:  # a no-op save may touch updated_at; everything else must stay
        rows = model.objects.order_by("pk").values()
        state[model.__name__] = [{k: v for k, v in row.items() if k != "updated_at"} for row in rows]
    state["CartLine"] = list(CartLine.objects.order_by("pk").values("pk", "quantity", "variant_id"))
    return state


def _each_in_a_savepoint(items, check) -> list[str]:
    """Run ``check`` for every item in its own savepoint, rolled back after: one world serves every case."""
    failures = []
    for item_id, item in items:
        savepoint = transaction.savepoint_create()
        try:
            check(item)
        except AssertionError as exc:
            failures.append(f"{item_id}: {str(exc)[:300]}")
        finally:
            transaction.savepoint_rollback(savepoint)
    return failures


@pytest.mark.parametrize("endpoint", SHOP, ids=lambda e: e.name)
def test_hostile_field_values_on_the_shop_endpoints_are_refused_with_a_message(world, endpoint):
    def check(case):
        body = {name: world[name] if name in WORLD_FIELDS else _fill(v, world) for name, v in endpoint.body.items()}
        body[case.field] = case.hostile.value
        before = _state()
        response = _request(world, endpoint, json.dumps(body).encode())
        assert_clean_refusal(response, allowed=REFUSALS, may_succeed=case.may_succeed)
        if response.status_code >= 400:
            assert _state() == before, "a refused request changed the database"

    failures = _each_in_a_savepoint(((case.id, case) for _e, case in body_cases([endpoint])), check)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("endpoint", SHOP, ids=lambda e: e.name)
def test_malformed_bodies_on_the_shop_endpoints_are_refused_with_a_message(world, endpoint):
    def check(malformed):
        _id, body, content_type = malformed
        before = _state()
        response = _request(world, endpoint, body, content_type)
        # A PATCH whose body parses to nothing changes nothing and may answer 200 with the unchanged object.
        assert_clean_refusal(response, allowed=(*REFUSALS, 415), may_succeed=endpoint.method == "patch")
        assert _state() == before, "a malformed body changed the database"

    failures = _each_in_a_savepoint(((m[0], m) for m in MALFORMED_BODIES), check)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("endpoint", AUTH_GET_ENDPOINTS, ids=lambda e: e.name)
def test_hostile_query_values_on_signed_in_lists_are_refused_with_a_message(world, endpoint):
    def check(case):
        client = APIClient()
        client.raise_request_exception = False
        client.force_authenticate(world[endpoint.auth])
        response = client.get(endpoint.path, hostile_query(endpoint, case))
        assert_clean_refusal(response, allowed=(400, 404), may_succeed=True)

    failures = _each_in_a_savepoint(((case.id, case) for _e, case in query_cases([endpoint])), check)
    assert not failures, "\n".join(failures)

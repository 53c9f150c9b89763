"""The journeys' pages that no other area budgets run a constant number of SQL queries: the count for one item
equals the count for many (cart, checkout, payment instructions, the studio's profile and product form).

Home, search, category, product page and the studio's product list are budgeted in tests/web and tests/catalog,
the admin's moderation pages in tests/moderation. These run through Django's test client (the live server's
queries happen in another thread), beside the browser journeys they stand for.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import services as catalog_services
from tests.catalog import factories as f
from tests.e2e.journeys.conftest import seed_reference_data
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, cart_with, checkout

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _reference_data(db) -> None:
    seed_reference_data()  # an earlier browser test's flush removed the migrations' rows


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _variant(owner, name: str):
    product = f.quick_published(owner=owner, name=name, slug=name.lower().replace(" ", "-"))
    return product.variants.get()


@pytest.fixture
def buyer(client):
    user = UserFactory(email="sari@example.id")
    AddressFactory(user=user)
    client.force_login(user)
    return user


def test_cart_and_checkout_pages_do_not_grow_with_lines_or_artisans(client, buyer):
    first = f.artisan(province="ID-JB")
    cart_with(buyer, (_variant(first, "Tas Satu"), 1))
    small = {name: _queries(client, reverse(name)) for name in ("orders:cart", "orders:checkout")}

    for a in range(3):
        owner = f.artisan(province=["ID-BA", "ID-YO", "ID-NB"][a])
        cart_with(buyer, *[(_variant(owner, f"Tas {a} {i}"), 1) for i in range(3)])
    large = {name: _queries(client, reverse(name)) for name in ("orders:cart", "orders:checkout")}
    assert large == small


def test_payment_instructions_do_not_grow_with_orders(client, buyer):
    address = buyer.addresses.get()
    one = checkout(buyer, address, (_variant(f.artisan(province="ID-JB"), "Tas Satu"), 1))
    small = _queries(client, one.get_absolute_url())

    lines = [(_variant(f.artisan(province=p), f"Tas {p}"), 2) for p in ("ID-BA", "ID-YO", "ID-NB", "ID-JT")]
    many = checkout(buyer, address, *lines)
    assert many.orders.count() == 4
    assert _queries(client, many.get_absolute_url()) == small


def test_studio_profile_and_product_form_do_not_grow_with_photos(client):
    product = f.draft(images=1)
    client.force_login(product.artisan.user)
    edit = reverse("catalog:studio-edit", args=[product.slug])
    small = {"profile": _queries(client, reverse("studio:profile")), "edit": _queries(client, edit)}

    for i in range(4):
        catalog_services.product_image_add(product=product, by=product.artisan.user, file=f.upload(f"x{i}.jpg"))
    assert product.images.count() == 5
    assert {"profile": _queries(client, reverse("studio:profile")), "edit": _queries(client, edit)} == small

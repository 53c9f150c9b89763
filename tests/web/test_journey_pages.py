"""Every page of the four journeys: html lang, alt on every img, a label on every input (tests.web.checks.problems)
and a number of SQL queries that does not grow with the data (measured, then measured again with more data)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Category, Product, ProductImage
from orders.models import Order
from tests.factories import ArtisanFactory, CategoryFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout
from tests.web.checks import problems

pytestmark = pytest.mark.django_db

# The most queries any page of the journeys may run (session, user, artisan profile, header counts included: the
# notification bell and the unread messages); the studio dashboard is the largest (14, with its performance
# snapshots), the buyer's cart, checkout and payment pages run 11.
PAGE_BUDGET = 14


@dataclass
class World:
    family: Category
    child: Category
    artisans: list
    products: list
    buyer: object
    purchase: object
    order: Order
    seller: object  # the artisan whose studio we visit


def add_product(artisan, category: Category, n: int) -> Product:
    product = ProductFactory(artisan=artisan, category=category, name=f"Tas Rotan {artisan.pk}-{n}", featured=n == 0)
    product.variants.all().delete()
    VariantFactory(product=product, stock=40, is_default=True)
    VariantFactory(product=product, stock=5, is_default=False, name="Besar")
    ProductImage.objects.create(
        product=product,
        original="originals/p.jpg",
        is_primary=True,
        status=ProductImage.Status.READY,
        alt_text=f"Tas rotan {n}",
        renditions=[{"width": 640, "format": "webp", "url": f"/media/r/{product.slug}.webp"}],
    )
    ProductImage.objects.create(product=product, original="originals/q.jpg", position=1)
    return product


def grow(world: World, artisans: int, products_each: int) -> None:
    """More artisans and products, more cart lines and orders: the page query counts must not change."""
    for a in range(artisans):
        artisan = ArtisanFactory(province=["ID-YO", "ID-JB", "ID-BA"][a % 3])
        world.artisans.append(artisan)
        for n in range(products_each):
            world.products.append(add_product(artisan, world.child, n))
    # the seller gets more products and orders, the buyer more lines in the cart
    for n in range(2):
        product = add_product(world.seller, world.child, 100 + len(world.products) + n)
        buyer = UserFactory()
        checkout(buyer, AddressFactory(user=buyer), (product.variants.first(), 1))
    cart_with(world.buyer, *[(p.variants.first(), 1) for p in world.products[-2:]])


@pytest.fixture
def world() -> World:
    family = CategoryFactory(slug="anyaman", name_id="Kerajinan Anyaman", name_en="Woven crafts")
    child = CategoryFactory(slug="tas-rotan", name_id="Tas Rotan", name_en="Rattan bags", parent=family)
    seller = ArtisanFactory(business_name="Rotan Tegalwangi", province="ID-JB")
    buyer = UserFactory(email="pembeli@example.test")
    products = [add_product(seller, child, n) for n in range(3)]
    other = ArtisanFactory(business_name="Perak Kotagede", province="ID-YO")
    products += [add_product(other, child, n) for n in range(3)]
    purchase = checkout(
        buyer, AddressFactory(user=buyer), (products[0].variants.first(), 1), (products[3].variants.first(), 1)
    )
    cart_with(buyer, (products[1].variants.first(), 1), (products[4].variants.first(), 1))
    world = World(
        family, child, [seller, other], products, buyer, purchase, purchase.orders.get(artisan=seller), seller
    )
    cache.clear()
    return world


Page = tuple[str, Callable[[World], str], str]  # name, URL of the world, who visits: anon, buyer or seller

PAGES: list[Page] = [
    ("home", lambda w: reverse("home"), "anon"),
    ("category", lambda w: reverse("catalog:category", args=[w.family.slug]), "anon"),
    ("search", lambda w: reverse("catalog:search") + "?q=rotan&province=ID-JB", "anon"),
    ("product", lambda w: w.products[0].get_absolute_url(), "anon"),
    ("artisan", lambda w: reverse("artisans:detail", args=[w.seller.slug]), "anon"),
    ("artisans", lambda w: reverse("artisans:list"), "anon"),
    ("cart", lambda w: reverse("orders:cart"), "buyer"),
    ("checkout", lambda w: reverse("orders:checkout"), "buyer"),
    ("purchase", lambda w: reverse("orders:purchase", args=[w.purchase.number]), "buyer"),
    ("order", lambda w: reverse("orders:order-detail", args=[w.order.number]), "buyer"),
    ("account", lambda w: reverse("account"), "buyer"),
    ("studio dashboard", lambda w: reverse("studio:dashboard"), "seller"),
    ("studio products", lambda w: reverse("catalog:studio-products"), "seller"),
    ("studio product form", lambda w: reverse("catalog:studio-edit", args=[w.products[0].slug]), "seller"),
    ("studio new product", lambda w: reverse("catalog:studio-create"), "seller"),
    ("studio orders", lambda w: reverse("orders:studio-orders"), "seller"),
    ("studio order", lambda w: reverse("orders:studio-order", args=[w.order.number]), "seller"),
    ("studio profile", lambda w: reverse("studio:profile"), "seller"),
    ("signup", lambda w: reverse("signup"), "anon"),
    ("login", lambda w: reverse("login"), "anon"),
    ("password reset", lambda w: reverse("password_reset"), "anon"),
]


def visit(client, world: World, page: Page, language: str = "id", assert_max=None):
    _name, url, who = page
    client.logout()
    client.cookies["django_language"] = language
    if who == "buyer":
        client.force_login(world.buyer)
    elif who == "seller":
        client.force_login(world.seller.user)
    client.get(url(world))  # warm what the pages cache (the category tree, the material choices)
    with CaptureQueriesContext(connection) as ctx, assert_max(PAGE_BUDGET) if assert_max else nullcontext():
        response = client.get(url(world))
    assert response.status_code == 200, (page[0], response.status_code)
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("language", ["id", "en"])
def test_page_passes_the_checks(client, world, page, language):
    response, _queries = visit(client, world, page, language)
    html = response.content.decode()
    assert problems(html) == []
    assert f'<html lang="{language}"' in html


@pytest.mark.parametrize("page", PAGES, ids=[p[0] for p in PAGES])
def test_page_runs_a_constant_number_of_queries(client, world, page, django_assert_max_num_queries):
    _response, before = visit(client, world, page)
    grow(world, artisans=3, products_each=4)
    _response, after = visit(client, world, page)
    assert after == before, f"{page[0]}: {before} queries, then {after} with more data"
    visit(client, world, page, assert_max=django_assert_max_num_queries)

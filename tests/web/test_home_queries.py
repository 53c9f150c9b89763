"""The home page runs the same small number of queries whatever the size of the catalogue."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ProductImage
from tests.factories import ArtisanFactory, ProductFactory

pytestmark = pytest.mark.django_db

HOME_QUERY_BUDGET = 6


def add_catalogue(n: int) -> None:
    for i in range(n):
        artisan = ArtisanFactory(province=["ID-YO", "ID-JB", "ID-BA", "ID-JT"][i % 4])
        for j in range(3):
            product = ProductFactory(artisan=artisan, featured=j == 0)
            ProductImage.objects.create(
                product=product,
                original="originals/p.jpg",
                is_primary=True,
                status=ProductImage.Status.READY,
                renditions=[{"width": 640, "format": "webp", "url": f"/media/{product.slug}.webp"}],
            )


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_home_page_query_count_does_not_grow_with_the_catalogue(client, django_assert_max_num_queries):
    add_catalogue(2)
    cache.clear()
    cold = home_queries(client)  # builds the cached category tree: one query more
    small = home_queries(client)
    assert cold == small + 1
    add_catalogue(8)
    large = home_queries(client)
    assert small == large
    with django_assert_max_num_queries(HOME_QUERY_BUDGET):
        client.get("/")


def test_home_page_for_a_signed_in_artisan_stays_within_budget(client, django_assert_max_num_queries):
    add_catalogue(3)
    artisan = ArtisanFactory()
    client.force_login(artisan.user)
    client.get("/")  # the category tree is cached after the first visit
    # session + user + artisan profile + unread-notification count + unread-message count + cart count for the
    # header, on top of the anonymous budget
    with django_assert_max_num_queries(HOME_QUERY_BUDGET + 6):
        client.get("/")

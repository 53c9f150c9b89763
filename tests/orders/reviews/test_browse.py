"""Browse and search filter by "4 stars and up" and sort by rating, on the web and in the API, from the stored
aggregates: the counts follow the filter, and a page costs the same queries whatever its size."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from catalog import selectors
from tests.factories import CategoryFactory, ProductFactory
from tests.orders.reviews.factories import bulk_reviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated():
    category = CategoryFactory(slug="rotan")
    best = ProductFactory(category=category, name="Tas Rotan Terbaik", slug="tas-terbaik")
    good = ProductFactory(category=category, name="Tas Rotan Bagus", slug="tas-bagus")
    fair = ProductFactory(category=category, name="Tas Rotan Biasa", slug="tas-biasa")
    unrated = ProductFactory(category=category, name="Tas Rotan Baru", slug="tas-baru")
    bulk_reviews(product=best, ratings=[5, 5, 4])  # 4.67
    bulk_reviews(product=good, ratings=[4, 4])  # 4.00: "4 stars and up" includes it
    bulk_reviews(product=fair, ratings=[5, 2])  # 3.50
    return best, good, fair, unrated


def test_the_selector_filters_and_sorts_on_the_stored_average(rated):
    best, good, fair, unrated = rated
    four_up = selectors.product_list_public(filters={"min_rating": 4})
    assert set(four_up) == {best, good}
    assert list(selectors.product_list_public(filters={"sort": "rating"})) == [best, good, fair, unrated]
    assert list(selectors.product_list_public(filters={"min_rating": 3, "sort": "rating", "q": "rotan"})) == [
        best,
        good,
        fair,
    ]


def test_the_search_page_filters_by_four_stars_and_up_and_its_count_follows(client, rated):
    best, good, fair, unrated = rated
    html = client.get(reverse("catalog:search"), {"min_rating": "4", "sort": "rating"}).content.decode()
    assert html.index(best.name) < html.index(good.name)
    assert fair.name not in html and unrated.name not in html
    assert 'name="min_rating"' in html
    everything = client.get(reverse("catalog:category", kwargs={"slug": "rotan"}), {"sort": "rating"})
    page = everything.content.decode()
    assert page.index(best.name) < page.index(good.name) < page.index(fair.name) < page.index(unrated.name)
    assert client.get(reverse("catalog:search"), {"min_rating": "9"}).status_code == 200  # ignored, not a 500


def test_the_api_filters_and_sorts_by_rating(rated):
    best, good, fair, unrated = rated
    api = APIClient()
    body = api.get(reverse("api-products"), {"min_rating": 4, "sort": "rating"}).json()
    assert body["count"] == 2
    assert [p["slug"] for p in body["results"]] == [best.slug, good.slug]
    assert body["results"][0]["rating_average"] == 4.67 and body["results"][0]["rating_count"] == 3
    assert api.get(reverse("api-products"), {"min_rating": 6}).status_code == 400
    assert api.get(reverse("api-products"), {"sort": "stars"}).status_code == 400


def test_ratings_on_list_pages_cost_no_query_per_product(client, rated):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("catalog:category", kwargs={"slug": "rotan"})
    client.get(url)
    cache.clear()  # the list caches are retired after commit, which a test transaction never reaches
    selectors.category_tree()
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"sort": "rating"})
    for n in range(6):
        bulk_reviews(product=ProductFactory(category=rated[0].category, slug=f"tas-lain-{n}"), ratings=[4])
    cache.clear()
    selectors.category_tree()
    with CaptureQueriesContext(connection) as many:
        html = client.get(url, {"sort": "rating"}).content.decode()
    assert html.count('class="rating"') == 9
    assert len(many) == len(few)

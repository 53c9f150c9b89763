"""Cached fragments (catalog.fragments): the product page's body and the product cards are rendered once per
version and viewer class, and nobody ever sees another visitor's token, a stale price or another viewer's page."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from catalog import fragments, search, selectors, services
from catalog.models import ProductImage
from tests.catalog import factories as f

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'nonce="[^"]+"')


def without_tokens(html: str) -> str:
    return NONCE.sub("", TOKEN.sub("", html))


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def page(client: Client, product, **params) -> str:
    response = client.get(reverse("catalog:product", args=[product.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_is_served_from_the_cached_body_with_one_query(client, django_assert_max_num_queries):
    product = f.published(name="Tas Anyaman Pandan", stock=4)
    first = page(client, product)
    with django_assert_max_num_queries(1):  # the page's version; the body comes from the cache
        second = page(Client(), product)
    assert without_tokens(first) == without_tokens(second)
    assert "Tas Anyaman Pandan" in second


def test_each_visitor_gets_a_working_token_of_their_own_from_the_cached_body(client):
    product = f.published(stock=4)
    variant = product.variants.get()
    page(Client(), product)  # someone else fills the cache
    visitor = Client(enforce_csrf_checks=True)
    html = page(visitor, product)
    assert fragments.csrf_placeholder() not in html
    buy_form = html[html.index("data-cart-form") :]
    token = TOKEN.search(buy_form).group(1)
    response = visitor.post(
        reverse("orders:cart-add"), {"variant": variant.pk, "quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert response.status_code in (200, 302), response.status_code
    assert Client(enforce_csrf_checks=True).post(reverse("orders:cart-add"), {"variant": variant.pk}).status_code == 403


def test_the_cached_json_ld_script_carries_this_responses_nonce(client):
    product = f.published()
    page(Client(), product)
    response = client.get(reverse("catalog:product", args=[product.slug]))
    html = response.content.decode()
    nonce = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">', html).group(1)
    assert nonce != fragments.nonce_placeholder()
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


def test_a_price_change_shows_at_once(client):
    product = f.published(price=100_000, stock=4)
    assert "Rp 100.000" in page(client, product)
    services.product_update(product=product, by=product.artisan.user, fields={"price": 150_000})
    html = page(client, product)
    assert "Rp 150.000" in html and "Rp 100.000" not in html


def test_a_finished_rendition_replaces_the_placeholder(client):
    product = f.published()
    assert gettext("Photo is being processed") in page(client, product)
    image = product.images.get()
    ProductImage.objects.filter(pk=image.pk).update(
        status=ProductImage.Status.READY,
        renditions=[{"width": 640, "name": "renditions/products/x-640.webp", "format": "webp"}],
    )
    html = page(client, product)
    assert gettext("Photo is being processed") not in html
    assert "x-640.webp" in html


def test_the_owner_and_a_visitor_each_see_their_own_page_whoever_came_first(client):
    product = f.published()
    ask = gettext("Ask the artisan")
    assert ask in page(Client(), product)
    owner = Client()
    owner.force_login(product.artisan.user)
    assert ask not in page(owner, product)
    assert ask in page(Client(), product)


def test_other_query_strings_are_rendered_not_cached(client):
    product = f.published()
    page(client, product, utm_source="newsletter")
    assert not [k for k in cache._cache if "catalog:page:" in k]  # locmem: what is stored
    page(client, product)
    assert [k for k in cache._cache if "catalog:page:" in k]


def test_the_switch_turns_the_fragment_cache_off(client, settings):
    settings.CATALOG_FRAGMENT_CACHE = False
    product = f.published()
    page(client, product)
    assert not [k for k in cache._cache if "catalog:" in k and (":page:" in k or ":card:" in k)]


def test_a_card_is_rendered_once_and_changes_key_with_what_it_shows():
    a = f.published(name="Gelang Perak", price=200_000)
    b = f.published(name="Cincin Perak", price=300_000)
    products = list(selectors.product_search_public(filters={}).products)
    rendered = []

    def render_one(product):
        rendered.append(product.pk)
        return f"<li>{product.name} {product.price}</li>"

    fragments.render_cards(products, request=None, render_one=render_one)
    assert sorted(rendered) == sorted([a.pk, b.pk])
    rendered.clear()
    html = fragments.render_cards(products, request=None, render_one=render_one)
    assert rendered == [] and "<li>Gelang Perak 200000</li>" in html
    services.product_update(product=a, by=a.artisan.user, fields={"price": 250_000})
    products = list(selectors.product_search_public(filters={}).products)
    html = fragments.render_cards(products, request=None, render_one=render_one)
    assert rendered == [a.pk] and "<li>Gelang Perak 250000</li>" in html


def test_list_pages_show_a_changed_card_after_a_catalogue_change(client, django_capture_on_commit_callbacks):
    product = f.published(name="Keris Hias", price=400_000)
    url = reverse("catalog:search") + "?q=Keris"
    assert "Rp 400.000" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the service retires the lists after its commit
        services.product_update(product=product, by=product.artisan.user, fields={"price": 450_000})
    html = client.get(url).content.decode()
    assert "Rp 450.000" in html and "Rp 400.000" not in html


def test_filters_outlive_a_catalogue_change_but_follow_the_language(client, settings):
    f.published(name="Topeng Kayu")
    url = reverse("catalog:search") + "?q=Topeng"
    indonesian = client.get(url).content.decode()
    selectors.catalog_changed()
    keys = [k for k in cache._cache if "catalog:filters:" in k]
    assert len(keys) == 1
    assert without_tokens(client.get(url).content.decode()) == without_tokens(
        indonesian
    )  # the same page: cached filters, rebuilt results
    assert [k for k in cache._cache if "catalog:filters:" in k] == keys
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert len([k for k in cache._cache if "catalog:filters:" in k]) == 2
    assert "Filter products" in english


def test_an_uncached_list_page_loads_whole_rows_only_for_the_cards_it_lacks(client, django_capture_on_commit_callbacks):
    products = [f.published(name=f"Wayang Kulit {n}", price=100_000 + n * 1000) for n in range(3)]
    url = reverse("catalog:search") + "?q=Wayang"
    client.get(url)  # every card rendered and kept

    def whole_rows(queries) -> list[str]:  # a query selecting the description loads whole product rows
        return [q["sql"] for q in queries if '"catalog_product"."description"' in q["sql"].split(" FROM ")[0]]

    with django_capture_on_commit_callbacks(execute=True):
        selectors.catalog_changed()  # the list parts retired: the page is built again, from its cards
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert whole_rows(ctx.captured_queries) == []
    assert all(p.name in html for p in products)

    changed = products[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.product_update(product=changed, by=changed.artisan.user, fields={"price": 175_000})
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    loaded = whole_rows(ctx.captured_queries)
    assert len(loaded) == 1 and f"({changed.pk})" in loaded[0].replace(" ", "")
    assert "Rp 175.000" in html and all(p.name in html for p in products)


def product_counts(queries) -> list[str]:
    return [
        q["sql"] for q in queries if q["sql"].lstrip().startswith("SELECT COUNT(") and "catalog_product" in q["sql"]
    ]


@pytest.mark.postgres
def test_a_search_page_counts_its_matches_once_and_a_broad_one_not_at_all(
    client, refresh_vectors, monkeypatch, django_capture_on_commit_callbacks
):
    for n in range(3):
        f.published(name=f"Songket Palembang {n}")
    f.published(name="Keranjang Rotan")
    refresh_vectors()
    url = reverse("catalog:search") + "?q=songket"
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert ngettext("%(n)s product", "%(n)s products", 3) % {"n": 3} in html
    assert len(product_counts(ctx.captured_queries)) == 1  # the search's own count of matches serves the page

    # Broad (every word names more products than a search lists): the popularity walk finds more than the limit
    # and nothing counts the matches; the page says "more than".
    monkeypatch.setattr(search, "RESULT_LIMIT", 2)
    with django_capture_on_commit_callbacks(execute=True):
        selectors.catalog_changed()
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert product_counts(ctx.captured_queries) == []
    assert gettext("More than %(n)s products") % {"n": "2"} in html

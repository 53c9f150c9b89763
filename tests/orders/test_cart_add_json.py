"""The product page's add-to-cart form: JSON {"cart_count", "message"} for fetch, the header's cart count."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import Product
from orders.models import CartLine
from tests.factories import ProductFactory, UserFactory, VariantFactory
from tests.web.checks import soup_of

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def add(client, variant, quantity=1, **headers):
    return client.post(reverse("orders:cart-add"), {"variant": variant.pk, "quantity": quantity}, **headers)


def header_count(client) -> str:
    badge = soup_of(client.get(reverse("home"))).select_one("[data-cart-count]")
    return "" if badge.has_attr("hidden") else badge.get_text(" ", strip=True).split()[-1]


def test_json_add_answers_the_new_count_and_a_message(client):
    first = VariantFactory(product=ProductFactory(), stock=5)
    second = VariantFactory(product=ProductFactory(), stock=5)
    assert add(client, first, **JSON).json() == {"cart_count": 1, "message": _("Added to your cart.")}
    response = add(client, second, 2, **JSON)
    assert response.status_code == 200
    assert response.json()["cart_count"] == 2
    assert header_count(client) == "2"


def test_json_add_of_too_many_is_refused_with_the_reason_and_nothing_added(client):
    variant = VariantFactory(product=ProductFactory(), stock=1)
    response = add(client, variant, 3, **JSON)
    assert response.status_code == 409
    assert response.json()["cart_count"] == 0
    assert response.json()["message"]
    assert CartLine.objects.count() == 0


def test_json_add_of_an_unpublished_product_is_refused_as_not_available(client):
    variant = VariantFactory(product=ProductFactory(status=Product.Status.DRAFT), stock=5)
    response = add(client, variant, 1, **JSON)
    assert response.status_code == 404
    assert response.json()["message"] == _("This product is not available.")
    assert CartLine.objects.count() == 0


def test_plain_form_post_still_redirects_to_the_cart(client):
    variant = VariantFactory(product=ProductFactory(), stock=5)
    response = add(client, variant)
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:cart")
    assert CartLine.objects.get().quantity == 1


def test_header_count_is_hidden_without_a_cart_and_follows_the_signed_in_buyer(client):
    assert header_count(client) == ""
    buyer = UserFactory()
    client.force_login(buyer)
    add(client, VariantFactory(product=ProductFactory(), stock=5))
    assert header_count(client) == "1"


def test_product_page_offers_variant_quantity_from_the_moq_and_the_cart_form(client):
    product = ProductFactory(min_order_quantity=3)
    product.variants.all().delete()
    VariantFactory(product=product, name="Kecil", stock=10, is_default=True)
    VariantFactory(product=product, name="Besar", stock=0, is_default=False)
    soup = soup_of(client.get(product.get_absolute_url()))
    form = soup.select_one("form[data-cart-form]")
    assert form["action"] == reverse("orders:cart-add")
    quantity = form.select_one("input[name=quantity]")
    assert (quantity["min"], quantity["value"]) == ("3", "3")
    radios = {
        r.find_next("label").get_text(" ", strip=True).split(" ·")[0]: r for r in form.select("input[name=variant]")
    }
    assert radios["Kecil"].has_attr("checked")
    assert radios["Besar"].has_attr("disabled")


def test_product_out_of_stock_shows_a_clear_message_instead_of_the_form(client):
    product = ProductFactory(made_to_order=False)
    product.variants.update(stock=0)
    soup = soup_of(client.get(product.get_absolute_url()))
    assert soup.select_one("form[data-cart-form]") is None
    assert _("Out of stock") in soup.select_one(".buy-unavailable").get_text()

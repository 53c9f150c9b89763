from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Product
from craftmarket.common.errors import ConflictError, DomainError, NotFound
from orders.models import Cart, CartLine
from orders.selectors import cart_view
from orders.services.cart import cart_get_or_create, cart_line_add, cart_line_remove, cart_line_update, cart_merge
from orders.tasks import expire_unpaid_purchases
from tests.factories import PASSWORD, ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2.5", "abc", None, True, "", [1]])
def test_bad_quantities_are_refused_and_nothing_is_added(bad):
    cart = cart_get_or_create()
    v = VariantFactory(stock=5)
    with pytest.raises(DomainError) as exc:
        cart_line_add(cart=cart, variant_id=v.pk, quantity=bad)
    assert exc.value.field == "quantity"
    assert CartLine.objects.count() == 0


def test_adding_twice_adds_up_and_remembers_the_price():
    cart = cart_get_or_create()
    v = VariantFactory(stock=5, price=120_000)
    cart_line_add(cart=cart, variant_id=v.pk, quantity=2)
    line = cart_line_add(cart=cart, variant_id=v.pk, quantity="1")
    assert (line.quantity, line.unit_price) == (3, 120_000)
    assert CartLine.objects.count() == 1


def test_quantity_is_capped_by_stock_and_moq():
    cart = cart_get_or_create()
    v = VariantFactory(stock=3, product=ProductFactory(min_order_quantity=2))
    with pytest.raises(DomainError) as exc:
        cart_line_add(cart=cart, variant_id=v.pk, quantity=1)
    assert exc.value.code == "below_moq"
    with pytest.raises(ConflictError) as exc:
        cart_line_add(cart=cart, variant_id=v.pk, quantity=4)
    assert exc.value.code == "out_of_stock"
    assert CartLine.objects.count() == 0
    line = cart_line_add(cart=cart, variant_id=v.pk, quantity=3)
    with pytest.raises(DomainError):
        cart_line_update(cart=cart, line_id=line.public_id, quantity=1)
    line.refresh_from_db()
    assert line.quantity == 3


def test_made_to_order_is_not_capped_by_stock():
    cart = cart_get_or_create()
    v = VariantFactory(stock=0, product=ProductFactory(made_to_order=True, lead_time_days=14))
    assert cart_line_add(cart=cart, variant_id=v.pk, quantity=25).quantity == 25


@pytest.mark.parametrize("status", [Product.Status.DRAFT, Product.Status.PENDING, Product.Status.ARCHIVED])
def test_unpublished_products_cannot_be_added(status):
    cart = cart_get_or_create()
    v = VariantFactory(product=ProductFactory(status=status))
    with pytest.raises(NotFound):
        cart_line_add(cart=cart, variant_id=v.pk, quantity=1)
    with pytest.raises(NotFound):
        cart_line_add(cart=cart, variant_id="nope", quantity=1)
    assert CartLine.objects.count() == 0


def test_another_carts_line_is_not_found():
    mine, theirs = cart_get_or_create(), cart_get_or_create()
    line = cart_line_add(cart=theirs, variant_id=VariantFactory().pk, quantity=1)
    with pytest.raises(NotFound):
        cart_line_update(cart=mine, line_id=line.public_id, quantity=2)
    with pytest.raises(NotFound):
        cart_line_remove(cart=mine, line_id=line.public_id)
    with pytest.raises(NotFound):
        cart_line_remove(cart=mine, line_id="12")
    line.refresh_from_db()
    assert line.quantity == 1


def test_cart_groups_per_artisan_with_subtotal_weight_and_shipping():
    buyer = UserFactory()
    address = AddressFactory(user=buyer, province="ID-YO")
    jogja, bali = ArtisanFactory(province="ID-YO"), ArtisanFactory(province="ID-BA")
    cart = cart_get_or_create(user=buyer)
    cart_line_add(
        cart=cart,
        variant_id=VariantFactory(product=ProductFactory(artisan=jogja, price=50_000, weight_grams=600)).pk,
        quantity=2,
    )
    cart_line_add(
        cart=cart,
        variant_id=VariantFactory(product=ProductFactory(artisan=bali, price=80_000, weight_grams=400)).pk,
        quantity=1,
    )
    view = cart_view(cart=cart, address=address)
    groups = {g.artisan.pk: g for g in view.groups}
    assert (groups[jogja.pk].subtotal, groups[jogja.pk].weight_grams, groups[jogja.pk].billable_kg) == (
        100_000,
        1200,
        2,
    )
    assert groups[jogja.pk].zone == "same_province"
    assert groups[jogja.pk].cheapest_shipping == 8_000 + 6_000
    assert groups[bali.pk].zone == "other_island"
    assert groups[bali.pk].cheapest_shipping == 32_000
    assert view.subtotal == 180_000


def test_anonymous_cart_merges_into_the_buyers_cart_at_login(client):
    buyer = UserFactory(email="sari@example.id")
    kept = VariantFactory(stock=5)
    both = VariantFactory(stock=4)
    cart = cart_get_or_create(user=buyer)
    cart_line_add(cart=cart, variant_id=both.pk, quantity=3)

    client.post("/cart/add/", {"variant": kept.pk, "quantity": 2})
    client.post("/cart/add/", {"variant": both.pk, "quantity": 2})
    anon = Cart.objects.get(user__isnull=True)
    response = client.post("/accounts/login/", {"username": "sari@example.id", "password": PASSWORD})
    assert response.status_code == 302

    assert not Cart.objects.filter(pk=anon.pk).exists()
    lines = {line.variant_id: line.quantity for line in CartLine.objects.filter(cart__user=buyer)}
    assert lines == {kept.pk: 2, both.pk: 4}  # 3 + 2 capped at the 4 in stock


def test_merge_drops_lines_of_products_no_longer_public():
    buyer = UserFactory()
    anon = cart_get_or_create()
    v = VariantFactory()
    cart_line_add(cart=anon, variant_id=v.pk, quantity=1)
    Product.objects.filter(pk=v.product_id).update(status=Product.Status.ARCHIVED)
    merged = cart_merge(user=buyer, token=str(anon.token))
    assert merged.lines.count() == 0
    assert not Cart.objects.filter(pk=anon.pk).exists()


def test_stale_anonymous_carts_are_cleaned_up_but_buyers_carts_kept(settings):
    stale, fresh = cart_get_or_create(), cart_get_or_create()
    mine = cart_get_or_create(user=UserFactory())
    old = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    Cart.objects.filter(pk__in=[stale.pk, mine.pk]).update(updated_at=old)
    expire_unpaid_purchases()
    assert set(Cart.objects.values_list("pk", flat=True)) == {fresh.pk, mine.pk}

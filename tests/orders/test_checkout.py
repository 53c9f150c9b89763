import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from catalog.models import Product, Variant
from craftmarket.common.errors import ConflictError, DomainError, NotFound
from orders.errors import PriceChanged
from orders.models import CartLine, Order, OrderLine, OrderStatusChange, Purchase
from orders.services.cart import cart_confirm_prices
from orders.services.checkout import CheckoutInput, purchase_checkout
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout, checkout_input, rate

pytestmark = pytest.mark.django_db


def test_checkout_splits_one_purchase_into_one_order_per_artisan_with_snapshots():
    buyer = UserFactory()
    address = AddressFactory(user=buyer, province="ID-YO")
    jogja = ArtisanFactory(province="ID-YO")
    bali = ArtisanFactory(province="ID-BA")
    a = VariantFactory(product=ProductFactory(artisan=jogja, price=150_000, weight_grams=700), price=150_000, stock=5)
    b = VariantFactory(product=ProductFactory(artisan=bali, price=90_000, weight_grams=1200), price=90_000, stock=3)

    purchase = checkout(buyer, address, (a, 2), (b, 1))

    assert purchase.status == Purchase.Status.AWAITING_PAYMENT
    orders = {o.artisan_id: o for o in purchase.orders.all()}
    assert set(orders) == {jogja.pk, bali.pk}
    # Jogja to Jogja: same province, 1.4 kg -> 2 kg: 10 000 + 8 000.
    assert orders[jogja.pk].items_total == 300_000
    assert orders[jogja.pk].shipping_cost == 18_000
    assert orders[jogja.pk].shipping_zone == "same_province"
    # Bali to Jogja: other island, 1.2 kg -> 2 kg: 38 000 + 30 000.
    assert orders[bali.pk].shipping_cost == 68_000
    assert orders[bali.pk].shipping_zone == "other_island"
    assert purchase.items_total == 390_000
    assert purchase.shipping_total == 86_000
    assert 1 <= purchase.unique_code <= 999
    assert purchase.amount_due == 476_000 + purchase.unique_code
    line = OrderLine.objects.get(order=orders[jogja.pk])
    assert (line.product_name, line.sku, line.unit_price, line.quantity, line.weight_grams) == (
        a.product.name,
        a.sku,
        150_000,
        2,
        700,
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (3, 2)
    assert CartLine.objects.filter(cart__user=buyer).count() == 0
    assert OrderStatusChange.objects.filter(order__purchase=purchase, to_status="awaiting_payment").count() == 2
    for order in orders.values():
        assert order.number.startswith("CM-") and len(order.number) == 14


def test_midtrans_purchase_has_no_unique_code():
    buyer = UserFactory()
    v = VariantFactory(stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (v, 1), method="midtrans")
    assert purchase.unique_code == 0
    assert purchase.amount_due == purchase.items_total + purchase.shipping_total


def test_two_open_transfers_with_the_same_total_get_different_amounts():
    v = VariantFactory(stock=5)
    amounts = set()
    for _ in range(3):
        buyer = UserFactory()
        amounts.add(checkout(buyer, AddressFactory(user=buyer), (v, 1)).amount_due)
    assert len(amounts) == 3


def test_made_to_order_is_not_capped_by_stock_and_keeps_stock():
    buyer = UserFactory()
    v = VariantFactory(product=ProductFactory(made_to_order=True, lead_time_days=21), stock=0)
    purchase = checkout(buyer, AddressFactory(user=buyer), (v, 4))
    line = OrderLine.objects.get(order__purchase=purchase)
    assert (line.quantity, line.made_to_order, line.lead_time_days, line.stock_reserved) == (4, True, 21, False)
    v.refresh_from_db()
    assert v.stock == 0


def test_international_address_uses_international_rates():
    buyer = UserFactory()
    address = AddressFactory(
        user=buyer,
        country="SG",
        province="",
        kelurahan="",
        kecamatan="",
        rt_rw="",
        city="Singapore",
        postal_code="238859",
        phone="+65 6123 4567",
    )
    # Abroad: the artisan ships to Singapore, and the product has an HS code and parcel dimensions.
    product = ProductFactory(
        artisan=ArtisanFactory(export_markets=["Singapore"]),
        hs_code="460212",
        ships_abroad=True,
        length_cm=20,
        width_cm=15,
        height_cm=10,
    )
    v = VariantFactory(product=product, stock=5)
    purchase = checkout(buyer, address, (v, 1))
    order = purchase.orders.get()
    assert order.shipping_zone == "international"
    assert (order.shipping_courier, order.shipping_cost) == ("POS Indonesia", 210_000)  # EMS to ASEAN, first kg


def _snapshot():
    return (
        Purchase.objects.count(),
        Order.objects.count(),
        OrderLine.objects.count(),
        list(Variant.objects.order_by("pk").values_list("stock", flat=True)),
    )


def test_stock_gone_since_added_refuses_and_changes_nothing():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    a = VariantFactory(stock=5)
    b = VariantFactory(stock=2)
    cart = cart_with(buyer, (a, 2), (b, 2))
    Variant.objects.filter(pk=b.pk).update(stock=1)
    before = _snapshot()
    with pytest.raises(ConflictError) as exc:
        purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="k1")
    assert exc.value.code == "out_of_stock"
    assert _snapshot() == before
    assert cart.lines.count() == 2


def test_unpublished_product_in_cart_refuses_checkout():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5)
    cart = cart_with(buyer, (v, 1))
    Product.objects.filter(pk=v.product_id).update(status=Product.Status.ARCHIVED)
    before = _snapshot()
    with pytest.raises(ConflictError) as exc:
        purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="k1")
    assert exc.value.code == "unavailable"
    assert _snapshot() == before


def test_empty_cart_bad_address_and_missing_shipping_are_refused():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    cart = cart_with(buyer)
    with pytest.raises(DomainError, match=gettext("Your cart is empty.")):
        purchase_checkout(
            buyer=buyer, cart=cart, data=CheckoutInput(address=str(address.public_id)), idempotency_key="a"
        )
    v = VariantFactory(stock=5)
    cart = cart_with(buyer, (v, 1))
    other = AddressFactory()
    with pytest.raises(ValidationError) as exc:
        purchase_checkout(buyer=buyer, cart=cart, data=CheckoutInput(address=str(other.public_id)), idempotency_key="b")
    assert "address" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        purchase_checkout(
            buyer=buyer, cart=cart, data=CheckoutInput(address=str(address.public_id)), idempotency_key="c"
        )
    assert "shipping" in exc.value.message_dict
    wrong_zone = CheckoutInput(
        address=str(address.public_id),
        shipping={v.product.artisan.slug: rate("international", "POS Indonesia", "EMS").pk},
    )
    with pytest.raises(ValidationError):
        purchase_checkout(buyer=buyer, cart=cart, data=wrong_zone, idempotency_key="d")
    assert Purchase.objects.count() == 0
    v.refresh_from_db()
    assert v.stock == 5


def test_price_change_is_refused_until_the_buyer_confirms():
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5, price=100_000)
    cart = cart_with(buyer, (v, 2))
    Variant.objects.filter(pk=v.pk).update(price=120_000)
    with pytest.raises(PriceChanged) as exc:
        purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="k")
    line = cart.lines.get()
    assert exc.value.status == 409
    assert exc.value.changes == [
        {"item": str(line.public_id), "name": str(v), "old_price": 100_000, "new_price": 120_000}
    ]
    assert Purchase.objects.count() == 0

    assert cart_confirm_prices(cart=cart) == 1
    purchase = purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="k")
    assert OrderLine.objects.get(order__purchase=purchase).unit_price == 120_000
    assert purchase.items_total == 240_000


def test_checkout_of_ten_lines_over_three_artisans_is_bounded_in_queries(django_assert_max_num_queries):
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    artisans = [ArtisanFactory(province=p) for p in ("ID-YO", "ID-JB", "ID-SN")]
    variants = [VariantFactory(product=ProductFactory(artisan=artisans[i % 3]), stock=20) for i in range(10)]
    cart = cart_with(buyer, *[(v, 1) for v in variants])
    data = checkout_input(cart, address)
    with django_assert_max_num_queries(60):
        purchase = purchase_checkout(buyer=buyer, cart=cart, data=data, idempotency_key="ten")
    assert purchase.orders.count() == 3
    assert OrderLine.objects.filter(order__purchase=purchase).count() == 10


def test_an_order_heavier_than_its_weight_column_is_refused_on_every_database():
    """10 000 made-to-order units of a tonne: 10^10 g, beyond the order's integer column (SQLite would store it)."""
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    heavy = VariantFactory(
        product=ProductFactory(made_to_order=True, lead_time_days=30, weight_grams=1_000_000), stock=0
    )
    cart = cart_with(buyer, (heavy, 10_000))
    before = _snapshot()
    with pytest.raises(DomainError) as exc:
        purchase_checkout(buyer=buyer, cart=cart, data=checkout_input(cart, address), idempotency_key="k-heavy")
    assert (exc.value.code, exc.value.field) == ("too_heavy", "quantity")
    assert _snapshot() == before
    assert not Purchase.objects.exists()


def test_checking_out_another_buyers_cart_is_a_404_and_changes_nothing():
    owner, intruder = UserFactory(), UserFactory()
    variant = VariantFactory(stock=5)
    cart = cart_with(owner, (variant, 2))
    address = AddressFactory(user=intruder)
    before = _snapshot()
    with pytest.raises(NotFound):
        purchase_checkout(buyer=intruder, cart=cart, data=checkout_input(cart, address), idempotency_key="k-intruder")
    assert _snapshot() == before
    assert cart.lines.count() == 1 and Variant.objects.get(pk=variant.pk).stock == 5

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from catalog.models import Variant
from orders.models import CartLine, Order, OrderStatusChange, Payment, Purchase
from orders.services.payments import payment_confirm
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout, rate

pytestmark = pytest.mark.django_db


def client_for(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_anonymous_cart_add_patch_delete_through_the_session():
    api = APIClient()
    v = VariantFactory(stock=5, price=75_000)
    response = api.post("/api/v1/cart/items/", {"variant": v.pk, "quantity": 2}, format="json")
    assert response.status_code == 201
    body = response.json()
    item = body["groups"][0]["items"][0]
    assert (body["count"], body["subtotal"], item["quantity"], item["unit_price"]) == (2, 150_000, 2, 75_000)
    assert api.get("/api/v1/cart/").json()["count"] == 2
    assert api.patch(f"/api/v1/cart/items/{item['id']}/", {"quantity": 3}, format="json").json()["count"] == 3
    assert api.delete(f"/api/v1/cart/items/{item['id']}/").status_code == 204
    assert api.get("/api/v1/cart/").json()["count"] == 0


@pytest.mark.parametrize("qty", [0, -3, 1.5, "x", None])
def test_bad_quantity_is_400_with_a_field_message(qty):
    v = VariantFactory(stock=5)
    response = APIClient().post("/api/v1/cart/items/", {"variant": v.pk, "quantity": qty}, format="json")
    assert response.status_code == 400
    assert "quantity" in response.json()
    assert CartLine.objects.count() == 0


def test_out_of_stock_is_409_and_unpublished_is_404():
    api = APIClient()
    v = VariantFactory(stock=1)
    assert api.post("/api/v1/cart/items/", {"variant": v.pk, "quantity": 2}, format="json").status_code == 409
    hidden = VariantFactory(product=ProductFactory(status="draft"))
    assert api.post("/api/v1/cart/items/", {"variant": hidden.pk, "quantity": 1}, format="json").status_code == 404
    assert CartLine.objects.count() == 0


def test_cart_items_of_another_cart_are_404():
    owner = client_for(UserFactory())
    owner.post("/api/v1/cart/items/", {"variant": VariantFactory().pk, "quantity": 1}, format="json")
    item_id = CartLine.objects.get().public_id
    other = client_for(UserFactory())
    assert other.patch(f"/api/v1/cart/items/{item_id}/", {"quantity": 2}, format="json").status_code == 404
    assert other.delete(f"/api/v1/cart/items/{item_id}/").status_code == 404
    assert APIClient().delete(f"/api/v1/cart/items/{item_id}/").status_code == 404
    assert CartLine.objects.get().quantity == 1


def _api_checkout(api, address, variant, key="key-1", **extra):
    body = {
        "address": str(address.public_id),
        "shipping": {variant.product.artisan.slug: rate("same_province").pk},
        "payment_method": "bank_transfer",
        **extra,
    }
    return api.post("/api/v1/checkout/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_api_checkout_is_idempotent_and_a_different_body_is_422():
    buyer = UserFactory()
    api = client_for(buyer)
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5)
    api.post("/api/v1/cart/items/", {"variant": v.pk, "quantity": 2}, format="json")
    first = _api_checkout(api, address, v)
    assert first.status_code == 201
    again = _api_checkout(api, address, v)
    assert again.status_code == 201
    assert again.json() == first.json()
    body = first.json()
    assert body["payment"]["method"] == "bank_transfer"
    assert body["payment"]["accounts"][0]["bank"] == "BCA"
    assert body["amount_due"] == body["items_total"] + body["shipping_total"] + body["unique_code"]
    different = _api_checkout(api, address, v, payment_method="midtrans")
    assert different.status_code == 422
    assert Purchase.objects.count() == 1
    assert Variant.objects.get(pk=v.pk).stock == 3
    assert _api_checkout(api, address, v, key="").status_code == 400


def test_api_checkout_price_change_is_409_with_the_new_prices_until_confirmed():
    buyer = UserFactory()
    api = client_for(buyer)
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5, price=100_000)
    api.post("/api/v1/cart/items/", {"variant": v.pk, "quantity": 1}, format="json")
    Variant.objects.filter(pk=v.pk).update(price=110_000)
    response = _api_checkout(api, address, v)
    assert response.status_code == 409
    assert response.json()["code"] == "price_changed"
    assert response.json()["price_changes"][0]["new_price"] == 110_000
    assert api.post("/api/v1/cart/confirm-prices/").json()["price_changes"] == []
    assert _api_checkout(api, address, v).json()["items_total"] == 110_000


def test_api_checkout_requires_login_and_a_valid_body():
    assert APIClient().post("/api/v1/checkout/", {}, format="json").status_code in (401, 403)
    buyer = UserFactory()
    response = client_for(buyer).post(
        "/api/v1/checkout/", {"address": "x", "shipping": {"a": "b"}}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 400
    assert Purchase.objects.count() == 0


def test_addresses_api_validates_indonesian_postal_codes_and_phones():
    api = client_for(UserFactory())
    good = {
        "recipient": "Budi",
        "phone": "0812 3456 7890",
        "street": "Jl. Kaliurang Km 5",
        "kelurahan": "Caturtunggal",
        "kecamatan": "Depok",
        "city": "Kabupaten Sleman",
        "province": "ID-YO",
        "postal_code": "55281",
    }
    created = api.post("/api/v1/addresses/", good, format="json")
    assert created.status_code == 201
    assert created.json()["phone"] == "+6281234567890"
    bad = api.post("/api/v1/addresses/", {**good, "postal_code": "5528", "province": "ID-XX"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()) == {"postal_code", "province"}
    abroad = {
        "recipient": "Anna",
        "phone": "+31 20 123 4567",
        "street": "Damrak 1",
        "city": "Amsterdam",
        "country": "NL",
        "postal_code": "1012 LG",
    }
    assert api.post("/api/v1/addresses/", abroad, format="json").status_code == 201
    assert len(api.get("/api/v1/addresses/").json()["results"]) == 2


@pytest.fixture
def placed():
    buyer = UserFactory()
    artisan = ArtisanFactory()
    v = VariantFactory(product=ProductFactory(artisan=artisan), stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (v, 1))
    return purchase, purchase.orders.get(), buyer, artisan


def test_orders_are_visible_only_to_their_buyer_and_artisan(placed):
    purchase, order, buyer, artisan = placed
    url = f"/api/v1/orders/{order.number}/"
    assert client_for(buyer).get(url).json()["number"] == order.number
    assert client_for(artisan.user).get(url).status_code == 200
    assert client_for(UserFactory()).get(url).status_code == 404
    assert client_for(ArtisanFactory().user).get(url).status_code == 404
    assert client_for(UserFactory()).get(f"/api/v1/purchases/{purchase.number}/").status_code == 404
    assert client_for(artisan.user).get(f"/api/v1/purchases/{purchase.number}/").status_code == 404
    assert client_for(UserFactory()).get("/api/v1/orders/").json()["count"] == 0
    assert client_for(buyer).get("/api/v1/orders/").json()["count"] == 1
    assert client_for(artisan.user).get("/api/v1/orders/?as=artisan").json()["count"] == 1
    assert client_for(artisan.user).get("/api/v1/orders/?as=artisan&status=paid").json()["count"] == 0
    assert client_for(artisan.user).get("/api/v1/orders/?status=nope").status_code == 400
    assert client_for(buyer).get("/api/v1/orders/?as=artisan").status_code == 404
    for action in ("cancel", "process", "ship", "deliver", "confirm"):
        for stranger in (UserFactory(), ArtisanFactory().user):
            response = client_for(stranger).post(f"{url}{action}/", {"reason": "x", "tracking": "T"}, format="json")
            assert response.status_code == 404
    assert Order.objects.get().status == "awaiting_payment"


def test_order_actions_through_the_api(placed):
    purchase, order, buyer, artisan = placed
    url = f"/api/v1/orders/{order.number}/"
    seller = client_for(artisan.user)
    assert seller.post(f"{url}process/").status_code == 409  # not paid yet
    assert client_for(buyer).post(f"{url}process/").status_code == 403
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    assert seller.post(f"{url}process/").json()["status"] == "processing"
    assert client_for(buyer).post(f"{url}cancel/").status_code == 409
    assert seller.post(f"{url}ship/", {"courier": "JNE"}, format="json").status_code == 400
    shipped = seller.post(f"{url}ship/", {"courier": "JNE", "tracking": "JNE000111"}, format="json").json()
    assert shipped["shipping"]["tracking_number"] == "JNE000111"
    assert seller.post(f"{url}deliver/").json()["status"] == "delivered"
    assert client_for(buyer).post(f"{url}confirm/").json()["status"] == "completed"
    assert client_for(buyer).post(f"{url}confirm/").status_code == 409
    assert client_for(buyer).post(f"{url}refund/").status_code == 404
    assert OrderStatusChange.objects.filter(order=order).count() == 6


def test_addresses_and_proofs_of_another_buyer_are_404(placed, client):
    purchase, _order, buyer, _artisan = placed
    address = buyer.addresses.get()
    stranger = UserFactory()
    api = client_for(stranger)
    assert api.delete(f"/api/v1/addresses/{address.public_id}/").status_code == 404
    assert api.delete("/api/v1/addresses/not-a-uuid/").status_code == 404
    assert api.get("/api/v1/addresses/").json() == {"results": []}
    pdf = SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert (
        api.post(f"/api/v1/purchases/{purchase.number}/proof/", {"proof": pdf}, format="multipart").status_code == 404
    )
    client.force_login(stranger)
    assert client.post(f"/addresses/{address.public_id}/delete/").status_code == 404
    assert buyer.addresses.count() == 1
    assert not Payment.objects.exists()
    own = client_for(buyer).post(
        f"/api/v1/purchases/{purchase.number}/proof/",
        {"proof": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n")},
        format="multipart",
    )
    assert own.status_code == 201
    assert client_for(buyer).delete(f"/api/v1/addresses/{address.public_id}/").status_code == 204


def test_patching_an_address_changes_the_given_fields_and_keeps_the_others(placed):
    purchase, _order, buyer, _artisan = placed
    address = buyer.addresses.get()
    api = client_for(buyer)
    url = f"/api/v1/addresses/{address.public_id}/"

    changed = api.patch(url, {"street": "Jl. Prawirotaman No. 3", "phone": "0812 1111 2222"}, format="json")
    assert changed.status_code == 200
    body = changed.json()
    assert (body["street"], body["phone"], body["recipient"]) == (
        "Jl. Prawirotaman No. 3",
        "+6281211112222",
        "Sari Wulandari",
    )
    assert Purchase.objects.get(pk=purchase.pk).address["lines"][0].startswith("Jl. Malioboro No. 12")  # as placed

    bad = api.patch(url, {"postal_code": "5528", "province": "ID-XX"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()) == {"postal_code", "province"}
    assert api.patch(url, ["not", "an", "object"], format="json").status_code == 400
    address.refresh_from_db()
    assert (address.street, address.postal_code, address.province) == ("Jl. Prawirotaman No. 3", "55271", "ID-YO")

    stranger = client_for(UserFactory())
    assert stranger.patch(url, {"street": "Jl. Lain"}, format="json").status_code == 404
    assert APIClient().patch(url, {"street": "Jl. Lain"}, format="json").status_code in (401, 403)
    address.refresh_from_db()
    assert address.street == "Jl. Prawirotaman No. 3"

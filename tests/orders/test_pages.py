import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.translation import gettext

from catalog.models import Variant
from orders.models import CartLine, Order, Payment, Purchase
from orders.services.payments import payment_confirm
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, cart_with, checkout, rate

pytestmark = pytest.mark.django_db

# A domestic address whose form fields are all filled but whose phone and postal code the service refuses.
BAD_PHONE_AND_POSTAL_CODE = {
    "recipient": "Budi",
    "phone": "12345",
    "country": "ID",
    "street": "Jl. A",
    "kelurahan": "K",
    "kecamatan": "K",
    "city": "Kota",
    "province": "ID-YO",
    "postal_code": "123",
}


@pytest.fixture
def placed():
    buyer = UserFactory()
    artisan = ArtisanFactory()
    v = VariantFactory(product=ProductFactory(artisan=artisan, name="Keris Pamor"), stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (v, 1))
    return purchase, purchase.orders.get(), buyer, artisan


def test_buyer_pages_render_for_the_buyer(client, placed):
    purchase, order, buyer, _artisan = placed
    client.force_login(buyer)
    for url in (
        "/cart/",
        "/checkout/",
        "/orders/",
        f"/purchases/{purchase.number}/",
        f"/orders/{order.number}/",
        f"/orders/{order.number}/invoice/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/purchases/{purchase.number}/").content.decode()
    assert "8720 123 456" in page
    assert f"{purchase.amount_due:,}".replace(",", ".") in page
    assert "Keris Pamor" in client.get(f"/orders/{order.number}/invoice/").content.decode()


def test_studio_pages_render_for_the_artisan(client, placed):
    _purchase, order, _buyer, artisan = placed
    client.force_login(artisan.user)
    for url in ("/studio/orders/", f"/studio/orders/{order.number}/", f"/studio/orders/{order.number}/packing-slip/"):
        assert client.get(url).status_code == 200, url
    assert order.number in client.get("/studio/orders/").content.decode()
    assert client.get(f"/orders/{order.number}/invoice/").status_code == 200


def test_strangers_get_404_on_every_page(client, placed):
    purchase, order, _buyer, _artisan = placed
    buyer_pages = [f"/purchases/{purchase.number}/", f"/orders/{order.number}/", f"/orders/{order.number}/invoice/"]
    studio_pages = [f"/studio/orders/{order.number}/", f"/studio/orders/{order.number}/packing-slip/"]
    for stranger in (UserFactory(), ArtisanFactory().user):
        client.force_login(stranger)
        for url in buyer_pages + studio_pages:
            assert client.get(url).status_code == 404, url
        assert client.post(f"/orders/{order.number}/cancel/").status_code == 404
        assert client.post(f"/studio/orders/{order.number}/", {"action": "cancel", "reason": "x"}).status_code == 404
        assert (
            order.number not in client.get("/studio/orders/").content.decode() if hasattr(stranger, "artisan") else True
        )
    client.force_login(UserFactory())
    assert client.get("/studio/orders/").status_code == 404
    assert Order.objects.get().status == "awaiting_payment"


def test_anonymous_visitors_are_sent_to_login(client, placed):
    purchase, order, _buyer, _artisan = placed
    for url in ("/checkout/", "/orders/", f"/purchases/{purchase.number}/", "/studio/orders/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_browser_checkout_double_submit_makes_one_purchase(client):
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5)
    cart_with(buyer, (v, 2))
    client.force_login(buyer)
    form = {
        "token": "f0rm-t0ken",
        "address": str(address.public_id),
        f"shipping-{v.product.artisan.slug}": rate("same_province").pk,
        "payment_method": "bank_transfer",
    }
    first = client.post("/checkout/", form)
    second = client.post("/checkout/", form)
    purchase = Purchase.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/purchases/{purchase.number}/"
    assert Variant.objects.get(pk=v.pk).stock == 3


def test_browser_checkout_shows_new_prices_and_confirming_proceeds(client):
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    v = VariantFactory(stock=5, price=100_000)
    cart_with(buyer, (v, 1))
    Variant.objects.filter(pk=v.pk).update(price=125_000)
    client.force_login(buyer)
    form = {
        "token": "t1",
        "address": str(address.public_id),
        f"shipping-{v.product.artisan.slug}": rate("same_province").pk,
        "payment_method": "bank_transfer",
    }
    page = client.post("/checkout/", form)
    assert page.status_code == 200
    assert "Rp 125.000" in page.content.decode()
    assert Purchase.objects.count() == 0
    client.post("/cart/confirm-prices/", {"next": "checkout"})
    assert client.post("/checkout/", {**form, "token": "t2"}).status_code == 302
    assert Purchase.objects.get().items_total == 125_000


def test_bad_address_form_shows_field_errors_and_saves_nothing(client):
    buyer = UserFactory()
    client.force_login(buyer)
    response = client.post(
        "/addresses/new/",
        BAD_PHONE_AND_POSTAL_CODE,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "postal_code"}
    assert not buyer.addresses.exists()


def test_proof_upload_page_and_studio_flow(client, placed):
    purchase, order, buyer, artisan = placed
    client.force_login(buyer)
    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert client.post(f"/purchases/{purchase.number}/", {"proof": pdf}).status_code == 302
    assert Payment.objects.get().status == "submitted"
    payment_confirm(purchase=purchase, by=UserFactory(is_staff=True))
    client.force_login(artisan.user)
    url = f"/studio/orders/{order.number}/"
    client.post(url, {"action": "process"})
    client.post(url, {"action": "ship", "courier": "JNE", "tracking": ""})
    assert Order.objects.get().status == "processing"
    client.post(url, {"action": "ship", "courier": "JNE", "tracking": "JNE42"})
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("shipped", "JNE42")


@pytest.mark.parametrize("qty", ["0", "-2", "1.5", "", "abc"])
def test_cart_page_bad_quantity_shows_a_message_and_changes_nothing(client, qty):
    v = VariantFactory(stock=5)
    client.post("/cart/add/", {"variant": v.pk, "quantity": 2})
    line = CartLine.objects.get()
    response = client.post(f"/cart/items/{line.public_id}/", {"quantity": qty}, follow=True)
    assert response.status_code == 200
    expected = {gettext("Quantity must be a whole number."), gettext("Quantity must be at least 1.")}
    assert any(str(m) in expected for m in response.context["messages"])
    line.refresh_from_db()
    assert line.quantity == 2
    assert client.post("/cart/add/", {"variant": v.pk, "quantity": qty}).status_code == 302
    assert CartLine.objects.get().quantity == 2


def test_cart_page_for_another_visitors_line_is_404(client):
    other = Client()
    v = VariantFactory(stock=5)
    other.post("/cart/add/", {"variant": v.pk, "quantity": 1})
    line = CartLine.objects.get()
    client.post("/cart/add/", {"variant": VariantFactory().pk, "quantity": 1})
    assert client.post(f"/cart/items/{line.public_id}/", {"remove": "1"}).status_code == 404
    assert CartLine.objects.filter(pk=line.pk).exists()


def test_a_buyer_edits_an_address_and_the_purchase_keeps_the_one_it_was_placed_with(client, placed):
    purchase, _order, buyer, _artisan = placed
    address = buyer.addresses.get()
    placed_with = Purchase.objects.get(pk=purchase.pk).address
    client.force_login(buyer)
    url = f"/addresses/{address.public_id}/edit/"

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["street"] == "Jl. Malioboro No. 12"
    assert gettext("Edit delivery address").encode() in page.content

    values = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    response = client.post(url, {**values, "street": "Jl. Prawirotaman No. 3", "next": "/accounts/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/"
    address.refresh_from_db()
    assert address.street == "Jl. Prawirotaman No. 3"
    assert address.recipient == "Sari Wulandari"
    assert Purchase.objects.get(pk=purchase.pk).address == placed_with
    assert f"/addresses/{address.public_id}/edit/".encode() in client.get("/accounts/").content


def test_a_bad_address_edit_shows_field_errors_and_changes_nothing(client, placed):
    _purchase, _order, buyer, _artisan = placed
    address = buyer.addresses.get()
    before = {f.name: getattr(address, f.name) for f in address._meta.fields}
    client.force_login(buyer)
    response = client.post(
        f"/addresses/{address.public_id}/edit/",
        BAD_PHONE_AND_POSTAL_CODE,
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"phone", "postal_code"}
    address.refresh_from_db()
    assert {f.name: getattr(address, f.name) for f in address._meta.fields} == before


def test_another_buyers_address_cannot_be_edited(client, placed):
    _purchase, _order, buyer, _artisan = placed
    address = buyer.addresses.get()
    client.force_login(UserFactory())
    assert client.get(f"/addresses/{address.public_id}/edit/").status_code == 404
    assert client.post(f"/addresses/{address.public_id}/edit/", {"street": "Jl. Lain"}).status_code == 404
    assert client.get("/addresses/not-a-uuid/edit/").status_code == 404
    address.refresh_from_db()
    assert address.street == "Jl. Malioboro No. 12"

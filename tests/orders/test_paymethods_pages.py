"""The purchase page and the API of payment methods: choose, read the instructions, see the QR code."""

import io
from xml.etree import ElementTree

import pytest
import segno
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext
from rest_framework.test import APIClient

from orders.forms import PaymentMethodForm
from orders.models import Purchase
from orders.paymethods.admin import ChargeAdmin
from orders.paymethods.models import Charge
from orders.paymethods.qr import BORDER, SCALE
from orders.services.payments import midtrans_notification_handle
from tests.factories import UserFactory, VariantFactory
from tests.moderation.factories import BALI, regional
from tests.orders.factories import AddressFactory, checkout
from tests.orders.midtrans import ReplayClient, recorded

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def gateway(monkeypatch):
    """Every charge of the test goes to a replay of the recorded Midtrans answers."""
    client = ReplayClient(charge="charge_qris")
    monkeypatch.setattr("orders.paymethods.services.get_client", lambda: client)
    return client


@pytest.fixture
def purchase():
    buyer = UserFactory()
    return checkout(buyer, AddressFactory(user=buyer), (VariantFactory(stock=5), 1), method="midtrans")


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_purchase_page_offers_the_configured_methods(client, purchase, settings):
    settings.PAYMENT_METHODS = ["qris", "bca_va"]
    client.force_login(purchase.buyer)
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert 'value="qris"' in page and 'value="bca_va"' in page
    assert 'value="gopay"' not in page and 'value="bank_transfer"' not in page


def test_choosing_a_virtual_account_shows_the_number_and_the_banks_steps(client, purchase, gateway):
    gateway.charge_fixture = "charge_bca_va"
    client.force_login(purchase.buyer)
    response = client.post(reverse("orders:purchase-method", args=[purchase.number]), {"method": "bca_va"})
    assert response.status_code == 302 and response["Location"] == purchase.get_absolute_url()
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert "12345678901" in page
    for channel in ("ATM", "Mobile banking", "Internet banking"):
        assert gettext(channel) in page
    assert gettext("Choose Other Transactions → Transfer → To BCA Virtual Account.") in page
    assert gettext("Sandbox") not in page


def test_a_method_that_is_not_offered_is_refused_at_the_page_with_nothing_changed(client, purchase, gateway, settings):
    settings.PAYMENT_METHODS = ["qris"]
    client.force_login(purchase.buyer)
    response = client.post(reverse("orders:purchase-method", args=[purchase.number]), {"method": "gopay"}, follow=True)
    assert gettext("Choose one of the offered payment methods.") in response.content.decode()
    assert not Charge.objects.exists() and gateway.calls == []


def test_the_qr_code_is_drawn_from_the_gateways_qr_string(client, purchase, gateway):
    client.force_login(purchase.buyer)
    client.post(reverse("orders:purchase-method", args=[purchase.number]), {"method": "qris"})
    charge = Charge.objects.get()
    assert charge.qr_string == recorded("charge_qris", order_id=charge.order_id)["qr_string"]
    page = client.get(purchase.get_absolute_url()).content.decode()
    assert reverse("orders:purchase-qr", args=[purchase.number]) in page

    response = client.get(reverse("orders:purchase-qr", args=[purchase.number]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "private, no-store"
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{SVG}svg"
    # The image is the QR code of exactly that string: same size, same modules as segno draws it.
    expected = segno.make_qr(charge.qr_string, error="m")
    side = (expected.symbol_size(scale=1, border=0)[0] + 2 * BORDER) * SCALE
    assert (root.get("width"), root.get("height")) == (str(side), str(side))
    path = root.find(f"{SVG}path").get("d")
    assert path == ElementTree.fromstring(_svg(expected)).find(f"{SVG}path").get("d")  # noqa: S314

    api = _api(purchase.buyer).get(reverse("api-purchase-payment-qr", args=[purchase.number]))
    assert api.status_code == 200 and api.content == response.content


def _svg(qr) -> bytes:
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=SCALE, border=BORDER)
    return buffer.getvalue()


def test_another_buyer_gets_404_for_the_page_the_qr_and_the_api(client, purchase, gateway):
    _api(purchase.buyer).post(
        reverse("api-purchase-payment", args=[purchase.number]), {"method": "qris"}, format="json"
    )
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("orders:purchase-qr", args=[purchase.number])).status_code == 404
    assert client.post(reverse("orders:purchase-method", args=[purchase.number]), {"method": "qris"}).status_code == 404
    api = _api(stranger)
    assert api.get(reverse("api-purchase-payment", args=[purchase.number])).status_code == 404
    assert api.get(reverse("api-purchase-payment-qr", args=[purchase.number])).status_code == 404
    response = api.post(reverse("api-purchase-payment", args=[purchase.number]), {"method": "bca_va"}, format="json")
    assert response.status_code == 404
    assert list(Charge.objects.values_list("method", flat=True)) == ["qris"]


def test_the_api_chooses_a_method_and_reads_its_instructions(purchase, gateway, django_assert_max_num_queries):
    api = _api(purchase.buyer)
    url = reverse("api-purchase-payment", args=[purchase.number])
    response = api.post(url, {"method": "qris"}, format="json")
    assert response.status_code == 200
    body = response.json()
    charge = Charge.objects.get()
    assert body["method"] == "qris" and body["amount_due"] == purchase.amount_due
    assert body["charge"]["qr_string"] == charge.qr_string
    assert body["charge"]["qr_image_url"] == reverse("api-purchase-payment-qr", args=[purchase.number])
    assert body["charge"]["expires_at"] and body["charge"]["sandbox"] is False
    assert {"code": "gopay", "label": "GoPay"} in body["methods"]
    # Choosing it again is the same charge (one gateway call).
    assert api.post(url, {"method": "qris"}, format="json").json()["charge"]["order_id"] == charge.order_id
    assert gateway.names() == ["charge"]
    with django_assert_max_num_queries(8):
        assert api.get(url).json()["charge"]["order_id"] == charge.order_id


def test_the_api_refuses_bad_choices_with_clear_errors(purchase, gateway, settings):
    api = _api(purchase.buyer)
    url = reverse("api-purchase-payment", args=[purchase.number])
    assert api.post(url, {}, format="json").status_code == 400
    settings.PAYMENT_METHODS = ["bank_transfer", "qris"]
    response = api.post(url, {"method": "gopay"}, format="json")
    assert response.status_code == 400 and "method" in response.json()
    gateway.fail = True
    response = api.post(url, {"method": "qris"}, format="json")
    assert response.status_code == 503
    assert not Charge.objects.exists()
    gateway.fail = False
    api.post(url, {"method": "qris"}, format="json")
    charge = Charge.objects.get()
    midtrans_notification_handle(
        payload=recorded("notification_qris_settlement", order_id=charge.order_id, amount=charge.amount)
    )
    response = api.post(url, {"method": "bank_transfer"}, format="json")
    assert response.status_code == 409
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID and purchase.payment_method == "midtrans"


def test_the_sandbox_charge_is_marked_and_its_payment_is_simulated(client, purchase, settings):
    settings.MIDTRANS_CLIENT = "sandbox"
    client.force_login(purchase.buyer)
    client.post(reverse("orders:purchase-method", args=[purchase.number]), {"method": "mandiri_bill"})
    page = client.get(purchase.get_absolute_url()).content.decode()
    charge = Charge.objects.get()
    assert charge.sandbox and charge.biller_code == "70012" and charge.va_number in page
    assert gettext("Sandbox") in page
    client.post(reverse("orders:purchase-sandbox-pay", args=[purchase.number]))
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID


def test_the_signed_notification_endpoint_pays_a_charge_and_refuses_a_forgery(purchase, gateway):
    _api(purchase.buyer).post(
        reverse("api-purchase-payment", args=[purchase.number]), {"method": "qris"}, format="json"
    )
    charge = Charge.objects.get()
    notify = reverse("api-midtrans-notify")
    forged = recorded("notification_qris_settlement", order_id=charge.order_id, amount=charge.amount)
    forged["gross_amount"] = "1.00"
    assert APIClient().post(notify, forged, format="json").status_code == 403
    good = recorded("notification_qris_settlement", order_id=charge.order_id, amount=charge.amount)
    for _ in range(2):
        response = APIClient().post(notify, good, format="json")
        assert response.status_code == 200 and response.json()["payment"] == "confirmed"
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID and purchase.payments.count() == 1


def test_checkout_offers_only_what_payment_methods_allows(settings):
    assert [code for code, _label in PaymentMethodForm().fields["payment_method"].choices] == [
        "bank_transfer",
        "midtrans",
    ]
    settings.PAYMENT_METHODS = ["qris"]
    form = PaymentMethodForm({"payment_method": "bank_transfer"})
    assert [code for code, _label in form.fields["payment_method"].choices] == ["midtrans"]
    assert not form.is_valid() and "payment_method" in form.errors
    settings.PAYMENT_METHODS = ["bank_transfer"]
    assert PaymentMethodForm({"payment_method": "bank_transfer"}).is_valid()


def test_only_national_moderators_see_gateway_charges_and_nobody_edits_them(rf, purchase, gateway):
    _api(purchase.buyer).post(
        reverse("api-purchase-payment", args=[purchase.number]), {"method": "qris"}, format="json"
    )
    charge_admin = ChargeAdmin(Charge, admin.site)
    national = rf.get("/")
    national.user = UserFactory(is_staff=True, is_superuser=True)
    bali = rf.get("/")
    bali.user = regional(provinces=(BALI,))
    assert charge_admin.get_queryset(national).count() == 1
    assert charge_admin.get_queryset(bali).count() == 0
    assert not charge_admin.has_change_permission(national) and not charge_admin.has_delete_permission(national)


def test_national_moderators_open_the_charges_list_and_regional_ones_cannot(client):
    national = UserFactory(email="dewi@dekranas.id", is_staff=True)
    national.groups.add(Group.objects.get(name="Dekranas moderator"))
    url = reverse("admin:paymethods_charge_changelist")
    client.force_login(national)
    assert client.get(url).status_code == 200
    client.force_login(regional(provinces=(BALI,)))
    assert client.get(url).status_code == 403

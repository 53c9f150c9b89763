"""What each group may open in the admin; a user without the permission gets 403; the audit trail is read-only."""

import pytest
from django.utils.translation import gettext

from artisans.models import ArtisanStatusChange
from orders.models import OrderStatusChange, Purchase
from tests.factories import UserFactory
from tests.moderation import factories as f
from tests.orders.factories import AddressFactory, checkout

pytestmark = pytest.mark.django_db

MODERATION_PAGES = [
    "/admin/artisans/artisan/",
    "/admin/artisans/artisanreviewqueue/",
    "/admin/artisans/certification/",
    "/admin/catalog/product/",
    "/admin/catalog/productreviewqueue/",
    "/admin/catalog/report/",
    "/admin/orders/order/",
    "/admin/dashboard/",
]


@pytest.mark.parametrize("url", MODERATION_PAGES)
def test_staff_without_a_moderator_group_gets_403(client, url):
    client.force_login(f.staff_without_permissions())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", MODERATION_PAGES)
def test_both_moderator_groups_open_every_moderation_page(client, url):
    for user in (f.national(), f.regional()):
        client.force_login(user)
        assert client.get(url).status_code == 200, (user, url)


def test_a_buyer_is_sent_to_the_admin_login(client):
    client.force_login(f.product().artisan.user)
    response = client.get("/admin/catalog/product/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_purchases_and_notifications_are_national_only(client):
    client.force_login(f.regional())
    assert client.get("/admin/orders/purchase/").status_code == 403
    assert client.get("/admin/common/notification/").status_code == 403
    client.force_login(f.national())
    assert client.get("/admin/orders/purchase/").status_code == 200
    assert client.get("/admin/common/notification/").status_code == 200


def test_only_national_moderators_manage_categories(client):
    client.force_login(f.regional())
    assert client.get("/admin/catalog/category/add/").status_code == 403
    client.force_login(f.national())
    assert client.get("/admin/catalog/category/add/").status_code == 200


def test_nobody_adds_or_deletes_artisans_products_or_reports_in_the_admin(admin_client):
    item = f.product()
    assert admin_client.get("/admin/catalog/product/add/").status_code == 403
    assert admin_client.get(f"/admin/catalog/product/{item.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/artisans/artisan/{item.artisan.pk}/delete/").status_code == 403
    response = admin_client.get("/admin/catalog/product/")
    assert b'value="delete_selected"' not in response.content


def test_the_audit_trail_is_read_only_for_everyone_even_superusers(admin_client):
    artisan = f.submitted_artisan()
    page = admin_client.get(f"/admin/artisans/artisan/{artisan.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert gettext("Audit trail: who changed the status, when and why") in html
    assert "status_changes-0-DELETE" not in html and 'name="status_changes-0-reason"' not in html
    # No admin page of its own: the history cannot be edited or deleted by URL.
    change = ArtisanStatusChange.objects.get()
    assert admin_client.get(f"/admin/artisans/artisanstatuschange/{change.pk}/change/").status_code == 404
    # A crafted POST to the (read-only) artisan page changes nothing in its history.
    admin_client.post(
        f"/admin/artisans/artisan/{artisan.pk}/change/",
        {
            "status_changes-TOTAL_FORMS": "1",
            "status_changes-INITIAL_FORMS": "1",
            "status_changes-0-id": change.pk,
            "status_changes-0-reason": "rewritten",
            "status_changes-0-DELETE": "on",
        },
    )
    assert ArtisanStatusChange.objects.get().reason == ""


def _purchase(province: str = f.YOGYA):
    item = f.product(province=province)
    buyer = UserFactory()
    return checkout(buyer, AddressFactory(user=buyer), (item.variants.get(), 1))


def test_orders_are_read_only_for_everyone_and_moderators_see_their_provinces(client, admin_client):
    purchase = _purchase(f.YOGYA)
    other = _purchase(f.BALI)
    order, other_order = purchase.orders.get(), other.orders.get()
    admin_client.post(f"/admin/orders/order/{order.pk}/change/", {"items_total": "1", "shipping_cost": "1"})
    admin_client.post(f"/admin/orders/purchase/{purchase.pk}/change/", {"amount_due": "1"})
    order.refresh_from_db()
    assert (order.items_total, Purchase.objects.get(pk=purchase.pk).amount_due) == (
        purchase.items_total,
        purchase.amount_due,
    )
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert 'name="items_total"' not in page and 'name="_save"' not in page
    client.force_login(f.regional([f.YOGYA]))
    listing = client.get("/admin/orders/order/").content.decode()
    assert order.number in listing and other_order.number not in listing
    assert client.get(f"/admin/orders/order/{other_order.pk}/change/").status_code == 404


def test_confirming_a_transfer_is_national_work(client):
    purchase = _purchase()
    client.force_login(f.regional())
    response = client.post("/admin/orders/purchase/", {"action": "confirm_transfer", "_selected_action": [purchase.pk]})
    assert response.status_code == 403
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.AWAITING_PAYMENT
    mod = f.national()
    client.force_login(mod)
    client.post("/admin/orders/purchase/", {"action": "confirm_transfer", "_selected_action": [purchase.pk]})
    assert Purchase.objects.get(pk=purchase.pk).status == Purchase.Status.PAID
    assert OrderStatusChange.objects.get(to_status="paid").actor == mod

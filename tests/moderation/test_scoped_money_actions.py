"""Orders, purchases and refunds in the admin follow the same rule as every scoped list: a regional moderator's bulk
action that names another province's order (or any purchase or refund: money is national work) is a 403 and
changes nothing, whether or not the moderator has that action; in their own province it works."""

import pytest
from django.contrib.auth.models import Permission

from orders.models import Order, OrderStatusChange, Payment, Purchase
from tests.factories import UserFactory
from tests.moderation import factories as f
from tests.orders.factories import AddressFactory, checkout

pytestmark = pytest.mark.django_db


def _shipped_order(province: str) -> Order:
    buyer = UserFactory()
    item = f.product(province=province)
    purchase = checkout(buyer, AddressFactory(user=buyer), (item.variants.get(), 1))
    order = purchase.orders.get()
    Order.objects.filter(pk=order.pk).update(status=Order.Status.SHIPPED)
    return order


@pytest.fixture
def orders():
    return {"own": _shipped_order(f.YOGYA), "other": _shipped_order(f.BALI)}


def _snapshot():
    return (
        sorted(Order.objects.values_list("pk", "status")),
        sorted(Purchase.objects.values_list("pk", "status")),
        sorted(Payment.objects.values_list("pk", "status")),
        OrderStatusChange.objects.count(),
    )


def _regional_who_may_deliver():
    user = f.regional([f.YOGYA])
    user.user_permissions.add(Permission.objects.get(codename="change_order"))
    return user


@pytest.mark.parametrize("moderator", [f.regional, _regional_who_may_deliver], ids=["view-only", "may-deliver"])
def test_a_bulk_action_on_another_provinces_order_is_403_and_changes_nothing(client, orders, moderator):
    client.force_login(moderator())
    before = _snapshot()
    url = "/admin/orders/order/"

    alone = client.post(url, {"action": "mark_delivered", "_selected_action": [orders["other"].pk]})
    mixed = client.post(url, {"action": "mark_delivered", "_selected_action": [orders["own"].pk, orders["other"].pk]})

    assert (alone.status_code, mixed.status_code) == (403, 403)
    assert _snapshot() == before


def test_the_same_action_works_in_the_covered_province(client, orders):
    client.force_login(_regional_who_may_deliver())
    response = client.post("/admin/orders/order/", {"action": "mark_delivered", "_selected_action": [orders["own"].pk]})

    assert response.status_code == 302
    assert Order.objects.get(pk=orders["own"].pk).status == Order.Status.DELIVERED
    assert Order.objects.get(pk=orders["other"].pk).status == Order.Status.SHIPPED


def test_a_regional_moderator_who_may_confirm_still_cannot_confirm_a_transfer(client, orders):
    user = f.regional([f.YOGYA, f.BALI])
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_purchase", "change_purchase"]))
    client.force_login(user)
    before = _snapshot()

    response = client.post(
        "/admin/orders/purchase/", {"action": "confirm_transfer", "_selected_action": [orders["own"].purchase_id]}
    )

    assert response.status_code == 403
    assert _snapshot() == before


def test_national_moderators_confirm_transfers_of_every_province(client, orders):
    client.force_login(f.national())
    purchase_ids = [orders["own"].purchase_id, orders["other"].purchase_id]

    response = client.post("/admin/orders/purchase/", {"action": "confirm_transfer", "_selected_action": purchase_ids})

    assert response.status_code == 302
    assert set(Purchase.objects.filter(pk__in=purchase_ids).values_list("status", flat=True)) == {"paid"}

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.models import Variant
from craftmarket.common.errors import DomainError, NotFound, PermissionDenied, TransitionNotAllowed
from orders.models import Order, OrderStatusChange, Purchase
from orders.services import lifecycle
from orders.services.payments import payment_confirm
from orders.tasks import complete_delivered_orders
from tests.factories import ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.factories import AddressFactory, checkout

pytestmark = pytest.mark.django_db

S = Order.Status


@pytest.fixture
def order():
    buyer = UserFactory()
    variant = VariantFactory(stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (variant, 2))
    return purchase.orders.select_related("artisan__user", "buyer").get()


def _to(order, status):
    if status != S.AWAITING_PAYMENT:
        # Paid through the service, so that the ledger holds the money the later transitions move.
        payment_confirm(purchase=order.purchase, by=UserFactory(is_staff=True))
    Order.objects.filter(pk=order.pk).update(status=status, delivered_at=timezone.now())
    order.refresh_from_db()
    return order


def _stock(order):
    return Variant.objects.get(pk=order.lines.get().variant_id).stock


ACTIONS = {
    "process": lambda o: lifecycle.order_process(order=o, by=o.artisan.user),
    "ship": lambda o: lifecycle.order_ship(order=o, by=o.artisan.user, courier="JNE", tracking="JNE123"),
    "deliver": lambda o: lifecycle.order_deliver(order=o, by=o.artisan.user),
    "confirm": lambda o: lifecycle.order_confirm(order=o, by=o.buyer),
    "cancel_by_buyer": lambda o: lifecycle.order_cancel(order=o, by=o.buyer),
    "cancel_by_artisan": lambda o: lifecycle.order_cancel(order=o, by=o.artisan.user, reason="Bahan habis"),
}
ALLOWED = {
    S.AWAITING_PAYMENT: {"cancel_by_buyer": S.CANCELLED, "cancel_by_artisan": S.CANCELLED},
    S.PAID: {"process": S.PROCESSING, "cancel_by_buyer": S.CANCELLED, "cancel_by_artisan": S.CANCELLED},
    S.PROCESSING: {"ship": S.SHIPPED, "cancel_by_artisan": S.CANCELLED},
    S.SHIPPED: {"deliver": S.DELIVERED, "confirm": S.COMPLETED},
    S.DELIVERED: {"confirm": S.COMPLETED},
    S.COMPLETED: {},
    S.CANCELLED: {},
}
CASES = [(status, action) for status in ALLOWED for action in ACTIONS]


@pytest.mark.parametrize(("status", "action"), CASES)
def test_every_transition_is_allowed_or_refused_by_the_table(order, status, action):
    order = _to(order, status)
    stock_before = _stock(order)
    history_before = OrderStatusChange.objects.filter(order=order).count()
    target = ALLOWED[status].get(action)
    if target is None:
        with pytest.raises(TransitionNotAllowed) as exc:
            ACTIONS[action](order)
        assert exc.value.status == 409
        order.refresh_from_db()
        assert order.status == status
        assert _stock(order) == stock_before
        assert OrderStatusChange.objects.filter(order=order).count() == history_before
        return
    ACTIONS[action](order)
    order.refresh_from_db()
    assert order.status == target
    last = OrderStatusChange.objects.filter(order=order).last()
    assert last.to_status == target
    if target == S.CANCELLED:
        assert _stock(order) == stock_before + 2
        assert order.cancel_reason
    else:
        assert _stock(order) == stock_before


def test_full_happy_path_records_who_and_why(order):
    payment_confirm(purchase=order.purchase, by=UserFactory(is_staff=True))
    artisan_user = order.artisan.user
    lifecycle.order_process(order=order, by=artisan_user)
    lifecycle.order_ship(order=order, by=artisan_user, courier="SiCepat", tracking="SCP0001")
    lifecycle.order_deliver(order=order, by=artisan_user)
    lifecycle.order_confirm(order=order, by=order.buyer)
    order.refresh_from_db()
    assert (order.status, order.tracking_number, order.shipping_courier) == ("completed", "SCP0001", "SiCepat")
    history = list(OrderStatusChange.objects.filter(order=order).values_list("from_status", "to_status", "actor"))
    assert [h[:2] for h in history] == [
        ("", "awaiting_payment"),
        ("awaiting_payment", "paid"),
        ("paid", "processing"),
        ("processing", "shipped"),
        ("shipped", "delivered"),
        ("delivered", "completed"),
    ]
    assert history[2][2] == artisan_user.pk and history[5][2] == order.buyer_id


def test_wrong_party_is_refused(order):
    order = _to(order, S.PAID)
    stranger = UserFactory()
    other_artisan = ArtisanFactory().user
    with pytest.raises(PermissionDenied):
        lifecycle.order_process(order=order, by=order.buyer)
    with pytest.raises(PermissionDenied):
        lifecycle.order_process(order=order, by=other_artisan)
    with pytest.raises(NotFound):
        lifecycle.order_cancel(order=order, by=stranger, reason="x")
    with pytest.raises(NotFound):
        lifecycle.order_cancel(order=order, by=other_artisan, reason="x")
    order = _to(order, S.DELIVERED)
    with pytest.raises(PermissionDenied):
        lifecycle.order_confirm(order=order, by=order.artisan.user)
    order.refresh_from_db()
    assert order.status == S.DELIVERED


def test_artisan_must_give_a_reason_and_ship_needs_tracking(order):
    order = _to(order, S.PROCESSING)
    with pytest.raises(DomainError) as exc:
        lifecycle.order_cancel(order=order, by=order.artisan.user, reason="  ")
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:
        lifecycle.order_ship(order=order, by=order.artisan.user, courier="JNE", tracking="")
    assert exc.value.field == "tracking"
    order.refresh_from_db()
    assert order.status == S.PROCESSING


def test_cancelling_one_order_of_an_unpaid_purchase_lowers_the_amount_and_all_cancels_it():
    buyer = UserFactory()
    a = VariantFactory(product=ProductFactory(artisan=ArtisanFactory()), stock=5)
    b = VariantFactory(product=ProductFactory(artisan=ArtisanFactory()), stock=5)
    purchase = checkout(buyer, AddressFactory(user=buyer), (a, 1), (b, 1))
    first, second = purchase.orders.order_by("pk")
    lifecycle.order_cancel(order=first, by=buyer)
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.AWAITING_PAYMENT
    assert purchase.items_total == second.items_total
    assert purchase.amount_due == second.total + purchase.unique_code
    lifecycle.order_cancel(order=second, by=buyer)
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.CANCELLED
    assert [Variant.objects.get(pk=v.pk).stock for v in (a, b)] == [5, 5]


def test_delivered_orders_complete_automatically_after_the_configured_days(order, settings):
    settings.ORDER_AUTO_COMPLETE_DAYS = 7
    order = _to(order, S.DELIVERED)
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=6))
    assert complete_delivered_orders() == 0
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=8))
    assert complete_delivered_orders() == 1
    assert complete_delivered_orders() == 0
    order.refresh_from_db()
    assert order.status == S.COMPLETED
    assert OrderStatusChange.objects.filter(order=order, to_status="completed", actor=None).count() == 1


def test_every_transition_notifies(order, caplog):
    caplog.set_level("INFO", logger="craftmarket.common.notifications")
    payment_confirm(purchase=order.purchase, by=UserFactory(is_staff=True))
    lifecycle.order_process(order=order, by=order.artisan.user)
    lifecycle.order_ship(order=order, by=order.artisan.user, courier="JNE", tracking="X1")
    lifecycle.order_confirm(order=order, by=order.buyer)
    events = [r.getMessage().split()[1] for r in caplog.records if r.getMessage().startswith("notify ")]
    assert events == [
        "order_paid",
        "payment_confirmed",
        "order_processing",
        "order_shipped",
        "order_delivered",
        "order_completed",
    ]


def test_staff_mark_delivered_from_the_admin_and_wrong_states_are_reported(client, order):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = "/admin/orders/order/"
    response = client.post(url, {"action": "mark_delivered", "_selected_action": [order.pk]}, follow=True)
    assert "cannot go from" in response.content.decode()
    order = _to(order, S.SHIPPED)
    client.post(url, {"action": "mark_delivered", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    assert OrderStatusChange.objects.get(order=order, to_status="delivered").actor == staff

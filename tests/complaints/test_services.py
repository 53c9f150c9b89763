"""Every complaint transition, allowed and refused, through the services: open, answer (accept, offer, dispute),
the buyer's reply to an offer, escalation, the moderators' decision, one appeal, withdrawal and the deadlines
(run twice). The outcome reaches the order and the ledger; a refused write changes nothing."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from craftmarket.common.errors import ConflictError, NotFound, PermissionDenied, TransitionNotAllowed
from craftmarket.common.models import Notification
from orders.complaints import services
from orders.complaints.models import Complaint, ComplaintEvidence, ComplaintTransition
from orders.complaints.selectors import complaint_counts_by_artisan
from orders.complaints.tasks import move_complaint_deadlines
from orders.conversations.models import Thread
from orders.models import Order, Refund
from orders.money import invariants
from orders.money.models import Account
from orders.money.selectors import balances_for_artisan
from orders.services import lifecycle
from orders.tasks import complete_delivered_orders
from tests.complaints.factories import complaint, delivered_order, photo
from tests.factories import ArtisanFactory, UserFactory
from tests.moderation.factories import BALI, YOGYA, national, regional

pytestmark = pytest.mark.django_db
S = Complaint.Status


def _counts() -> tuple[int, int, int, int]:
    return (
        Complaint.objects.count(),
        ComplaintEvidence.objects.count(),
        ComplaintTransition.objects.count(),
        Refund.objects.count(),
    )


def _steps(c: Complaint) -> list[tuple[str, str]]:
    return list(c.transitions.order_by("pk").values_list("from_status", "to_status"))


def _order(c: Complaint) -> Order:
    return Order.objects.get(pk=c.order_id)


# --- opening ------------------------------------------------------------------------------------------------------


def test_buyer_opens_a_complaint_with_a_photo_and_the_order_stops_completing():
    order = delivered_order()
    made = complaint(order=order, request="refund_partial", amount=50_000, photos=[photo()])

    assert made.status == S.OPEN and made.requested_amount == 50_000
    assert made.respond_by == made.created_at + timedelta(days=3)
    assert made.evidence.count() == 1 and made.evidence.get().content_type == "image/jpeg"
    assert _steps(made) == [("", "open")]
    assert Notification.objects.filter(recipient=order.artisan.user, event="complaint_opened").count() == 1
    thread = Thread.objects.get(order=order)
    assert made.thread == thread and thread.moderation_since is not None
    # Neither the buyer's confirmation nor the scheduled completion completes it now.
    with pytest.raises(ConflictError):
        lifecycle.order_confirm(order=order, by=order.buyer)
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        Complaint.objects.filter(pk=made.pk).update(status=S.DISPUTED)  # past its deadline, still open
        assert complete_delivered_orders() == 0
    assert _order(made).status == Order.Status.DELIVERED


@pytest.mark.parametrize(
    "change, error",
    [
        ({"by": "stranger"}, PermissionDenied),
        ({"reason": "bad"}, ValidationError),
        ({"request": "money"}, ValidationError),
        ({"request": "refund_partial"}, ValidationError),  # no amount
        ({"request": "refund_partial", "requested_amount": 0}, ValidationError),
        ({"request": "refund_partial", "requested_amount": 10**12}, ValidationError),  # more than the order
        ({"request": "refund_partial", "requested_amount": 2**63}, ValidationError),  # beyond any column
        ({"description": "   "}, ValidationError),
        ({"description": "x" * 2001}, ValidationError),
        ({"photos": "pdf"}, ValidationError),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(change, error, settings):
    order = delivered_order()
    args = {
        "order": order,
        "by": order.buyer,
        "reason": "damaged",
        "request": "refund_full",
        "description": "Rusak",
        "requested_amount": None,
    }
    args.update(change)
    if args["by"] == "stranger":
        args["by"] = UserFactory()
    if args.get("photos") == "pdf":
        args["photos"] = [photo("bukti.pdf", b"%PDF-1.4 not an image", "application/pdf")]
    before = _counts()
    with pytest.raises(error):
        services.complaint_open(**args)
    assert _counts() == before
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / "originals" / "complaints"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))
    assert _order_status(order) == Order.Status.DELIVERED


def _order_status(order: Order) -> str:
    return Order.objects.get(pk=order.pk).status


def test_a_complaint_after_completion_before_delivery_or_after_the_window_is_refused():
    order = delivered_order()
    lifecycle.order_confirm(order=order, by=order.buyer)
    with pytest.raises(ConflictError) as completed:
        complaint(order=order)
    assert completed.value.code == "order_completed"

    late = delivered_order()
    with time_machine.travel(timezone.now() + timedelta(hours=49)), pytest.raises(ConflictError) as closed:
        complaint(order=late)
    assert closed.value.code == "complaint_window_closed"
    with (
        override_settings(COMPLAINT_OPEN_WINDOW=timedelta(hours=72)),
        time_machine.travel(timezone.now() + timedelta(hours=49)),
    ):
        assert complaint(order=late).status == S.OPEN
    assert Complaint.objects.count() == 1


def test_only_one_open_complaint_per_order():
    order = delivered_order()
    complaint(order=order)
    with pytest.raises(ConflictError) as again:
        complaint(order=order)
    assert again.value.code == "complaint_open"
    assert Complaint.objects.count() == 1


# --- the artisan's answer ---------------------------------------------------------------------------------------


def test_artisan_accepts_a_full_refund_the_order_completes_and_the_ledger_balances():
    made = complaint()
    order = _order(made)
    services.complaint_answer(complaint=made, by=order.artisan.user, action="accept", message="Maaf")

    made.refresh_from_db()
    assert made.status == S.RESOLVED and made.outcome == "refund_full" and made.resolved_at is not None
    assert _steps(made) == [("", "open"), ("open", "resolved")]
    assert _order(made).status == Order.Status.COMPLETED
    assert made.refund.amount == order.total and made.refund.order_id == order.pk
    assert balances_for_artisan(artisan=order.artisan)[Account.Kind.AVAILABLE] == 0
    assert invariants.violations() == []


def test_artisan_offers_a_partial_refund_and_the_buyer_accepts_it():
    made = complaint(request="refund_full")
    order = _order(made)
    services.complaint_answer(
        complaint=made, by=order.artisan.user, action="offer", offer="refund_partial", offer_amount="40000"
    )
    made.refresh_from_db()
    assert made.status == S.OFFERED and made.offer_amount == 40_000
    assert Notification.objects.filter(recipient=order.buyer, event="complaint_changed").count() == 1

    services.complaint_accept_offer(complaint=made, by=order.buyer)
    made.refresh_from_db()
    assert made.status == S.RESOLVED and made.outcome == "refund_partial" and made.outcome_amount == 40_000
    assert Refund.objects.get(order=order).amount == 40_000
    assert _order(made).status == Order.Status.COMPLETED
    assert invariants.violations() == []


def test_declined_offer_escalated_and_decided_for_a_replacement_sends_the_order_back_to_processing():
    made = complaint(request="replacement")
    order = _order(made)
    services.complaint_answer(complaint=made, by=order.artisan.user, action="offer", offer="refund_partial",
                              offer_amount=10_000)  # fmt: skip
    services.complaint_decline_offer(complaint=made, by=order.buyer, reason="Terlalu kecil")
    services.complaint_escalate(complaint=made, by=order.buyer, reason="Mohon bantuan")
    moderator = regional(provinces=(YOGYA,))
    services.complaint_decide(complaint=made, by=moderator, outcome="replacement", reason="Barang rusak di foto")
    made.refresh_from_db()
    assert made.status == S.DECIDED and made.appeal_by == made.decided_at + timedelta(days=3)
    assert _order(made).status == Order.Status.DELIVERED  # applied once the appeal window passes

    assert move_complaint_deadlines() == 0  # not due yet
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert move_complaint_deadlines() == 1
        assert move_complaint_deadlines() == 0  # twice = once
    made.refresh_from_db()
    assert made.status == S.RESOLVED and made.outcome == "replacement"
    assert _steps(made)[-4:] == [
        ("offered", "declined"),
        ("declined", "escalated"),
        ("escalated", "decided"),
        ("decided", "resolved"),
    ]
    order = _order(made)
    assert order.status == Order.Status.PROCESSING
    assert order.status_changes.order_by("-pk").values_list("from_status", "to_status")[0] == (
        "delivered",
        "processing",
    )
    assert Refund.objects.count() == 0


def test_disputed_escalated_by_the_artisan_decided_rejected_appealed_and_decided_finally_by_a_national_moderator():
    made = complaint(request="refund_full")
    order = _order(made)
    services.complaint_answer(complaint=made, by=order.artisan.user, action="dispute", message="Dikirim utuh")
    services.complaint_escalate(complaint=made, by=order.artisan.user)
    yogya = regional(provinces=(YOGYA,))
    services.complaint_decide(complaint=made, by=yogya, outcome="rejected", reason="Tidak terbukti")
    services.complaint_appeal(complaint=made, by=order.buyer, reason="Lihat foto kedua")
    made.refresh_from_db()
    assert made.status == S.APPEALED

    with pytest.raises(PermissionDenied):  # a regional moderator does not decide appeals
        services.complaint_decide(complaint=made, by=yogya, outcome="rejected", reason="Tetap")
    with pytest.raises(TransitionNotAllowed):  # one appeal
        services.complaint_appeal(complaint=made, by=order.artisan.user, reason="Lagi")
    services.complaint_decide(
        complaint=made, by=national(), outcome="refund_partial", amount=25_000, reason="Sebagian rusak"
    )
    made.refresh_from_db()
    assert made.status == S.RESOLVED and made.outcome_amount == 25_000
    assert Refund.objects.get(order=order).amount == 25_000
    assert invariants.violations() == []
    # Resolved is final: nothing moves it any more.
    with pytest.raises(TransitionNotAllowed):
        services.complaint_appeal(complaint=made, by=order.buyer, reason="Lagi")


def test_decided_rejected_completes_the_order_after_the_appeal_window():
    made = complaint()
    order = _order(made)
    services.complaint_answer(complaint=made, by=order.artisan.user, action="dispute", message="Tidak benar")
    services.complaint_escalate(complaint=made, by=order.buyer)
    services.complaint_decide(complaint=made, by=national(), outcome="rejected", reason="Tidak terbukti")
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        with pytest.raises(ConflictError):
            services.complaint_appeal(complaint=made, by=order.buyer, reason="Terlambat")
        assert move_complaint_deadlines() == 1
        assert move_complaint_deadlines() == 0
    assert _order(made).status == Order.Status.COMPLETED
    assert invariants.violations() == []


# --- deadlines --------------------------------------------------------------------------------------------------


def test_no_answer_in_three_days_makes_it_unanswered_once_and_escalatable():
    made = complaint()
    order = _order(made)
    with pytest.raises(TransitionNotAllowed):  # not before the artisan had a chance
        services.complaint_escalate(complaint=made, by=order.buyer)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert move_complaint_deadlines() == 0
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert move_complaint_deadlines() == 1
        assert move_complaint_deadlines() == 0
        assert services.complaint_expire_response(complaint_id=made.pk) is False
    made.refresh_from_db()
    assert made.status == S.UNANSWERED
    assert _steps(made) == [("", "open"), ("open", "unanswered")]
    services.complaint_escalate(complaint=made, by=order.buyer, reason="Tidak dijawab")
    made.refresh_from_db()
    assert made.status == S.ESCALATED and made.escalated_at is not None


# --- refusals ---------------------------------------------------------------------------------------------------


def test_refused_transitions_change_nothing():
    made = complaint()
    order = _order(made)
    buyer, maker = order.buyer, order.artisan.user
    before = (_counts(), _steps(made))
    refusals = [
        (PermissionDenied, lambda: services.complaint_answer(complaint=made, by=buyer, action="accept")),
        (NotFound, lambda: services.complaint_answer(complaint=made, by=UserFactory(), action="accept")),
        (ValidationError, lambda: services.complaint_answer(complaint=made, by=maker, action="shrug")),
        (ValidationError, lambda: services.complaint_answer(complaint=made, by=maker, action="dispute")),  # no why
        (ValidationError, lambda: services.complaint_answer(complaint=made, by=maker, action="offer", offer="x")),
        (
            ValidationError,
            lambda: services.complaint_answer(
                complaint=made, by=maker, action="offer", offer="refund_partial", offer_amount=order.total + 1
            ),
        ),
        (TransitionNotAllowed, lambda: services.complaint_accept_offer(complaint=made, by=buyer)),
        (PermissionDenied, lambda: services.complaint_withdraw(complaint=made, by=maker)),
        (TransitionNotAllowed, lambda: services.complaint_escalate(complaint=made, by=maker)),
        (TransitionNotAllowed, lambda: services.complaint_appeal(complaint=made, by=buyer, reason="x")),
        (
            TransitionNotAllowed,
            lambda: services.complaint_decide(complaint=made, by=national(), outcome="rejected", reason="x"),
        ),  # fmt: skip
        (PermissionDenied, lambda: services.complaint_decide(complaint=made, by=buyer, outcome="rejected", reason="x")),
    ]
    for error, call in refusals:
        with pytest.raises(error):
            call()
    assert (_counts(), _steps(made)) == before
    made.refresh_from_db()
    assert made.status == S.OPEN


def test_a_moderator_of_another_province_cannot_decide_and_a_reason_is_required():
    made = complaint()
    order = _order(made)
    services.complaint_answer(complaint=made, by=order.artisan.user, action="dispute", message="Tidak")
    services.complaint_escalate(complaint=made, by=order.buyer)
    with pytest.raises(NotFound):
        services.complaint_decide(complaint=made, by=regional(provinces=(BALI,), email="bali@dekranasda.id"),
                                  outcome="rejected", reason="x")  # fmt: skip
    with pytest.raises(ValidationError):
        services.complaint_decide(complaint=made, by=national(), outcome="rejected", reason=" ")
    with pytest.raises(ValidationError):
        services.complaint_decide(complaint=made, by=national(), outcome="refund_partial", reason="x")
    made.refresh_from_db()
    assert made.status == S.ESCALATED and made.outcome == ""


def test_the_buyer_withdraws_and_the_order_completes_as_usual_again():
    made = complaint()
    order = _order(made)
    services.complaint_withdraw(complaint=made, by=order.buyer)
    made.refresh_from_db()
    assert made.status == S.WITHDRAWN
    lifecycle.order_confirm(order=order, by=order.buyer)
    assert _order(made).status == Order.Status.COMPLETED


def test_answered_twice_is_refused():
    made = complaint()
    maker = _order(made).artisan.user
    services.complaint_answer(complaint=made, by=maker, action="dispute", message="Tidak")
    with pytest.raises(TransitionNotAllowed):
        services.complaint_answer(complaint=made, by=maker, action="accept")


# --- the performance figures ------------------------------------------------------------------------------------


def test_complaint_counts_by_artisan_counts_complaints_opened_in_the_half_open_range():
    first, second = ArtisanFactory(), ArtisanFactory()
    complaint(order=delivered_order(artisan=first))
    complaint(order=delivered_order(artisan=first))
    complaint(order=delivered_order(artisan=second))
    now = timezone.now()
    assert complaint_counts_by_artisan(since=now - timedelta(hours=1), until=now + timedelta(seconds=1)) == {
        first.pk: 2,
        second.pk: 1,
    }
    assert complaint_counts_by_artisan(since=now + timedelta(seconds=1), until=now + timedelta(hours=1)) == {}
    assert complaint_counts_by_artisan(since=now - timedelta(hours=1), until=now - timedelta(minutes=30)) == {}

"""Every transition of the RFQ and quote machines, allowed and refused, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from craftmarket.common.errors import ConflictError, NotFound, TransitionNotAllowed
from craftmarket.common.models import Notification
from orders.quotes import services
from orders.quotes.machine import QUOTE_MACHINE, RFQ_MACHINE
from orders.quotes.models import RFQ, Quote, QuoteRevision, QuoteStatusChange, RFQStatusChange

from .factories import buyer, in_days, quote, rfq, terms, weaver

pytestmark = pytest.mark.django_db
R, Q = RFQ.Status, Quote.Status


def test_machine_tables():
    assert RFQ_MACHINE.allowed(R.OPEN) == {R.QUOTED, R.CLOSED, R.EXPIRED}
    assert RFQ_MACHINE.allowed(R.QUOTED) == {R.AWARDED, R.CLOSED, R.EXPIRED}
    for final in (R.AWARDED, R.CLOSED, R.EXPIRED):
        assert RFQ_MACHINE.allowed(final) == frozenset()
    assert QUOTE_MACHINE.allowed(Q.DRAFT) == {Q.SENT, Q.WITHDRAWN}
    assert QUOTE_MACHINE.allowed(Q.COUNTERED) == {Q.REVISED, Q.DECLINED, Q.EXPIRED, Q.WITHDRAWN}
    for final in (Q.ACCEPTED, Q.DECLINED, Q.EXPIRED, Q.WITHDRAWN):
        assert QUOTE_MACHINE.allowed(final) == frozenset()


def test_send_moves_rfq_to_quoted_records_history_and_tells_the_buyer():
    weaver()
    request = rfq()
    drafted = quote(request=request, send=False)
    assert drafted.status == Q.DRAFT
    assert not Notification.objects.filter(event="quote_received").exists()
    sent = services.quote_send(quote=drafted, by=drafted.artisan.user)
    request.refresh_from_db()
    assert (sent.status, request.status) == (Q.SENT, R.QUOTED)
    assert request.first_quote_at == sent.sent_at
    assert list(QuoteStatusChange.objects.filter(quote=sent).values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "sent"),
    ]
    assert list(RFQStatusChange.objects.filter(rfq=request).values_list("to_status", "actor")) == [
        ("open", request.buyer_id),
        ("quoted", sent.artisan.user_id),
    ]
    assert Notification.objects.filter(event="quote_received", recipient=request.buyer).count() == 1


def test_counter_revise_accept_makes_numbered_revisions_and_awards_the_rfq():
    weaver()
    weaver(business_name="Anyaman Dua")
    request = rfq()
    first, second = (quote(request=request, artisan=r.artisan) for r in request.recipients.all())
    revision = services.quote_counter(quote=first, by=request.buyer, quantity=300, unit_price=50_000, notes="-4%")
    assert (revision.number, revision.author, revision.unit_price) == (2, "buyer", 50_000)
    first.refresh_from_db()
    assert (first.status, first.revision) == (Q.COUNTERED, 2)
    assert Notification.objects.filter(event="quote_countered", recipient=first.artisan.user).count() == 1
    with pytest.raises(TransitionNotAllowed):  # the buyer waits for the artisan's answer
        services.quote_accept(quote=first, by=request.buyer)
    services.quote_revise(quote=first, by=first.artisan.user, **terms(ladder=[services.Rung(1, 51_000)]))
    first.refresh_from_db()
    assert (first.status, first.revision) == (Q.REVISED, 3)
    with pytest.raises(ConflictError):  # a page showing revision 2 is stale
        services.quote_accept(quote=first, by=request.buyer, revision=2)
    services.quote_accept(quote=first, by=request.buyer, revision=3)
    first.refresh_from_db()
    second.refresh_from_db()
    request.refresh_from_db()
    assert (first.status, first.accepted_revision, second.status, request.status) == (
        Q.ACCEPTED,
        3,
        Q.DECLINED,
        R.AWARDED,
    )
    assert list(QuoteRevision.objects.filter(quote=first).values_list("number", "author")) == [
        (1, "artisan"),
        (2, "buyer"),
        (3, "artisan"),
    ]
    # accepting twice is idempotent
    again = services.quote_accept(quote=first, by=request.buyer)
    assert again.status == Q.ACCEPTED
    assert QuoteStatusChange.objects.filter(quote=first, to_status="accepted").count() == 1


@pytest.mark.parametrize("final", ["declined", "withdrawn"])
def test_final_quotes_refuse_every_answer(final):
    weaver()
    sent = quote()
    if final == "declined":
        services.quote_decline(quote=sent, by=sent.rfq.buyer, reason="Too expensive")
    else:
        services.quote_withdraw(quote=sent, by=sent.artisan.user, reason="Kapasitas penuh")
    rows = QuoteRevision.objects.count(), QuoteStatusChange.objects.count()
    for attempt in (
        lambda: services.quote_accept(quote=sent, by=sent.rfq.buyer),
        lambda: services.quote_counter(quote=sent, by=sent.rfq.buyer, unit_price=1000),
        lambda: services.quote_decline(quote=sent, by=sent.rfq.buyer, reason="x"),
        lambda: services.quote_withdraw(quote=sent, by=sent.artisan.user),
        lambda: services.quote_revise(quote=sent, by=sent.artisan.user, **terms()),
        lambda: services.quote_send(quote=sent, by=sent.artisan.user),
    ):
        with pytest.raises(TransitionNotAllowed):
            attempt()
    assert (QuoteRevision.objects.count(), QuoteStatusChange.objects.count()) == rows


def test_revise_refused_unless_countered_and_draft_cannot_be_accepted():
    weaver()
    sent = quote()
    with pytest.raises(TransitionNotAllowed):
        services.quote_revise(quote=sent, by=sent.artisan.user, **terms())
    draft = quote(request=rfq(by=sent.rfq.buyer), send=False)
    with pytest.raises(NotFound):  # a draft does not exist for the buyer
        services.quote_accept(quote=draft, by=draft.rfq.buyer)


def test_rfq_close_declines_live_quotes_and_refuses_a_second_close():
    weaver()
    sent = quote()
    request = sent.rfq
    services.rfq_close(rfq=request, by=request.buyer, reason="Budget cut")
    sent.refresh_from_db()
    assert (RFQ.objects.get(pk=request.pk).status, sent.status) == (R.CLOSED, Q.DECLINED)
    with pytest.raises(TransitionNotAllowed):
        services.rfq_close(rfq=request, by=request.buyer)
    with pytest.raises(NotFound):  # an artisan the RFQ was not sent to
        services.quote_draft(rfq=request, by=weaver().user, **terms())


def test_no_quote_on_a_closed_rfq():
    weaver()
    request = rfq()
    services.rfq_close(rfq=request, by=request.buyer)
    recipient = request.recipients.get().artisan
    with pytest.raises(ConflictError):
        services.quote_draft(rfq=request, by=recipient.user, **terms())
    assert not Quote.objects.exists()


def test_decline_needs_a_reason_and_writes_nothing_without_one():
    weaver()
    sent = quote()
    with pytest.raises(ValidationError) as err:
        services.quote_decline(quote=sent, by=sent.rfq.buyer, reason="  ")
    assert "reason" in err.value.message_dict
    sent.refresh_from_db()
    assert sent.status == Q.SENT


def test_accept_after_validity_is_refused():
    weaver()
    sent = quote(valid_until=in_days(0))
    Quote.objects.filter(pk=sent.pk).update(valid_until=in_days(-1))
    sent.refresh_from_db()
    with pytest.raises(ConflictError):
        services.quote_accept(quote=sent, by=sent.rfq.buyer)
    assert Quote.objects.get(pk=sent.pk).status == Q.SENT


def test_another_buyer_cannot_answer():
    weaver()
    sent = quote()
    stranger = buyer()
    for attempt in (
        lambda: services.quote_accept(quote=sent, by=stranger),
        lambda: services.quote_counter(quote=sent, by=stranger, unit_price=1),
        lambda: services.quote_decline(quote=sent, by=stranger, reason="x"),
        lambda: services.rfq_close(rfq=sent.rfq, by=stranger),
    ):
        with pytest.raises(NotFound):
            attempt()

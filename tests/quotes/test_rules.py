"""Bad input is refused with field messages and writes nothing; open RFQs go to matching artisans only; expiry
runs once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from artisans.models import Artisan
from craftmarket.common.errors import ConflictError, PermissionDenied
from craftmarket.common.models import Notification
from craftmarket.currency.models import ExchangeRate
from craftmarket.currency.selectors import rates_retire
from craftmarket.currency.services import exchange_rate_save
from orders.quotes import services
from orders.quotes.models import RFQ, LadderRow, Quote, QuoteRevision, RFQRecipient, RFQStatusChange
from orders.quotes.tasks import expire_due
from tests.factories import ArtisanFactory, CategoryFactory, UserFactory
from tests.moderation.factories import regional

from .factories import basket_category, buyer, in_days, quote, rfq, terms, weaver

pytestmark = pytest.mark.django_db


def _counts():
    return (
        RFQ.objects.count(),
        RFQRecipient.objects.count(),
        Quote.objects.count(),
        QuoteRevision.objects.count(),
        LadderRow.objects.count(),
        Notification.objects.count(),
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quantity", None),
        ("quantity", 0),
        ("quantity", 10_001),
        ("destination_country", ""),
        ("destination_place", ""),
        ("closes_on", "2020-01-01"),
        ("closes_on", "not a date"),
        ("incoterm", "FOO"),
        ("target_unit_price", "-1"),
        ("target_currency", "EURO"),
        ("title", "  "),
    ],
)
def test_bad_rfq_is_refused_with_a_field_message_and_nothing_written(field, value):
    weaver()
    someone = buyer()
    before = _counts()
    with pytest.raises(ValidationError) as err:
        rfq(by=someone, **{field: value})
    assert field in err.value.message_dict
    assert _counts() == before


def test_closing_date_today_is_in_the_past():
    weaver()
    with pytest.raises(ValidationError) as err:
        rfq(closes_on=in_days(0))
    assert err.value.message_dict["closes_on"] == ["Choose a date after today."]


def test_a_business_profile_is_required():
    weaver()
    with pytest.raises(PermissionDenied) as err:
        rfq(by=UserFactory())
    assert err.value.code == "business_required"
    assert not RFQ.objects.exists()


def test_open_rfq_goes_to_matching_verified_artisans_at_most_n_and_their_moderators(settings):
    settings.RFQ_OPEN_MAX_ARTISANS = 2
    big = weaver(capacity=5000, province="ID-JI")
    medium = weaver(capacity=800, province="ID-BA")
    weaver(capacity=400, province="ID-JI")  # third by capacity: beyond N
    weaver(capacity=100)  # too small for 300
    weaver(status=Artisan.Status.SUSPENDED)  # not verified
    ArtisanFactory(capacity_per_month=9999).categories.add(CategoryFactory(slug="batik"))  # another craft
    bali = regional(provinces=["ID-BA"], email="bali@dekranasda.id")
    papua = regional(provinces=["ID-PA"], email="papua@dekranasda.id")
    request = rfq()
    assert request.mode == RFQ.Mode.OPEN
    assert set(request.recipients.values_list("artisan", flat=True)) == {big.pk, medium.pk}
    assert set(Notification.objects.filter(event="rfq_received").values_list("recipient", flat=True)) == {
        big.user_id,
        medium.user_id,
    }
    assert Notification.objects.filter(event="rfq_open_moderators", recipient=bali).exists()
    assert not Notification.objects.filter(recipient=papua).exists()
    # the Bali moderator invites another Bali workshop; the Papua moderator cannot
    other = weaver(province="ID-BA", capacity=50)
    with pytest.raises(PermissionDenied):
        services.rfq_invite(rfq=request, artisan=other, by=papua)
    services.rfq_invite(rfq=request, artisan=other, by=bali)
    assert request.recipients.count() == 3
    with pytest.raises(ConflictError):
        services.rfq_invite(rfq=request, artisan=other, by=bali)


def test_open_rfq_without_any_match_is_refused():
    before = _counts()
    with pytest.raises(ConflictError) as err:
        rfq(category=basket_category())
    assert err.value.code == "no_match"
    assert _counts() == before


def test_direct_rfq_goes_to_one_artisan_only():
    chosen = weaver()
    weaver()
    request = rfq(artisan=chosen)
    assert request.mode == RFQ.Mode.DIRECT
    assert list(request.recipients.values_list("artisan", flat=True)) == [chosen.pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ladder": [services.Rung(300, 50_000), services.Rung(100, 60_000)]}, "ladder"),
        ({"ladder": [services.Rung(100, 50_000), services.Rung(300, 60_000)]}, "ladder"),
        ({"ladder": [services.Rung(100, -5)]}, "ladder"),
        ({"ladder": []}, "ladder"),
        ({"ladder": [services.Rung(500, 50_000)]}, "ladder"),  # first row above the quantity quoted
        ({"sample_price": -1}, "sample_price"),
        ({"deposit_percent": 101}, "deposit_percent"),
        ({"production_lead_days": 0}, "production_lead_days"),
        ({"incoterm": "CIF", "freight_estimate": None}, "freight_estimate"),
        ({"incoterm": "CIF", "freight_estimate": 1_000_000}, "insurance_estimate"),
        ({"valid_until": "2020-01-01"}, "valid_until"),
        ({"sample_included": True, "sample_lead_days": None}, "sample_lead_days"),
    ],
)
def test_bad_quote_is_refused_with_a_field_message_and_nothing_written(changes, field):
    weaver()
    request = rfq()
    before = _counts()
    artisan = request.recipients.get().artisan
    with pytest.raises(ValidationError) as err:
        services.quote_draft(rfq=request, by=artisan.user, **terms(**changes))
    assert field in err.value.message_dict
    assert _counts() == before


def test_validity_defaults_to_14_days_and_deposit_to_half():
    weaver()
    sent = quote(valid_until=None, deposit_percent=None)
    revision = sent.revisions.get()
    assert sent.valid_until == in_days(14) == revision.valid_until
    assert revision.deposit_percent == 50
    assert revision.display_currency == "EUR" and revision.display_rate is None  # no EUR rate in the table


def test_a_revision_keeps_the_rate_of_the_day_it_was_made():
    weaver()
    exchange_rate_save(
        currency="EUR", idr_per_unit="17250", rate_date=timezone.localdate(), source="BI", by=UserFactory(is_staff=True)
    )
    first = quote().revisions.get()
    exchange_rate_save(
        currency="EUR",
        idr_per_unit="18000",
        rate_date=timezone.localdate() - timedelta(days=1),
        source="BI",
        by=UserFactory(is_staff=True),
    )  # an older rate does not replace today's
    assert (first.display_currency, first.display_rate) == ("EUR", Decimal("17250"))
    ExchangeRate.objects.update(idr_per_unit=Decimal("19000"))
    rates_retire()
    first.refresh_from_db()
    assert first.display_rate == Decimal("17250")  # stored on the revision, not read again


def test_expiry_runs_once(settings):
    weaver()
    weaver()
    request = rfq()
    live = quote(request=request, artisan=request.recipients.first().artisan)
    kept = quote(request=request, artisan=request.recipients.last().artisan, valid_until=in_days(30))
    stale = rfq(by=buyer())
    RFQ.objects.filter(pk=stale.pk).update(closes_on=in_days(-1))
    Quote.objects.filter(pk=live.pk).update(valid_until=in_days(-1))
    assert expire_due() == [1, 1]
    assert expire_due() == [0, 0]
    assert RFQ.objects.get(pk=stale.pk).status == RFQ.Status.EXPIRED
    assert RFQ.objects.get(pk=request.pk).status == RFQ.Status.QUOTED
    assert Quote.objects.get(pk=live.pk).status == Quote.Status.EXPIRED
    assert Quote.objects.get(pk=kept.pk).status == Quote.Status.SENT
    assert RFQStatusChange.objects.filter(to_status="expired").count() == 1
    assert Notification.objects.filter(event="quote_expired").count() == 1
    assert Notification.objects.filter(event="rfq_expired").count() == 1

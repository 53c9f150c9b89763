"""Certificates with expiry: reminders 30 and 7 days before (each once, per expiry date), the badge gone at
expiry, and the moderators' "expires this month" view."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from artisans.models import Certification
from artisans.services import certification_send_expiry_reminders, certification_update
from artisans.tasks import send_certification_expiry_reminders
from craftmarket.common.models import Notification
from tests.artisans.factories import CertificationFactory
from tests.factories import UserFactory
from tests.moderation.factories import BALI, regional

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


def checked(days_left: int | None, **fields) -> Certification:
    valid_until = TODAY + datetime.timedelta(days=days_left) if days_left is not None else None
    return CertificationFactory(valid_until=valid_until, checked_at=timezone.now(), **fields)


def reminders(certification: Certification) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=certification.artisan.user, event="certification_expiring").order_by("pk")
    )


def test_thirty_and_seven_days_before_each_reminder_goes_once():
    certification = checked(30, name="SVLK (V-Legal)")
    assert certification_send_expiry_reminders(today=TODAY) == 1
    assert certification_send_expiry_reminders(today=TODAY) == 0  # the same day again
    assert certification_send_expiry_reminders(today=TODAY + datetime.timedelta(days=10)) == 0
    assert len(reminders(certification)) == 1

    assert certification_send_expiry_reminders(today=TODAY + datetime.timedelta(days=23)) == 1  # 7 days left
    assert certification_send_expiry_reminders(today=TODAY + datetime.timedelta(days=25)) == 0
    sent = reminders(certification)
    assert len(sent) == 2
    assert "06-01-2027" in sent[0].title and "30" in sent[0].body
    assert "7" in sent[1].body
    assert {n.email_status for n in sent} == {Notification.EmailStatus.QUEUED}  # mailed after commit


def test_a_certificate_first_seen_with_five_days_left_gets_only_the_seven_day_reminder():
    certification = checked(5)
    assert certification_send_expiry_reminders(today=TODAY) == 1
    assert certification_send_expiry_reminders(today=TODAY) == 0
    assert len(reminders(certification)) == 1


def test_no_reminder_for_unchecked_expired_far_or_never_expiring_certificates():
    checked(31)
    checked(None)
    checked(-1)
    CertificationFactory(valid_until=TODAY + datetime.timedelta(days=10))  # never checked: no badge to lose
    assert certification_send_expiry_reminders(today=TODAY) == 0
    assert not Notification.objects.filter(event="certification_expiring").exists()


def test_a_renewed_certificate_is_reminded_again_before_its_new_date():
    certification = checked(6)
    certification_send_expiry_reminders(today=TODAY)
    certification_update(
        certification=certification,
        by=certification.artisan.user,
        data={"valid_until": TODAY + datetime.timedelta(days=365)},
    )
    certification.refresh_from_db()
    assert (certification.reminded_30_at, certification.reminded_7_at) == (None, None)


def test_the_daily_task_sends_them(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 7, 0, tzinfo=datetime.UTC))
    certification = checked((timezone.localdate() + datetime.timedelta(days=7) - TODAY).days)
    assert send_certification_expiry_reminders.delay().get() == 1
    assert len(reminders(certification)) == 1


def test_the_badge_disappears_at_expiry():
    certification = checked(0)
    assert Certification.objects.badges(today=TODAY).filter(pk=certification.pk).exists()
    assert not Certification.objects.badges(today=TODAY + datetime.timedelta(days=1)).filter(pk=certification.pk)


def test_moderators_see_what_expires_this_month(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC))
    this_month = checked(20, name="Halal")  # 27 December
    next_month = checked(30, name="SNI")  # 6 January
    staff = Client()
    staff.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = staff.get(reverse("admin:artisans_certification_changelist"), {"expires": "this_month"})
    assert response.status_code == 200
    listed = {c.pk for c in response.context["cl"].result_list}
    assert this_month.pk in listed and next_month.pk not in listed

    bali = Client()
    bali.force_login(regional(provinces=(BALI,), email="bali@dekranasda.id"))
    response = bali.get(reverse("admin:artisans_certification_changelist"), {"expires": "this_month"})
    assert this_month.pk not in {c.pk for c in response.context["cl"].result_list}  # Yogyakarta's, not Bali's

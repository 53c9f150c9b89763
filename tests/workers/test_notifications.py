"""Notifications: who gets what, in which language, in-app rows, email content, the digest and mail failures."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from craftmarket.common.models import Notification
from craftmarket.common.notifications import EVENTS, moderators, notify
from craftmarket.common.tasks import send_moderation_digest, send_notification_email
from tests.factories import UserFactory
from tests.workers.mail_backends import FlakyBackend

pytestmark = pytest.mark.django_db

FLAKY = {"default": {"BACKEND": "tests.workers.mail_backends.FlakyBackend"}}


def moderator(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name="Dekranas moderator")[0])
    return user


def test_order_shipped_creates_a_row_and_an_email_with_the_tracking_number(
    mailoutbox, django_capture_on_commit_callbacks
):
    buyer = UserFactory(email="siti@example.id", name="Siti", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event="order_shipped",
            users=[buyer],
            context={"order": "CM-2026-0042", "courier": "JNE", "tracking_number": "JNE123456", "url": "/orders/42/"},
        )

    row = Notification.objects.get()
    assert (row.recipient, row.event, row.url) == (buyer, "order_shipped", "/orders/42/")
    assert row.title == "Order CM-2026-0042 has been shipped"
    assert row.body == "Your order CM-2026-0042 is on its way.\nCourier: JNE. Tracking number: JNE123456."
    assert row.read_at is None
    assert row.email_status == Notification.EmailStatus.SENT
    assert row.emailed_at is not None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["siti@example.id"]
    assert message.subject == "Order CM-2026-0042 has been shipped"
    assert "Hello Siti," in message.body
    assert "Tracking number: JNE123456" in message.body
    assert "http://127.0.0.1:8000/orders/42/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "JNE123456" in html and 'href="http://127.0.0.1:8000/orders/42/"' in html


def test_email_is_written_in_the_recipients_language(mailoutbox, django_capture_on_commit_callbacks):
    pay_before = datetime.datetime(2026, 12, 3, 14, 0, tzinfo=datetime.UTC)
    english = UserFactory(language="en")
    indonesian = UserFactory(language="id")

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event="purchase_created",
            users=[english, indonesian],
            context={"purchase": "P-77", "amount": 1_250_000, "pay_before": pay_before},
        )

    by_recipient = {m.to[0]: m for m in mailoutbox}
    en_html = by_recipient[english.email].alternatives[0][0]
    id_html = by_recipient[indonesian.email].alternatives[0][0]
    assert '<html lang="en">' in en_html
    assert '<html lang="id">' in id_html
    # Dates follow the recipient's locale (Django ships the Indonesian month names).
    assert "Dec" in Notification.objects.get(recipient=english).body
    assert "Des" in Notification.objects.get(recipient=indonesian).body
    assert "Rp 1.250.000" in by_recipient[english.email].body
    # Payment instructions: every bank account from the settings.
    assert "BCA 8720 123 456" in by_recipient[english.email].body
    assert "Mandiri 137 00 1234567 8" in en_html


def test_listing_rejected_carries_the_reason():
    artisan_user = UserFactory(language="en")

    notify(
        event="listing_rejected",
        users=[artisan_user],
        context={"product": "Keris Mini", "reason": "The photos are blurred."},
    )

    row = Notification.objects.get()
    assert row.title == "Your listing “Keris Mini” was not approved"
    assert row.body.endswith("Reason: The photos are blurred.")
    assert row.data == {"product": "Keris Mini", "reason": "The photos are blurred."}


def test_each_recipient_once_and_inactive_users_skipped(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    inactive = UserFactory(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(event="payment_confirmed", users=[user, user, inactive], context={"purchase": "P-1", "amount": 10_000})

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [user.pk]
    assert len(mailoutbox) == 1


def test_unknown_event_is_refused_and_nothing_written(mailoutbox):
    with pytest.raises(ValueError):
        notify(event="order_teleported", users=[UserFactory()], context={})
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_every_documented_event_renders_with_an_empty_context():
    user = UserFactory()
    for event in EVENTS:
        notify(event=event, users=[user], context={})
    assert Notification.objects.filter(recipient=user).count() == len(EVENTS)
    assert not Notification.objects.filter(title="").exists()


@pytest.mark.django_db(transaction=True)
def test_mail_waits_for_commit_and_is_never_sent_on_rollback(mailoutbox):
    user = UserFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(event="order_delivered", users=[user], context={"order": "CM-9"})
        raise RuntimeError("the service failed after notifying")
    assert Notification.objects.count() == 0
    assert mailoutbox == []

    with transaction.atomic():
        notify(event="order_delivered", users=[user], context={"order": "CM-10"})
        assert mailoutbox == []  # not before the commit
    assert [m.subject for m in mailoutbox] == [gettext("Order {order} was delivered").format(order="CM-10")]


def test_failing_mail_server_never_breaks_the_caller_and_the_failure_is_recorded(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MAILERS = FLAKY
    FlakyBackend.reset(failures=100)
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        notify(event="order_cancelled", users=[user], context={"order": "CM-5", "reason": "Out of stock"})

    row = Notification.objects.get()
    assert row.email_status == Notification.EmailStatus.FAILED
    assert row.email_attempts == 1
    assert row.email_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mailoutbox == []
    # The in-app row is there all the same.
    assert row.title == gettext("Order {order} was cancelled").format(order="CM-5")


def test_mail_task_sends_once_even_when_delivered_twice(mailoutbox):
    row = Notification.objects.create(recipient=UserFactory(), event="order_shipped", title="Shipped", body="x")

    assert send_notification_email.delay(row.pk).get() == "sent"
    assert send_notification_email.delay(row.pk).get() == "skipped"

    assert len(mailoutbox) == 1


def test_mail_task_returns_quietly_when_the_row_is_gone(mailoutbox):
    assert send_notification_email.delay(987654).get() == "skipped"
    assert mailoutbox == []


def test_review_waiting_goes_to_moderators_and_into_one_digest_each(mailoutbox):
    first = moderator(email="mod1@dekranas.id", language="id")
    second = moderator(email="mod2@dekranas.id", language="en")
    UserFactory()  # not a moderator

    for name in ("Tas Rotan", "Keris Mini", "Batik Tulis"):
        notify(event="review_waiting", users=moderators(), context={"item": name, "url": f"/admin/{name}/"})

    assert mailoutbox == []  # never one mail per item
    assert Notification.objects.filter(email_status=Notification.EmailStatus.DIGEST).count() == 6

    assert send_moderation_digest.delay().get() == 2

    assert sorted(m.to[0] for m in mailoutbox) == [first.email, second.email]
    english = next(m for m in mailoutbox if m.to == [second.email])
    assert english.subject == "3 items are waiting for review"
    for name in ("Tas Rotan is waiting for review", "Keris Mini", "Batik Tulis"):
        assert name in english.body
    assert Notification.objects.filter(email_status=Notification.EmailStatus.SENT).count() == 6

    # The next run has nothing new to send.
    assert send_moderation_digest.delay().get() == 0
    assert len(mailoutbox) == 2


def test_review_waiting_with_no_users_given_still_reaches_the_moderators():
    mod = moderator()

    notify(event="review_waiting", users=[], context={"item": "Anyaman Pandan"})

    assert list(Notification.objects.values_list("recipient_id", "email_status")) == [(mod.pk, "digest")]


def test_digest_mail_failure_keeps_the_items_for_the_next_run(settings, mailoutbox):
    mod = moderator()
    notify(event="review_waiting", users=[mod], context={"item": "Wayang Kulit"})
    settings.MAILERS = FLAKY
    FlakyBackend.reset(failures=1)

    assert send_moderation_digest.delay().get() == 0
    row = Notification.objects.get()
    assert (row.email_status, row.email_attempts) == ("digest", 1)

    assert send_moderation_digest.delay().get() == 1
    row.refresh_from_db()
    assert row.email_status == "sent"
    assert len(mailoutbox) == 1


def test_sent_row_must_have_a_send_time():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=UserFactory(), event="order_shipped", title="x", email_status="sent", emailed_at=None
        )
    assert timezone.now()


def test_broker_down_never_breaks_the_request_that_committed(monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_notification_email, "delay", broker_down)
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        notify(event="order_delivered", users=[user], context={"order": "CM-3"})

    row = Notification.objects.get()
    assert (row.title, row.email_status) == (gettext("Order {order} was delivered").format(order="CM-3"), "queued")

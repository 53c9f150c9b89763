"""Notifications of new messages are batched: one mail (and one in-app row) per thread per 15 minutes at most per
recipient, none at all when the recipient read the messages in time; the beat job sends what an ETA task missed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from craftmarket.common.models import Notification
from orders.conversations import services
from orders.conversations.mail import participant_mail_send
from orders.conversations.models import Participant
from orders.conversations.tasks import send_due_message_mails
from tests.conversations.factories import product_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 8, 17, 9, 0, tzinfo=datetime.UTC)


def _artisan_side(thread) -> Participant:
    return Participant.objects.get(thread=thread, role="artisan")


def _mails_to(user) -> list:
    """The message mails to ``user`` (publishing the product in the set-up mails the artisan too)."""
    titles = set(Notification.objects.filter(recipient=user, event="message_received").values_list("title", flat=True))
    return [m for m in mail.outbox if user.email in m.to and m.subject in titles]


def _post(thread, by, body, *, at, capture):
    with time_machine.travel(at, tick=False), capture(execute=True):
        services.message_post(thread=thread, by=by, body=body)


@pytest.fixture
def run_beat(django_capture_on_commit_callbacks):
    """The every-minute job at a given time, with the mails it queues sent (after commit)."""

    def run(at) -> int:
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return send_due_message_mails()

    return run


def test_many_messages_in_a_burst_make_one_mail_per_window(django_capture_on_commit_callbacks, run_beat):
    capture = django_capture_on_commit_callbacks
    with time_machine.travel(START, tick=False), capture(execute=True):
        thread, buyer, product = product_thread()  # the first question: a mail is owed after the short delay
    artisan = product.artisan.user
    for minute in (1, 2, 3):
        _post(thread, buyer, f"Pertanyaan {minute}", at=START + datetime.timedelta(minutes=minute), capture=capture)
    assert _mails_to(artisan) == []  # not due yet
    assert _artisan_side(thread).mail_due_at == START + django_settings.CONVERSATION_MAIL_DELAY

    assert run_beat(START + datetime.timedelta(minutes=2)) == 1
    assert len(_mails_to(artisan)) == 1
    assert Notification.objects.filter(recipient=artisan, event="message_received").count() == 1

    # More messages within 15 minutes of that mail: owed, but only at the end of the window.
    for minute in (4, 8, 12):
        _post(thread, buyer, f"Lagi {minute}", at=START + datetime.timedelta(minutes=minute), capture=capture)
    assert (
        _artisan_side(thread).mail_due_at
        == START + datetime.timedelta(minutes=2) + django_settings.CONVERSATION_MAIL_WINDOW
    )
    for minute in range(4, 17):
        run_beat(START + datetime.timedelta(minutes=minute))
    assert len(_mails_to(artisan)) == 1
    assert run_beat(START + datetime.timedelta(minutes=17)) == 1
    assert len(_mails_to(artisan)) == 2
    # Nothing new: the job and a redelivered task send nothing more.
    assert run_beat(START + datetime.timedelta(hours=2)) == 0
    assert participant_mail_send(participant_id=_artisan_side(thread).pk) == "none"
    assert len(_mails_to(artisan)) == 2
    assert Notification.objects.filter(recipient=artisan, event="message_received").count() == 2


def test_no_mail_when_the_recipient_read_the_messages_in_time(django_capture_on_commit_callbacks, run_beat):
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        thread, buyer, product = product_thread()
    artisan = product.artisan.user
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        services.thread_mark_read(thread=thread, by=artisan)
    assert run_beat(START + datetime.timedelta(minutes=30)) == 0
    assert _mails_to(artisan) == []
    assert _artisan_side(thread).mail_due_at is None


def test_the_mail_is_sent_by_its_eta_task_when_it_runs_on_time(django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        thread, buyer, product = product_thread()
    participant = _artisan_side(thread)
    assert participant_mail_send(participant_id=participant.pk, now=START) == "not_due"
    due = START + django_settings.CONVERSATION_MAIL_DELAY
    with time_machine.travel(due, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert participant_mail_send(participant_id=participant.pk) == "sent"
    sent = _mails_to(product.artisan.user)
    assert len(sent) == 1
    assert product.name in sent[0].subject
    participant.refresh_from_db()
    assert (participant.mail_due_at, participant.last_mailed_at) == (None, due)


def test_each_thread_and_each_recipient_is_batched_on_its_own(django_capture_on_commit_callbacks, run_beat):
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        first, buyer, product = product_thread()
        second, other_buyer, _same = product_thread(buyer=UserFactory(), product=product)
    assert run_beat(START + datetime.timedelta(minutes=5)) == 2
    assert len(_mails_to(product.artisan.user)) == 2  # one per thread
    assert _mails_to(buyer) == [] and _mails_to(other_buyer) == []  # nobody is told about their own message


def test_the_window_counts_from_the_last_mail_not_from_the_message(django_capture_on_commit_callbacks, run_beat):
    capture = django_capture_on_commit_callbacks
    with time_machine.travel(START, tick=False), capture(execute=True):
        thread, buyer, product = product_thread()
    run_beat(START + datetime.timedelta(minutes=3))
    later = START + datetime.timedelta(hours=1)
    _post(thread, buyer, "Masih ada?", at=later, capture=capture)
    assert _artisan_side(thread).mail_due_at == later + django_settings.CONVERSATION_MAIL_DELAY
    assert timezone.is_aware(_artisan_side(thread).mail_due_at)


def test_with_a_broker_the_mail_task_is_sent_with_its_due_time_as_eta(
    django_capture_on_commit_callbacks, monkeypatch, settings
):
    from orders.conversations import tasks

    sent = []
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.send_message_mail, "apply_async", lambda args, eta: sent.append((args, eta)))
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        thread, _buyer, _product = product_thread()
    participant = _artisan_side(thread)
    assert sent == [((participant.pk,), START + django_settings.CONVERSATION_MAIL_DELAY)]

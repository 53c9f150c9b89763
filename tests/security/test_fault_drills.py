"""Fault drills: the broker is down when an order is placed, a worker dies in the middle of a rendition.

Covered elsewhere, on purpose not repeated here:
- the mail server refuses: retries with backoff, then a recorded failure, never a crash
  (tests/integration/test_worker_through_broker.py::test_transient_mail_failure_retries_with_backoff_then_succeeds,
  ::test_mail_after_the_last_retry_is_recorded_as_failed; tests/workers/test_notifications.py);
- the database connection drops mid-request: a clean 503 (tests/security/test_database_down.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone
from kombu.exceptions import OperationalError

from artisans.tasks import render_artisan_photo
from catalog.models import ProductImage
from catalog.tasks import render_product_image
from craftmarket.common import images, tasks
from craftmarket.common.models import Notification
from orders.models import Purchase
from tests.catalog.factories import draft, published
from tests.factories import UserFactory
from tests.orders.factories import AddressFactory, checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """Every ``.delay`` of the mail task fails the way kombu fails when Redis refuses the connection."""
    state = {"down": True}
    real_delay = tasks.send_notification_email.delay

    def delay(*args, **kwargs):
        if state["down"]:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        return real_delay(*args, **kwargs)

    monkeypatch.setattr(tasks.send_notification_email, "delay", delay)
    return state


def test_an_order_placed_while_the_broker_is_down_commits_and_its_mails_are_sent_once_it_is_back(
    broker_down, django_capture_on_commit_callbacks
):
    product = published()
    buyer = UserFactory()
    address = AddressFactory(user=buyer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        purchase = checkout(buyer, address, (product.variants.get(), 1))

    assert Purchase.objects.filter(pk=purchase.pk).exists()
    queued = Notification.objects.filter(email_status="queued")
    assert queued.filter(recipient=buyer, event="purchase_created").exists()
    assert mail.outbox == []

    # Within the grace minute the outbox leaves them alone (their task may still be on its way).
    broker_down["down"] = False
    assert tasks.resend_queued_notifications() == 0
    assert mail.outbox == []

    queued.update(created_at=timezone.now() - timedelta(minutes=2))
    expected = queued.count()
    assert tasks.resend_queued_notifications() == expected
    assert len(mail.outbox) == expected
    assert buyer.email in {address for message in mail.outbox for address in message.to}
    assert not Notification.objects.filter(email_status="queued").exists()

    # Running the outbox again sends nothing twice.
    assert tasks.resend_queued_notifications() == 0
    assert len(mail.outbox) == expected


def test_the_outbox_leaves_mails_that_wait_for_a_retry_alone_until_they_are_stuck():
    row = Notification.objects.create(
        recipient=UserFactory(),
        event="order_shipped",
        title="Order CM-1 has been shipped",
        email_attempts=1,
        created_at=timezone.now() - timedelta(minutes=30),
    )
    assert tasks.resend_queued_notifications() == 0
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(hours=3))
    assert tasks.resend_queued_notifications() == 1
    row.refresh_from_db()
    assert row.email_status == "sent"


def test_the_outbox_runs_every_minute_on_the_notifications_queue():
    schedule = {entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["craftmarket.common.tasks.resend_queued_notifications"] == timedelta(minutes=1)
    route = django_settings.CELERY_TASK_ROUTES["craftmarket.common.tasks.resend_queued_notifications"]
    assert route == {"queue": "notifications"}


@pytest.mark.parametrize("task", [render_product_image, render_artisan_photo, tasks.render_image_row])
def test_rendition_tasks_go_back_to_the_queue_when_their_worker_dies(task):
    """acks_late + reject_on_worker_lost: a SIGKILLed worker's message is redelivered, not lost."""
    assert task.acks_late is True
    assert django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert django_settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


def test_a_rendition_killed_half_way_runs_again_and_ends_in_the_same_files(settings):
    """A worker killed after writing some renditions (one of them half-written) leaves the row pending; the
    redelivered task ends with exactly the files and bytes of an uninterrupted run."""
    product = draft(images=1)
    image = product.images.get()
    images.render_image(model=ProductImage, pk=image.pk)
    image.refresh_from_db()
    clean = {r["name"]: default_storage.open(r["name"]).read() for r in image.renditions}
    assert image.status == "ready" and clean

    # What a SIGKILL in the middle leaves: the row still pending, one file cut short, one file never written.
    names = sorted(clean)
    storage = default_storage
    storage.delete(names[0])
    with storage.open(names[1], "wb") as handle:
        handle.write(clean[names[1]][:10])
    ProductImage.objects.filter(pk=image.pk).update(status="pending", renditions=[])

    render_product_image(image.pk)  # the redelivered message

    image.refresh_from_db()
    assert image.status == "ready"
    again = {r["name"]: storage.open(r["name"]).read() for r in image.renditions}
    assert again == clean

"""A real Celery worker, through the real Redis broker, against the real (test) database."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.db import transaction

from catalog.models import ProductImage
from catalog.tasks import render_product_image
from craftmarket.common.models import Notification
from craftmarket.common.notifications import notify
from craftmarket.common.tasks import send_notification_email
from tests.celery_worker import wait_until
from tests.factories import ProductFactory, UserFactory
from tests.workers.factories import ProductImageFactory, two_colour_jpeg
from tests.workers.mail_backends import FlakyBackend

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_uploaded_image_gets_its_renditions_through_the_broker(celery_worker):
    product = ProductFactory()
    with transaction.atomic():
        image = ProductImageFactory(product=product, content=two_colour_jpeg(2400, 1600, orientation=6))
        transaction.on_commit(lambda: render_product_image.delay(image.pk))

    wait_until(lambda: ProductImage.objects.get(pk=image.pk).status != ProductImage.Status.PENDING)

    image.refresh_from_db()
    assert image.status == ProductImage.Status.READY
    assert sorted({(r["width"], r["height"]) for r in image.renditions}) == [(213, 320), (427, 640), (853, 1280)]
    assert all(default_storage.exists(r["name"]) for r in image.renditions)


def test_mail_is_sent_after_commit_and_never_after_rollback(celery_worker):
    mail.outbox = []
    buyer = UserFactory(language="en")

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(event="order_delivered", users=[buyer], context={"order": "ROLLED-BACK"})
        raise RuntimeError("the service failed")

    with transaction.atomic():
        notify(event="order_delivered", users=[buyer], context={"order": "CM-1"})

    # Both would go through the one notifications queue in order; the committed one arriving proves the rolled
    # back one was never sent.
    wait_until(lambda: Notification.objects.filter(email_status="sent").exists())
    assert [m.subject for m in mail.outbox] == ["Order CM-1 was delivered"]
    assert list(Notification.objects.values_list("title", flat=True)) == ["Order CM-1 was delivered"]


def test_transient_mail_failure_retries_with_backoff_then_succeeds(celery_worker, settings):
    mail.outbox = []
    settings.MAILERS = {"default": {"BACKEND": "tests.workers.mail_backends.FlakyBackend"}}
    settings.TASK_RETRY_BACKOFF_SECONDS = 0.2
    FlakyBackend.reset(failures=2)
    row = Notification.objects.create(recipient=UserFactory(), event="order_shipped", title="Shipped", body="x")

    send_notification_email.delay(row.pk)

    wait_until(lambda: Notification.objects.get(pk=row.pk).email_status == "sent")
    row.refresh_from_db()
    assert FlakyBackend.attempts == 3
    assert row.email_attempts == 3
    assert row.email_error == ""
    assert len(mail.outbox) == 1


def test_mail_after_the_last_retry_is_recorded_as_failed(celery_worker, settings):
    mail.outbox = []
    settings.MAILERS = {"default": {"BACKEND": "tests.workers.mail_backends.FlakyBackend"}}
    settings.TASK_RETRY_BACKOFF_SECONDS = 0.05
    settings.TASK_MAX_RETRIES = 2
    FlakyBackend.reset(failures=100)
    row = Notification.objects.create(recipient=UserFactory(), event="order_shipped", title="Shipped", body="x")

    send_notification_email.delay(row.pk)

    wait_until(lambda: Notification.objects.get(pk=row.pk).email_status == "failed")
    row.refresh_from_db()
    assert FlakyBackend.attempts == 3
    assert row.email_attempts == 3
    assert row.email_error.startswith("SMTPServerDisconnected")
    assert mail.outbox == []


def test_task_delivered_twice_has_the_effect_of_one(celery_worker):
    mail.outbox = []
    row = Notification.objects.create(recipient=UserFactory(), event="order_shipped", title="Shipped", body="x")
    image = ProductImageFactory(content=two_colour_jpeg(1500, 1000))

    mails = [send_notification_email.delay(row.pk), send_notification_email.delay(row.pk)]
    renders = [render_product_image.delay(image.pk), render_product_image.delay(image.pk)]

    assert sorted(r.get(timeout=30) for r in mails) == ["sent", "skipped"]
    assert sorted(r.get(timeout=30) for r in renders) == ["ready", "unchanged"]
    assert len(mail.outbox) == 1
    image.refresh_from_db()
    assert len(image.renditions) == 6
    names = [r["name"] for r in image.renditions]
    assert len(set(names)) == 6
    folder = names[0].rsplit("/", 1)[0]
    assert sorted(f"{folder}/{f}" for f in default_storage.listdir(folder)[1]) == sorted(names)

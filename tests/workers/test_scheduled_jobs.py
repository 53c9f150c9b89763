"""The beat schedule and the housekeeping jobs it runs."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.utils import timezone

from catalog.models import ProductImage
from craftmarket.celery import app
from craftmarket.common import images
from craftmarket.common.tasks import backoff_seconds, remove_orphaned_uploads, retry_failed_renditions
from tests.workers.factories import ProductImageFactory, two_colour_jpeg

pytestmark = pytest.mark.django_db


def test_beat_runs_each_job_at_its_interval(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule == {
        "orders.expire_unpaid_purchases": timedelta(minutes=5),
        "orders.complete_delivered_orders": timedelta(hours=1),
        "orders.check_gateway_charges": timedelta(minutes=10),
        "craftmarket.common.tasks.send_moderation_digest": timedelta(minutes=15),
        "craftmarket.common.tasks.resend_queued_notifications": timedelta(minutes=1),
        "craftmarket.common.tasks.retry_failed_renditions": timedelta(hours=1),
        "craftmarket.common.tasks.remove_orphaned_uploads": timedelta(days=1),
        "catalog.tasks.refresh_search_terms": timedelta(days=1),
        "conversations.send_due_message_mails": timedelta(minutes=1),
        "money.create_weekly_payouts": crontab(minute=0, hour=6, day_of_week=1),
        "performance.compute_snapshots": crontab(minute=30, hour=1),
        "complaints.move_complaint_deadlines": timedelta(minutes=15),
        "quotes.expire_due": timedelta(hours=1),
        "quotes.follow_milestone_orders": timedelta(minutes=5),
        "artisans.tasks.send_certification_expiry_reminders": crontab(minute=0, hour=7),
    }


def test_every_scheduled_task_is_registered(settings):
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, f"beat schedules {entry['task']}, which no module defines"


def test_tasks_are_routed_to_their_queues():
    route = app.amqp.router.route
    assert route({}, "catalog.tasks.render_product_image")["queue"].name == "images"
    assert route({}, "craftmarket.common.tasks.render_image_row")["queue"].name == "images"
    assert route({}, "craftmarket.common.tasks.send_notification_email")["queue"].name == "notifications"
    assert route({}, "craftmarket.common.tasks.send_moderation_digest")["queue"].name == "notifications"
    assert route({}, "craftmarket.common.tasks.remove_orphaned_uploads")["queue"].name == "default"
    assert route({}, "catalog.tasks.refresh_search_terms")["queue"].name == "default"


def test_reliability_settings(settings):
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT


def test_backoff_grows_exponentially_with_jitter_and_a_cap(settings):
    settings.TASK_RETRY_BACKOFF_SECONDS = 10
    settings.TASK_RETRY_BACKOFF_MAX_SECONDS = 100
    for attempt, ceiling in [(0, 10), (1, 20), (2, 40), (3, 80), (4, 100), (9, 100)]:
        delays = {backoff_seconds(attempt) for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jitter


def test_retry_job_resends_temporary_failures_and_stuck_rows_only(django_capture_on_commit_callbacks):
    temporary = ProductImageFactory(status="failed", failure_reason=images.REASON_TEMPORARY)
    stuck = ProductImageFactory(created_at=timezone.now() - timedelta(hours=3))
    corrupt = ProductImageFactory(content=b"junk", status="failed", failure_reason=images.REASON_UNREADABLE)
    fresh = ProductImageFactory()  # pending, but its own task is still on the way
    too_old = ProductImageFactory(
        status="failed", failure_reason=images.REASON_TEMPORARY, created_at=timezone.now() - timedelta(days=30)
    )

    assert retry_failed_renditions.delay().get() == 2

    statuses = dict(ProductImage.objects.values_list("pk", "status"))
    assert statuses[temporary.pk] == "ready"
    assert statuses[stuck.pk] == "ready"
    assert statuses[corrupt.pk] == "failed"
    assert statuses[fresh.pk] == "pending"
    assert statuses[too_old.pk] == "failed"


def _age(storage, name: str, days: float) -> None:
    when = time.time() - days * 86400
    os.utime(storage.path(name), (when, when))


def test_orphan_sweep_removes_old_unreferenced_files_only(settings):
    image = ProductImageFactory(content=two_colour_jpeg(700, 500))
    images.render_image(model=ProductImage, pk=image.pk)
    image.refresh_from_db()
    private = image.original.storage
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private.location},
        },
    }
    assert storages["private"].location == private.location
    old_orphan = default_storage.save("renditions/catalog/productimage/999-abc-320x200.webp", ContentFile(b"x"))
    new_orphan = default_storage.save("renditions/catalog/productimage/998-abc-320x200.webp", ContentFile(b"x"))
    old_private_orphan = private.save("originals/products/2026/01/left-behind.jpg", ContentFile(b"x"))
    elsewhere = default_storage.save("exports/report.csv", ContentFile(b"x"))
    kept = [r["name"] for r in image.renditions]
    for name in [old_orphan, elsewhere, *kept]:
        _age(default_storage, name, 3)
    _age(private, old_private_orphan, 3)
    _age(private, image.original.name, 3)

    assert remove_orphaned_uploads.delay().get() == 2

    assert not default_storage.exists(old_orphan)
    assert not private.exists(old_private_orphan)
    assert default_storage.exists(new_orphan)  # younger than a day: its row may still be on the way
    assert default_storage.exists(elsewhere)  # outside the swept folders
    assert all(default_storage.exists(name) for name in kept)
    assert private.exists(image.original.name)

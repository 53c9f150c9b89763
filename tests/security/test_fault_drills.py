"""Fault drills: the broker is down when an order is placed, a worker dies in the middle of a rendition (as a
simulation of what it leaves behind, and for real: a SIGKILLed worker process, tests/security/killed_worker.py).

Covered elsewhere, on purpose not repeated here:
- the mail server refuses: retries with backoff, then a recorded failure, never a crash
  (tests/integration/test_worker_through_broker.py::test_transient_mail_failure_retries_with_backoff_then_succeeds,
  ::test_mail_after_the_last_retry_is_recorded_as_failed; tests/workers/test_notifications.py);
- the database connection drops mid-request: a clean 503 (tests/security/test_database_down.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from kombu.exceptions import OperationalError

from artisans.tasks import render_artisan_photo
from catalog.models import Category, ProductImage
from catalog.tasks import render_product_image
from craftmarket.common import images, tasks
from craftmarket.common.models import Notification
from orders.models import Purchase
from tests.catalog.factories import draft, published
from tests.celery_worker import through_broker, wait_until
from tests.factories import CategoryFactory, UserFactory
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


@contextmanager
def drill_worker(paused_file: Path, log_file: Path) -> Iterator[subprocess.Popen]:
    """tests/security/killed_worker.py in its own process group, on the test database, the per-test media folders
    and the test broker; stopped (the whole group) on the way out."""
    db = connection.settings_dict
    credentials = f"{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
    database_url = f"postgres://{credentials}@{db['HOST'] or ''}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "craftmarket.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": django_settings.TEST_REDIS_URL,
        "MEDIA_ROOT": str(default_storage.location),
        # Model fields hold the private storage they were declared with, so take its folder from the field.
        "PRIVATE_MEDIA_ROOT": str(ProductImage._meta.get_field("original").storage.location),
        "DRILL_PAUSED_FILE": str(paused_file),
    }
    with log_file.open("wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.security.killed_worker"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield worker
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/status").read_text().find("State:\tZ") == -1  # a zombie is dead too


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_sigkilled_mid_rendition_hands_the_task_on_and_it_ends_in_the_same_files(tmp_path):
    """A real Celery worker (prefork pool, the production settings) is SIGKILLed while it writes the renditions
    of an image: the message goes back to the queue (acks_late + reject_on_worker_lost), the replacement pool
    process runs it again, and the image ends ready with exactly the files of an uninterrupted run."""
    if not Category.objects.filter(slug="rotan").exists():  # an earlier transactional test flushed the tree
        CategoryFactory(slug="rotan")
    product = draft(images=1)
    image = product.images.get()
    images.render_image(model=ProductImage, pk=image.pk)
    image.refresh_from_db()
    storage = default_storage
    clean = {r["name"]: storage.open(r["name"]).read() for r in image.renditions}
    assert image.status == "ready" and len(clean) >= 2
    for name in clean:
        storage.delete(name)
    ProductImage.objects.filter(pk=image.pk).update(status="pending", renditions=[])

    paused, log = tmp_path / "paused", tmp_path / "worker.log"
    with through_broker(), drill_worker(paused, log) as worker:
        task_id = render_product_image.delay(image.pk).id
        wait_until(lambda: paused.exists() or worker.poll() is not None, timeout=90)
        assert worker.poll() is None, log.read_text()
        pid_line, cut_name = paused.read_text().split()
        pool_pid = int(pid_line)

        # The moment of the kill: one file whole, one cut short, the row untouched.
        assert pool_pid != worker.pid
        assert storage.size(cut_name) < len(clean[cut_name])
        assert ProductImage.objects.get(pk=image.pk).status == "pending"
        os.kill(pool_pid, signal.SIGKILL)

        wait_until(lambda: ProductImage.objects.get(pk=image.pk).status == "ready", timeout=90)
        assert not _alive(pool_pid)
        assert worker.poll() is None  # the worker itself lives on with a new pool process

    image.refresh_from_db()
    again = {r["name"]: storage.open(r["name"]).read() for r in image.renditions}
    assert again == clean
    worker_log = log.read_text()
    assert "WorkerLostError" in worker_log, worker_log  # it really died mid-task and was handed on
    assert worker_log.count(f"render_product_image[{task_id}] received") == 2, worker_log  # delivered, redelivered

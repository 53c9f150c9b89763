"""A real Celery worker for tests, consuming from the real Redis broker (REDIS_URL).

Use it from tests marked ``redis`` with ``@pytest.mark.django_db(transaction=True)``: the worker runs in a thread
of the test process, so it uses the same test database (committed data only, hence ``transaction=True``), the
same settings overrides (locmem mail in ``mail.outbox``, the per-test media folders) and the real broker::

    from tests.celery_worker import celery_worker  # noqa: F401  (in a conftest.py or the test module)

    @pytest.mark.redis
    @pytest.mark.django_db(transaction=True)
    def test_something(celery_worker):
        result = my_task.delay(1)
        assert result.get(timeout=30) == "done"

The worker consumes the three queues (default, images, notifications), one task at a time (solo pool), and closes
its database connections after each task so that the test database can be flushed and dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections

from craftmarket.celery import app as celery_app

QUEUES = ["default", "images", "notifications"]


def _close_worker_connections(**_kwargs) -> None:
    connections.close_all()


def wait_until(condition: Callable[[], object], *, timeout: float = 30.0, interval: float = 0.05) -> object:
    """Poll ``condition`` until it returns something truthy; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(interval)


@contextmanager
def through_broker() -> Iterator[Celery]:
    """Within the block, ``.delay()`` sends tasks to the real broker at settings.TEST_REDIS_URL instead of running
    them eagerly; queues left over from an earlier, interrupted run are purged first."""
    url = settings.TEST_REDIS_URL
    keys = ("task_always_eager", "broker_url", "result_backend")
    previous = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(task_always_eager=False, broker_url=url, result_backend=url)
    try:
        celery_app.control.purge()
        yield celery_app
    finally:
        celery_app.conf.update(previous)


@pytest.fixture
def celery_worker(_require_services) -> Iterator[Celery]:
    """Start a worker against settings.TEST_REDIS_URL for the duration of one test; tasks go through the broker."""
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with (
            through_broker(),
            start_worker(
                celery_app,
                pool="solo",
                concurrency=1,
                queues=QUEUES,
                perform_ping_check=False,
                loglevel="WARNING",
                shutdown_timeout=30,
            ) as worker,
        ):
            yield worker.app
    finally:
        task_postrun.disconnect(_close_worker_connections)

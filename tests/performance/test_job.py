"""The nightly task and the on-demand command: same service, refusing bad input without writing anything."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command

from craftmarket.common.errors import DomainError
from orders.performance.models import PerformanceSnapshot
from orders.performance.services import performance_snapshots_compute
from orders.performance.tasks import compute_snapshots
from tests.performance.factories import DAY, artisan, at, days_before, order

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_morning():
    with time_machine.travel(at(DAY + timedelta(days=1), 1), tick=False):
        yield


def test_the_task_computes_yesterday_and_is_idempotent(next_morning):
    maker = artisan()
    order(maker, paid_at=days_before(3), shipped_at=days_before(2))
    assert compute_snapshots.delay().get() == 1
    assert compute_snapshots.delay().get() == 1
    assert list(PerformanceSnapshot.objects.values_list("artisan_id", "date", "orders_on_time")) == [(maker.pk, DAY, 1)]


def test_the_command_computes_a_given_day(next_morning, capsys):
    maker = artisan()
    call_command("compute_performance", "--date", (DAY - timedelta(days=7)).isoformat(), "--window", "30")
    snapshot = PerformanceSnapshot.objects.get(artisan=maker)
    assert (snapshot.date, snapshot.window_days) == (DAY - timedelta(days=7), 30)
    assert "1 snapshot(s) written." in capsys.readouterr().out


@pytest.mark.parametrize(
    "arguments",
    [
        ["--date", "2026-13-01"],
        ["--date", "kemarin"],
        ["--date", (DAY + timedelta(days=1)).isoformat()],  # today has not ended
        ["--date", "2030-01-01"],
        ["--window", "0"],
        ["--window", "367"],
        ["--window", "-5"],
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(next_morning, arguments):
    maker = artisan()
    with pytest.raises(CommandError):
        call_command("compute_performance", *arguments)
    assert not PerformanceSnapshot.objects.exists()
    maker.refresh_from_db()
    assert maker.outstanding_since is None


def test_the_service_refuses_a_window_out_of_range(next_morning):
    artisan()
    with pytest.raises(DomainError) as error:
        performance_snapshots_compute(day=DAY, window_days=10_000)
    assert error.value.field == "window"
    assert not PerformanceSnapshot.objects.exists()


def test_artisans_without_activity_get_a_snapshot_only_while_verified(next_morning):
    from artisans.models import Artisan

    artisan(status=Artisan.Status.DRAFT)
    verified = artisan()
    performance_snapshots_compute()
    assert list(PerformanceSnapshot.objects.values_list("artisan_id", flat=True)) == [verified.pk]

"""Moderators see the performance figures in the admin: national moderators for every province, Dekranasda only
for theirs; nobody can change or delete them; the artisan list shows and filters the badge."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from artisans.models import Artisan
from orders.performance.models import PerformanceSnapshot
from tests.moderation import factories as f
from tests.performance.factories import DAY, artisan

pytestmark = pytest.mark.django_db
LIST = reverse("admin:performance_performancesnapshot_changelist")


@pytest.fixture
def snapshots():
    yogya = artisan(business_name="Perak Kotagede", province=f.YOGYA)
    bali = artisan(business_name="Perak Celuk", province=f.BALI)
    values = {"orders_paid": 9, "orders_due": 8, "orders_on_time": 7, "on_time_permille": 875}
    return {
        "yogya": PerformanceSnapshot.objects.create(
            artisan=yogya,
            date=DAY,
            reply_median_seconds=5400,
            rating_count=3,
            rating_sum=14,
            rating_average=Decimal("4.67"),
            **values,
        ),
        "bali": PerformanceSnapshot.objects.create(artisan=bali, date=DAY, **values),
    }


def test_a_national_moderator_sees_every_artisans_figures(client, snapshots):
    client.cookies["django_language"] = "en"
    client.force_login(f.national())
    response = client.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Perak Kotagede" in text and "Perak Celuk" in text
    assert "87.5 %" in text and "1 h 30 min" in text and "4.67 (3)" in text and "—" in text


def test_a_regional_moderator_sees_only_their_province(client, snapshots):
    client.force_login(f.regional([f.YOGYA]))
    text = client.get(LIST).content.decode()
    assert "Perak Kotagede" in text and "Perak Celuk" not in text
    url = reverse("admin:performance_performancesnapshot_change", args=[snapshots["bali"].pk])
    assert client.get(url).status_code == 404
    own = reverse("admin:performance_performancesnapshot_change", args=[snapshots["yogya"].pk])
    assert client.get(own).status_code == 200


def test_nobody_changes_or_deletes_a_snapshot(client, snapshots):
    client.force_login(f.national())
    snapshot = snapshots["yogya"]
    change = reverse("admin:performance_performancesnapshot_change", args=[snapshot.pk])
    delete = reverse("admin:performance_performancesnapshot_delete", args=[snapshot.pk])
    client.post(change, {"orders_paid": 100})
    assert client.post(delete, {"post": "yes"}).status_code in (403, 404)
    snapshot.refresh_from_db()
    assert snapshot.orders_paid == 9 and PerformanceSnapshot.objects.count() == 2


def test_staff_without_the_permission_see_nothing(client, snapshots):
    client.force_login(f.staff_without_permissions())
    assert client.get(LIST).status_code == 403


def test_the_artisan_list_filters_outstanding_artisans(client, snapshots):
    Artisan.objects.filter(pk=snapshots["yogya"].artisan_id).update(outstanding_since=DAY)
    client.force_login(f.national())
    url = reverse("admin:artisans_artisan_changelist")
    outstanding = client.get(url, {"outstanding_since__isempty": "0"}).content.decode()
    assert "Perak Kotagede" in outstanding and "Perak Celuk" not in outstanding

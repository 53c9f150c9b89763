"""The notifications API: a user's own list (paginated, newest first), the unread count, marking one and all read.
Another user's notification is a 404 and stays unread; anonymous callers get 401/403 and nothing changes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from craftmarket.common.models import Notification
from tests.factories import UserFactory
from tests.workers.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _read_state() -> list[tuple[int, datetime.datetime | None]]:
    return list(Notification.objects.order_by("pk").values_list("pk", "read_at"))


def test_list_is_only_mine_newest_first_and_paginated(api, user, django_assert_max_num_queries):
    now = timezone.now()
    mine = [
        NotificationFactory(recipient=user, title=f"Nomor {i}", created_at=now - datetime.timedelta(hours=i))
        for i in range(5)
    ]
    NotificationFactory(title="Punya orang lain")

    with django_assert_max_num_queries(3):
        response = api.get(reverse("api-notifications"), {"page_size": 2})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert [row["id"] for row in body["results"]] == [mine[0].pk, mine[1].pk]
    assert body["next"] is not None
    assert body["results"][0] == {
        "id": mine[0].pk,
        "event": mine[0].event,
        "title": "Nomor 0",
        "body": mine[0].body,
        "url": mine[0].url,
        "data": mine[0].data,
        "read": False,
        "read_at": None,
        "created_at": body["results"][0]["created_at"],
    }
    last = api.get(reverse("api-notifications"), {"page_size": 2, "page": 3}).json()
    assert [row["id"] for row in last["results"]] == [mine[4].pk]


def test_list_query_count_does_not_grow_with_rows(api, user, django_assert_max_num_queries):
    NotificationFactory.create_batch(30, recipient=user)
    with django_assert_max_num_queries(3):
        assert len(api.get(reverse("api-notifications"), {"page_size": 30}).json()["results"]) == 30


def test_bad_page_is_a_400(api, user):
    NotificationFactory(recipient=user)
    response = api.get(reverse("api-notifications"), {"page": "abc"})
    assert response.status_code == 400
    assert "page" in response.json()


def test_unread_count_counts_only_my_unread(api, user):
    NotificationFactory.create_batch(2, recipient=user)
    NotificationFactory(recipient=user, read_at=timezone.now())
    NotificationFactory()

    response = api.get(reverse("api-notifications-unread"))

    assert response.status_code == 200
    assert response.json() == {"unread": 2}


def test_mark_one_read_keeps_the_first_read_time(api, user):
    notification = NotificationFactory(recipient=user)

    first = api.post(reverse("api-notification-read", args=[notification.pk]))
    notification.refresh_from_db()
    read_at = notification.read_at
    second = api.post(reverse("api-notification-read", args=[notification.pk]))

    assert first.status_code == 200 and second.status_code == 200
    assert first.json()["read"] is True
    assert read_at is not None
    notification.refresh_from_db()
    assert notification.read_at == read_at
    assert api.get(reverse("api-notifications-unread")).json() == {"unread": 0}


def test_marking_someone_elses_notification_is_a_404_and_changes_nothing(api):
    theirs = NotificationFactory()
    before = _read_state()

    response = api.post(reverse("api-notification-read", args=[theirs.pk]))

    assert response.status_code == 404
    assert response.json()["detail"]
    assert _read_state() == before


def test_mark_all_read_touches_only_mine(api, user):
    NotificationFactory.create_batch(3, recipient=user)
    already = NotificationFactory(recipient=user, read_at=timezone.now() - datetime.timedelta(days=1))
    theirs = NotificationFactory()

    response = api.post(reverse("api-notifications-read-all"))

    assert response.status_code == 200
    assert response.json() == {"marked": 3, "unread": 0}
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    old_read_at = already.read_at
    already.refresh_from_db()
    assert already.read_at == old_read_at


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "api-notifications", []),
        ("get", "api-notifications-unread", []),
        ("post", "api-notifications-read-all", []),
        ("post", "api-notification-read", ["pk"]),
    ],
)
def test_anonymous_callers_are_refused_and_nothing_changes(method, name, args):
    notification = NotificationFactory()
    before = _read_state()

    url = reverse(name, args=[notification.pk] if args else [])
    response = getattr(APIClient(), method)(url)

    assert response.status_code in (401, 403)
    assert response.json()["detail"]
    assert _read_state() == before


def test_wrong_method_is_a_405(api):
    response = api.get(reverse("api-notifications-read-all"))
    assert response.status_code == 405

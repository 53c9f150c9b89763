"""The bell in the header and the notifications page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from craftmarket.common.models import Notification
from tests.factories import UserFactory
from tests.workers.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_bell_shows_the_unread_count(client):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read_at=timezone.now())
    NotificationFactory()  # someone else's
    client.force_login(user)

    html = client.get(reverse("home")).content.decode()

    assert 'data-unread-count="3"' in html
    assert f'href="{reverse("notifications")}"' in html


def test_no_bell_for_visitors(client):
    html = client.get(reverse("home")).content.decode()
    assert "notification-bell" not in html


def test_page_lists_only_my_notifications_newest_first(client, django_assert_max_num_queries):
    user = UserFactory()
    older = NotificationFactory(recipient=user, title="Older", created_at=timezone.now() - timezone.timedelta(days=1))
    newer = NotificationFactory(recipient=user, title="Newer")
    NotificationFactory(title="Not yours")
    client.force_login(user)

    with django_assert_max_num_queries(9):  # 8, plus the header's unread messages
        response = client.get(reverse("notifications"))

    assert response.status_code == 200
    assert [n.pk for n in response.context["page_obj"].object_list] == [newer.pk, older.pk]
    assert "Not yours" not in response.content.decode()


def test_page_needs_login(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_opening_marks_read_and_follows_the_link(client):
    user = UserFactory()
    notification = NotificationFactory(recipient=user, url="/orders/1/")
    client.force_login(user)

    response = client.post(reverse("notification-open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/orders/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_external_link_is_not_followed(client):
    user = UserFactory()
    notification = NotificationFactory(recipient=user, url="https://evil.example/")
    client.force_login(user)

    response = client.post(reverse("notification-open", args=[notification.pk]))

    assert response["Location"] == reverse("notifications")


def test_cannot_open_someone_elses_notification(client):
    notification = NotificationFactory()
    client.force_login(UserFactory())

    response = client.post(reverse("notification-open", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client):
    user = UserFactory()
    NotificationFactory.create_batch(2, recipient=user)
    other = NotificationFactory()
    client.force_login(user)

    response = client.post(reverse("notifications-read-all"))

    assert response.status_code == 302
    assert Notification.objects.filter(recipient=user).unread().count() == 0
    assert Notification.objects.filter(pk=other.pk).unread().exists()

"""Moderators read a thread only once it is under moderation (reported; later a complaint), only in the provinces
they cover, read-only, in the admin; and may then download its attachments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orders.conversations import services
from orders.conversations.models import Message, Thread
from tests.conversations.factories import pdf, product_thread
from tests.moderation.factories import BALI, YOGYA, national, regional, staff_without_permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread():
    thread, buyer, product = product_thread(body="Harga Rp 250.000?")
    assert product.artisan.province == YOGYA
    services.message_post(thread=thread, by=product.artisan.user, body="Katalog terlampir", files=[pdf()])
    return thread


def _change_url(thread: Thread) -> str:
    return reverse("admin:conversations_thread_change", args=[thread.pk])


def _attachment_url(thread: Thread) -> str:
    attachment = Message.objects.get(thread=thread, body="Katalog terlampir").attachments.get()
    return reverse("conversations:attachment", kwargs={"pk": attachment.pk})


@pytest.mark.parametrize("who", ["national", "regional-yogya", "regional-bali", "staff-without-group"])
def test_no_moderator_reads_a_thread_before_a_report(client, thread, who):
    client.force_login(_moderator(who))
    assert client.get(_change_url(thread)).status_code in (403, 404)
    listing = client.get(reverse("admin:conversations_thread_changelist"))
    assert listing.status_code in (200, 403)
    assert thread.subject_label not in listing.content.decode()
    assert client.get(_attachment_url(thread)).status_code == 404


def _moderator(who: str):
    return {
        "national": lambda: national(),
        "regional-yogya": lambda: regional(provinces=(YOGYA,)),
        "regional-bali": lambda: regional(provinces=(BALI,), email="bali@dekranasda.id"),
        "staff-without-group": lambda: staff_without_permissions(),
    }[who]()


@pytest.mark.parametrize(
    ("who", "sees"),
    [("national", True), ("regional-yogya", True), ("regional-bali", False), ("staff-without-group", False)],
)
def test_after_a_report_the_moderators_of_the_province_read_it_read_only(client, thread, who, sees):
    services.thread_report(thread=thread, by=thread.buyer, reason="fraud", note="Minta transfer di luar")
    client.force_login(_moderator(who))
    page = client.get(_change_url(thread))
    download = client.get(_attachment_url(thread))
    if not sees:
        assert page.status_code in (403, 404)
        assert download.status_code == 404
        return
    assert page.status_code == 200
    html = page.content.decode()
    assert "Harga Rp 250.000?" in html and "Minta transfer di luar" in html
    assert 'name="_save"' not in html  # read-only: nothing to save
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    listing = client.get(reverse("admin:conversations_thread_changelist")).content.decode()
    assert _change_url(thread) in listing
    before = list(Message.objects.values())
    assert client.post(_change_url(thread), {"kind": "order"}).status_code in (302, 403)
    assert client.post(reverse("admin:conversations_thread_delete", args=[thread.pk])).status_code == 403
    assert list(Message.objects.values()) == before
    assert Thread.objects.filter(pk=thread.pk, kind="product").exists()

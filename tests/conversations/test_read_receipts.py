"""Read receipts per participant: "Read" under the last of my messages the other side has read; unread counts."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext as _

from orders.conversations import selectors, services
from tests.conversations.factories import product_thread

pytestmark = pytest.mark.django_db


def test_the_receipt_follows_what_the_other_side_has_read():
    thread, buyer, product = product_thread(body="Satu")
    artisan = product.artisan.user
    second = services.message_post(thread=thread, by=buyer, body="Dua")
    assert selectors.thread_view(thread=thread, user=buyer).read_marker_id is None
    assert selectors.unread_message_count(user=artisan) == 2

    services.thread_mark_read(thread=thread, by=artisan)
    assert selectors.thread_view(thread=thread, user=buyer).read_marker_id == second.pk
    assert selectors.unread_message_count(user=artisan) == 0

    third = services.message_post(thread=thread, by=buyer, body="Tiga")
    assert selectors.thread_view(thread=thread, user=buyer).read_marker_id == second.pk  # not yet the third
    services.thread_mark_read(thread=thread, by=artisan)
    assert selectors.thread_view(thread=thread, user=buyer).read_marker_id == third.pk
    # The artisan's view never shows a receipt for the buyer's messages, only for their own.
    assert selectors.thread_view(thread=thread, user=artisan).read_marker_id is None


def test_replying_counts_as_reading_for_the_sender():
    thread, buyer, product = product_thread()
    artisan = product.artisan.user
    reply = services.message_post(thread=thread, by=artisan, body="Ada, kak")
    assert selectors.unread_message_count(user=artisan) == 0
    assert selectors.unread_message_count(user=buyer) == 1
    assert selectors.thread_view(thread=thread, user=artisan).read_marker_id is None
    services.thread_mark_read(thread=thread, by=buyer)
    assert selectors.thread_view(thread=thread, user=artisan).read_marker_id == reply.pk


def test_marking_read_twice_writes_nothing_the_second_time():
    thread, _buyer, product = product_thread()
    assert services.thread_mark_read(thread=thread, by=product.artisan.user) is True
    assert services.thread_mark_read(thread=thread, by=product.artisan.user) is False


def test_the_thread_page_shows_read_under_the_last_read_message(client):
    thread, buyer, product = product_thread(body="Satu")
    services.message_post(thread=thread, by=buyer, body="Dua")
    services.thread_mark_read(thread=thread, by=product.artisan.user)
    client.force_login(buyer)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert html.count("data-read-receipt") == 1
    assert html.index("Dua") < html.index("data-read-receipt")
    assert f">{_('Read')}</p>" in html

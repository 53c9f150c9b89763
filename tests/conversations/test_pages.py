"""The pages: buyer's inbox, thread page, studio inbox and thread, "Ask the artisan" on the product page, the
links on the order pages, the header badge and the studio nav count; clean, translated, and within a constant
number of queries as threads and messages grow."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from orders.conversations import services
from orders.conversations.models import Attachment, Message, Thread
from tests.conversations.factories import jpg, order_thread, pdf, product_thread
from tests.factories import UserFactory
from tests.web.checks import problems, untranslated

pytestmark = pytest.mark.django_db

ID_PO = "locale/id/LC_MESSAGES/django.po"


def _page_ok(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert problems(html) == []
    assert untranslated(html, ID_PO) == []
    return html


def test_ask_the_artisan_from_the_product_page_creates_then_reopens_the_thread(client):
    from tests.catalog.factories import published

    product = published()
    buyer = UserFactory()
    client.force_login(buyer)
    page = client.get(reverse("catalog:product", kwargs={"slug": product.slug})).content.decode()
    ask = reverse("conversations:start-product", kwargs={"slug": product.slug})
    assert f'href="{ask}"' in page
    _page_ok(client.get(ask))
    response = client.post(ask, {"body": "Apakah bisa pesan 20 buah?"})
    thread = Thread.objects.get(buyer=buyer, product=product)
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert client.get(ask)["Location"] == thread.get_absolute_url()  # the one thread, reopened
    html = _page_ok(client.get(thread.get_absolute_url()))
    assert "Apakah bisa pesan 20 buah?" in html


def test_the_artisan_sees_no_ask_button_on_their_own_product(client):
    from tests.catalog.factories import published

    product = published()
    client.force_login(product.artisan.user)
    page = client.get(reverse("catalog:product", kwargs={"slug": product.slug})).content.decode()
    assert reverse("conversations:start-product", kwargs={"slug": product.slug}) not in page
    response = client.post(reverse("conversations:start-product", kwargs={"slug": product.slug}), {"body": "Halo"})
    assert response.status_code == 400
    assert Thread.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    from tests.catalog.factories import published

    product = published()
    url = reverse("conversations:start-product", kwargs={"slug": product.slug})
    for target in (url, reverse("conversations:inbox"), reverse("conversations:studio-inbox")):
        response = client.get(target)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.post(url, {"body": "Halo"}).status_code == 302
    assert Thread.objects.count() == 0


def test_an_empty_message_shows_the_error_at_the_field(client):
    thread, buyer, _product = product_thread()
    client.force_login(buyer)
    response = client.post(thread.get_absolute_url(), {"body": "  "})
    assert response.status_code == 400
    assert _("Write a message or attach a file.") in response.content.decode()
    assert Message.objects.filter(thread=thread).count() == 1


def test_a_bad_attachment_shows_the_error_and_writes_nothing(client):
    thread, buyer, _product = product_thread()
    client.force_login(buyer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 50, "application/octet-stream")
    response = client.post(thread.get_absolute_url(), {"body": "Lihat", "attachments": [jpg(), bad]})
    assert response.status_code == 400
    assert _("Attach photos (JPEG, PNG or WebP) or PDF documents only.") in response.content.decode()
    assert (Message.objects.filter(thread=thread).count(), Attachment.objects.count()) == (1, 0)


def test_the_artisan_answers_from_the_studio_and_the_buyer_sees_the_badge(client):
    thread, buyer, product = product_thread()
    artisan = product.artisan.user
    client.force_login(artisan)
    studio = _page_ok(client.get(reverse("conversations:studio-inbox")))
    assert 'data-studio-unread="1"' in studio
    studio_thread = reverse("conversations:studio-thread", kwargs={"thread_id": thread.public_id})
    assert studio_thread in studio
    _page_ok(client.get(studio_thread))
    response = client.post(studio_thread, {"body": "Bisa, kak. Harga Rp 250.000 per buah.", "attachments": [pdf()]})
    assert response.status_code == 302
    client.force_login(buyer)
    home = client.get("/").content.decode()
    assert 'data-unread-messages="1"' in home
    inbox = _page_ok(client.get(reverse("conversations:inbox")))
    assert "Harga Rp 250.000" in inbox
    page = _page_ok(client.get(thread.get_absolute_url()))
    assert reverse("conversations:attachment", kwargs={"pk": Attachment.objects.get().pk}) in page
    assert 'data-unread-messages="' not in client.get("/").content.decode()  # reading cleared the badge


def test_order_pages_link_to_the_order_thread(client):
    thread, buyer, order = order_thread()
    start = reverse("conversations:start-order", kwargs={"number": order.number})
    client.force_login(buyer)
    assert start in client.get(reverse("orders:order-detail", kwargs={"number": order.number})).content.decode()
    assert client.get(start)["Location"] == thread.get_absolute_url()
    client.force_login(order.artisan.user)
    assert start in client.get(reverse("orders:studio-order", kwargs={"number": order.number})).content.decode()
    studio_url = reverse("conversations:studio-thread", kwargs={"thread_id": thread.public_id})
    assert client.get(start)["Location"] == studio_url


def test_the_masking_notice_is_shown_with_a_masked_message(client):
    thread, buyer, _product = product_thread(body="WA saya 081234567890")
    client.force_login(buyer)
    html = _page_ok(client.get(thread.get_absolute_url()))
    assert "081234567890" not in html
    assert (
        _(
            "Contact details were hidden. Please stay on Craftmarket: our buyer protection only holds for trades paid "
            "through Craftmarket."
        )
        in html
    )


def test_reporting_from_the_page(client):
    thread, buyer, _product = product_thread()
    client.force_login(buyer)
    url = reverse("conversations:report", kwargs={"thread_id": thread.public_id})
    _page_ok(client.get(url))
    assert client.post(url, {"reason": "other", "note": ""}).status_code == 400
    assert client.post(url, {"reason": "fraud", "note": "Minta transfer langsung"}).status_code == 302
    thread.refresh_from_db()
    assert thread.moderation_since is not None


def _grow(buyer, artisan_product, n_threads: int, n_messages: int):
    from tests.catalog.factories import published

    for _i in range(n_threads):
        product = published(owner=artisan_product.artisan)
        thread, _b, _p = product_thread(buyer=buyer, product=product)
        for j in range(n_messages):
            services.message_post(thread=thread, by=product.artisan.user, body=f"Jawaban {j}", files=[pdf()])


def test_inbox_and_thread_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries):
    thread, buyer, product = product_thread()
    services.message_post(thread=thread, by=product.artisan.user, body="Satu", files=[pdf()])
    client.force_login(buyer)
    counts = {}
    for label in ("small", "large"):
        for name, url in {
            "inbox": reverse("conversations:inbox"),
            "thread": thread.get_absolute_url(),
        }.items():
            client.get(url)  # warm: session, marking read
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts[(label, name)] = len(ctx)
        if label == "small":
            _grow(buyer, product, n_threads=4, n_messages=3)
            for j in range(6):
                services.message_post(thread=thread, by=product.artisan.user, body=f"Lagi {j}", files=[jpg(), pdf()])
    assert counts[("small", "inbox")] == counts[("large", "inbox")]
    assert counts[("small", "thread")] == counts[("large", "thread")]
    with django_assert_max_num_queries(14):
        client.get(reverse("conversations:inbox"))
    with django_assert_max_num_queries(16):
        client.get(thread.get_absolute_url())


def test_the_studio_inbox_runs_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thread, buyer, product = product_thread()
    client.force_login(product.artisan.user)
    url = reverse("conversations:studio-inbox")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _i in range(5):
        product_thread(product=product)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)

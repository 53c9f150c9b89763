"""Starting threads and posting messages: one thread per buyer and product and per order, participants only,
and every bad input refused with a clear error, nothing half-written (no message, no file)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from craftmarket.common.errors import DomainError, NotFound
from orders.conversations import services
from orders.conversations.models import Attachment, Message, Participant, Thread
from tests.catalog.factories import draft, published
from tests.conversations.factories import jpg, order_thread, paid_order, pdf, product_thread
from tests.factories import ArtisanFactory, UserFactory

pytestmark = pytest.mark.django_db


ONLY = "Attach photos (JPEG, PNG or WebP) or PDF documents only."


def _private_files() -> list[str]:
    storage = Attachment._meta.get_field("original").storage
    try:
        _dirs, _files = storage.listdir("originals/messages")
    except FileNotFoundError:
        return []
    found = []

    def walk(folder):
        dirs, files = storage.listdir(folder)
        found.extend(f"{folder}/{f}" for f in files)
        for d in dirs:
            walk(f"{folder}/{d}")

    walk("originals/messages")
    return found


def _counts() -> tuple[int, int, int, int]:
    """Rows, and files in the private storage (shared by the tests of a run: compare before and after)."""
    return Thread.objects.count(), Message.objects.count(), Attachment.objects.count(), len(_private_files())


def test_asking_about_a_product_twice_reopens_the_one_thread():
    thread, buyer, product = product_thread()
    again, _message, created = services.conversation_start(by=buyer, product=product, body="Satu lagi")
    assert (again.pk, created) == (thread.pk, False)
    assert thread.messages.count() == 2
    roles = dict(Participant.objects.filter(thread=thread).values_list("role", "user_id"))
    assert roles == {"buyer": buyer.pk, "artisan": product.artisan.user_id}


def test_an_order_thread_is_shared_by_its_buyer_and_its_artisan():
    thread, buyer, order = order_thread()
    same, created = services.thread_start(by=order.artisan.user, order=order)
    assert (same.pk, created) == (thread.pk, False)
    assert thread.kind == Thread.Kind.ORDER and thread.product_id is None


def test_a_stranger_cannot_write_about_someone_elses_order():
    _thread, _buyer, order = order_thread()
    before = _counts()
    with pytest.raises(NotFound):
        services.conversation_start(by=UserFactory(), order=order, body="Halo")
    assert _counts() == before


def test_an_artisan_cannot_ask_about_their_own_product():
    product = published()
    before = _counts()
    with pytest.raises(DomainError) as error:
        services.conversation_start(by=product.artisan.user, product=product, body="Halo")
    assert error.value.code == "own_product"
    assert _counts() == before


def test_a_product_that_is_not_public_cannot_be_asked_about():
    product = draft()
    before = _counts()
    with pytest.raises(NotFound):
        services.conversation_start(by=UserFactory(), product=product, body="Halo")
    assert _counts() == before


def test_an_empty_first_message_creates_no_thread():
    product = published()
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.conversation_start(by=UserFactory(), product=product, body="   ")
    assert error.value.message_dict == {"body": [_("Write a message or attach a file.")]}
    assert _counts() == before


def test_a_non_participant_gets_a_404_and_nothing_is_written():
    thread, _buyer, _product = product_thread()
    before = _counts()
    for outsider in (UserFactory(), ArtisanFactory().user):
        with pytest.raises(NotFound):
            services.message_post(thread=thread, by=outsider, body="Halo")
    assert _counts() == before


def test_a_message_with_photos_and_a_pdf(django_capture_on_commit_callbacks):
    thread, buyer, product = product_thread()
    files_before = len(_private_files())
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_post(thread=thread, by=buyer, body="", files=[jpg(), pdf()])
    kinds = [(a.kind, a.content_type) for a in message.attachments.order_by("pk")]
    assert kinds == [("image", "image/jpeg"), ("document", "application/pdf")]
    photo = message.attachments.get(kind="image")
    assert photo.status == "ready" and photo.renditions  # eager Celery ran the rendition pipeline after commit
    assert len(_private_files()) == files_before + 2


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ([jpg(f"{i}.jpg") for i in range(6)], lambda: _("Attach at most %(n)s files to one message.") % {"n": 5}),
        (
            [SimpleUploadedFile("a.html", b"<html><script>x</script></html>", "image/jpeg")],
            lambda: _(ONLY),
        ),
        (
            [SimpleUploadedFile("a.txt", b"hello world", "text/plain")],
            lambda: _(ONLY),
        ),
        (
            [SimpleUploadedFile("a.pdf", b"%PDF-1.4 truncated", "application/pdf")],
            lambda: _("The PDF is incomplete or damaged."),
        ),
        ([SimpleUploadedFile("empty.jpg", b"", "image/jpeg")], lambda: _("The file is empty.")),
    ],
    ids=["sixth-attachment", "html-as-image", "text-file", "broken-pdf", "empty-file"],
)
def test_a_refused_attachment_leaves_no_message_and_no_file(files, expected):
    thread, buyer, _product = product_thread()
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.message_post(thread=thread, by=buyer, body="Lihat lampiran", files=[jpg("ok.jpg"), *files][-6:])
    assert list(error.value.message_dict) == ["attachments"]
    assert expected() in " ".join(error.value.message_dict["attachments"])
    assert _counts() == before


def test_a_too_large_file_is_refused(settings, monkeypatch):
    from craftmarket.common import uploads

    thread, buyer, _product = product_thread()
    monkeypatch.setattr(uploads, "MAX_IMAGE_BYTES", 100)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.message_post(thread=thread, by=buyer, body="Besar", files=[jpg()])
    assert _("Images can be at most 10 MB.") in error.value.message_dict["attachments"][0]
    assert _counts() == before


def test_a_storage_failure_midway_removes_the_files_already_written(monkeypatch):
    thread, buyer, _product = product_thread()
    before = _counts()
    original_save = Attachment.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", failing_save)
    with pytest.raises(OSError):
        services.message_post(thread=thread, by=buyer, body="Dua foto", files=[jpg("a.jpg"), jpg("b.jpg")])
    assert _counts() == before


def test_the_upload_quota_counts_message_attachments(settings):
    thread, buyer, _product = product_thread()
    settings.UPLOAD_QUOTA_BYTES = len(pdf().read()) + 10
    services.message_post(thread=thread, by=buyer, body="", files=[pdf()])
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.message_post(thread=thread, by=buyer, body="", files=[pdf()])
    assert list(error.value.message_dict) == ["attachments"]
    assert _counts() == before


def test_an_overlong_message_is_refused():
    thread, buyer, _product = product_thread()
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.message_post(thread=thread, by=buyer, body="a" * 4001)
    assert list(error.value.message_dict) == ["body"]
    assert _counts() == before


def test_anonymous_cannot_start_a_thread():
    from django.contrib.auth.models import AnonymousUser

    product = published()
    before = _counts()
    with pytest.raises(DomainError):
        services.conversation_start(by=AnonymousUser(), product=product, body="Halo")
    assert _counts() == before


def test_the_database_refuses_a_thread_with_two_subjects_or_none():
    from django.db import IntegrityError, transaction

    thread, buyer, product = product_thread()
    order = paid_order(buyer=buyer, product=product)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(order=order)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(product=None)


def test_the_database_refuses_a_second_thread_for_the_same_buyer_and_product():
    from django.db import IntegrityError, transaction

    thread, buyer, product = product_thread()
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(kind="product", buyer=buyer, artisan=product.artisan, product=product)

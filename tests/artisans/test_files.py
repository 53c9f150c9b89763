"""Logo/cover photos and certification documents: checked by their bytes, private, cleaned up, badges."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from artisans import services
from artisans.models import ArtisanPhoto, Certification
from craftmarket.common.errors import DomainError
from tests.artisans.factories import (
    CertificationFactory,
    CompleteArtisanFactory,
    html_upload,
    moderator,
    pdf_upload,
    png_upload,
)
from tests.factories import ArtisanFactory, UserFactory

pytestmark = pytest.mark.django_db


def _private_files():
    # The storage the field was built with (the callable is evaluated once, when models load).
    storage = ArtisanPhoto._meta.get_field("original").storage
    found = []

    def walk(path):
        dirs, files = storage.listdir(path)
        found.extend(f"{path}/{f}".lstrip("/") for f in files)
        for d in dirs:
            walk(f"{path}/{d}".lstrip("/"))

    try:
        walk("")
    except FileNotFoundError:
        return []
    return sorted(found)


def test_logo_is_saved_privately_and_the_rendition_task_is_sent_after_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("artisans.tasks.render_artisan_photo.delay", lambda pk: sent.append(pk))
    artisan = ArtisanFactory()
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.artisan_photo_set(artisan=artisan, by=artisan.user, kind="logo", upload=png_upload())
    assert sent == [photo.pk]
    photo.refresh_from_db()
    assert (photo.kind, photo.status, photo.renditions) == ("logo", "pending", [])
    assert photo.original.storage.location.endswith("private")
    assert _private_files() == [photo.original.name]
    assert photo.url == ""


def test_replacing_the_cover_keeps_one_row_and_deletes_the_old_original(django_capture_on_commit_callbacks):
    artisan = ArtisanFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.artisan_photo_set(artisan=artisan, by=artisan.user, kind="cover", upload=png_upload("a.png"))
    old_name = first.original.name
    ArtisanPhoto.objects.filter(pk=first.pk).update(status="ready", renditions=[{"width": 640, "url": "/m/a.webp"}])
    with django_capture_on_commit_callbacks(execute=True):
        second = services.artisan_photo_set(artisan=artisan, by=artisan.user, kind="cover", upload=png_upload("b.png"))
    assert ArtisanPhoto.objects.filter(artisan=artisan).count() == 1
    second.refresh_from_db()
    assert second.pk == first.pk
    # The new original was rendered afresh (eager worker): none of the old renditions is kept on the row.
    assert second.status == "ready"
    assert second.renditions
    assert "/m/a.webp" not in {r["url"] for r in second.renditions}
    assert _private_files() == [second.original.name]
    assert old_name != second.original.name


def test_ready_photo_url_is_its_widest_rendition():
    photo = ArtisanPhoto(
        status="ready", renditions=[{"width": 320, "url": "/m/s.webp"}, {"width": 1280, "url": "/m/l.webp"}]
    )
    assert photo.url == "/m/l.webp"


@pytest.mark.parametrize("upload", [html_upload(), pdf_upload("logo.png")])
def test_a_non_image_logo_is_refused_and_nothing_is_stored(upload):
    artisan = ArtisanFactory()
    with pytest.raises(ValidationError) as exc:
        services.artisan_photo_set(artisan=artisan, by=artisan.user, kind="logo", upload=upload)
    assert list(exc.value.message_dict) == ["logo"]
    assert not ArtisanPhoto.objects.exists()
    assert _private_files() == []


def test_an_oversized_logo_is_refused(monkeypatch):
    monkeypatch.setattr("craftmarket.common.uploads.MAX_IMAGE_BYTES", 10)
    artisan = ArtisanFactory()
    with pytest.raises(ValidationError) as exc:
        services.artisan_photo_set(artisan=artisan, by=artisan.user, kind="logo", upload=png_upload())
    assert exc.value.message_dict == {"logo": ["Images can be at most 10 MB."]}
    assert not ArtisanPhoto.objects.exists()


def test_certification_with_a_pdf_is_stored_privately_and_unchecked():
    artisan = ArtisanFactory()
    certification = services.certification_create(
        artisan=artisan,
        by=artisan.user,
        data={"name": "SNI 8194", "issuer": "BSN", "number": "123", "valid_until": datetime.date(2030, 1, 1)},
        document=pdf_upload(),
    )
    certification.refresh_from_db()
    assert (certification.document_type, certification.checked_at) == ("application/pdf", None)
    assert _private_files() == [certification.document.name]
    assert not Certification.objects.badges().exists()


@pytest.mark.parametrize(
    "content", [b"<html><body>hi</body></html>", b"MZ\x90\x00 not a pdf", b"%PDF-1.4 truncated without end"]
)
def test_a_document_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_stored(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    artisan = ArtisanFactory()
    with pytest.raises(ValidationError) as exc:
        services.certification_create(
            artisan=artisan,
            by=artisan.user,
            data={"name": "Halal", "issuer": "BPJPH"},
            document=SimpleUploadedFile("halal.pdf", content, content_type="application/pdf"),
        )
    assert list(exc.value.message_dict) == ["document"]
    assert not Certification.objects.exists()
    assert _private_files() == []


def test_certification_without_a_name_is_refused_and_its_valid_file_is_not_stored():
    artisan = ArtisanFactory()
    with pytest.raises(ValidationError) as exc:
        services.certification_create(
            artisan=artisan, by=artisan.user, data={"name": "", "issuer": "BSN"}, document=pdf_upload()
        )
    assert list(exc.value.message_dict) == ["name"]
    assert not Certification.objects.exists()
    assert _private_files() == []


def test_only_checked_unexpired_certifications_are_badges():
    artisan = ArtisanFactory()
    today = timezone.localdate()
    checked = {"checked_at": timezone.now(), "checked_by": moderator()}
    good = CertificationFactory(artisan=artisan, name="SVLK", valid_until=today, **checked)
    forever = CertificationFactory(artisan=artisan, name="Indikasi Geografis", valid_until=None, **checked)
    CertificationFactory(artisan=artisan, name="Expired", valid_until=today - datetime.timedelta(days=1), **checked)
    CertificationFactory(artisan=artisan, name="Unchecked", valid_until=today + datetime.timedelta(days=9))
    assert set(Certification.objects.badges()) == {good, forever}


def test_a_moderator_checks_a_certification_and_editing_it_clears_the_check():
    artisan = CompleteArtisanFactory()
    certification = CertificationFactory(artisan=artisan, valid_until=datetime.date(2031, 1, 1))
    mod = moderator()
    services.certification_check(certification=certification, by=mod)
    certification.refresh_from_db()
    assert certification.checked_by == mod and certification.is_badge
    services.certification_update(certification=certification, by=artisan.user, data={"number": "VLK-NEW"})
    certification.refresh_from_db()
    assert (certification.checked_by, certification.checked_at, certification.number) == (None, None, "VLK-NEW")


def test_checking_is_refused_to_non_moderators_and_for_expired_certificates():
    artisan = CompleteArtisanFactory()
    certification = CertificationFactory(artisan=artisan, valid_until=datetime.date(2020, 1, 1))
    for by in (artisan.user, UserFactory(is_staff=True)):
        with pytest.raises(DomainError) as exc:
            services.certification_check(certification=certification, by=by)
        assert exc.value.status == 403
    with pytest.raises(DomainError) as exc:
        services.certification_check(certification=certification, by=moderator())
    assert exc.value.code == "expired"
    certification.refresh_from_db()
    assert certification.checked_at is None


def test_replacing_and_deleting_a_document_removes_the_old_file(django_capture_on_commit_callbacks):
    artisan = ArtisanFactory()
    with django_capture_on_commit_callbacks(execute=True):
        certification = services.certification_create(
            artisan=artisan, by=artisan.user, data={"name": "SNI", "issuer": "BSN"}, document=pdf_upload("a.pdf")
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.certification_update(
            certification=certification, by=artisan.user, data={}, document=png_upload("b.png")
        )
    certification.refresh_from_db()
    assert certification.document_type == "image/png"
    assert _private_files() == [certification.document.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.certification_delete(certification=certification, by=artisan.user)
    assert _private_files() == []
    assert not Certification.objects.exists()


def test_a_logo_gets_public_renditions_from_the_worker(django_capture_on_commit_callbacks):
    artisan = ArtisanFactory()
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.artisan_photo_set(artisan=artisan, by=artisan.user, kind="logo", upload=png_upload())
    photo.refresh_from_db()
    assert photo.status == "ready"
    assert {r["format"] for r in photo.renditions} == {"jpeg", "webp"}
    assert photo.url

"""Artisan-area factories and file helpers."""

from __future__ import annotations

import io
import itertools

import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from artisans.models import Artisan, Certification
from tests.factories import ArtisanFactory, CategoryFactory, UserFactory

_nib = itertools.count(1)


def next_nib() -> str:
    return f"{9120000000000 + next(_nib):013d}"


class CompleteArtisanFactory(ArtisanFactory):
    """A profile with everything needed to submit it for review."""

    class Meta:
        skip_postgeneration_save = True

    status = Artisan.Status.DRAFT
    business_type = Artisan.BusinessType.KELOMPOK
    story = "Kelompok pengrajin anyaman pandan dari Tasikmalaya."
    nib = factory.LazyFunction(next_nib)
    address = "Jl. Mawar No. 5 RT 02/RW 03, Desa Rajapolah"
    district = "Rajapolah"
    postal_code = "46155"
    phone = "+6281234567890"

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            self.categories.set(extracted if extracted is not None else [CategoryFactory(slug="anyaman")])


def moderator(email: str = "moderator@dekranas.id"):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Dekranas moderator"))
    return user


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "sertifikat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def html_upload(name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", content_type="image/png")


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    artisan = factory.SubFactory(ArtisanFactory)
    name = "SVLK (V-Legal)"
    issuer = "Kementerian LHK"
    number = factory.Sequence(lambda n: f"VLK-{n:05d}")
    document = factory.LazyFunction(pdf_upload)
    document_type = "application/pdf"

"""Validation of every file that comes in: product images, logos and covers, certification documents and
payment proofs. The format is decided by the bytes, never by the name or the Content-Type.

Images: JPEG, PNG or WebP; at most 10 MB and 40 megapixels; the bytes must fully decode, with Pillow's
decompression-bomb guard on. Documents: PDF (by its signature) or one of those images.

Quota: every service that stores a file calls :func:`check_upload_quota` with the owner and the new files
before it writes anything; an owner may keep at most ``settings.UPLOAD_QUOTA_BYTES`` of stored uploads.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

# Pillow's own guard: warn above this, raise DecompressionBombError above twice this.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def _size(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    upload.seek(0)
    return int(size)


def _head(upload: IO[bytes], n: int = 2048) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _looks_like_markup(head: bytes) -> bool:
    lowered = head.lower()
    return any(tag in lowered for tag in (b"<html", b"<script", b"<svg", b"<!doctype", b"<?xml", b"<iframe"))


def validate_image(upload: IO[bytes]) -> str:
    """Check an uploaded image and return its MIME type; raise ``ValidationError`` with a clear message."""
    size = _size(upload)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_IMAGE_BYTES:
        raise ValidationError(_("Images can be at most 10 MB."), code="too_large")
    if _looks_like_markup(_head(upload)):
        raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="invalid_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt = image.format
                width, height = image.size
                if fmt not in IMAGE_FORMATS:
                    raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="invalid_image")
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(_("Images can be at most 40 megapixels."), code="too_many_pixels")
                image.load()  # decode every byte: a truncated or corrupt file fails here
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("Images can be at most 40 megapixels."), code="too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("The file is not a readable JPEG, PNG or WebP image."), code="invalid_image")
    finally:
        upload.seek(0)
    # A polyglot (a valid image with markup appended) is refused: nothing served from us may sniff as HTML.
    upload.seek(0)
    tail = upload.read()[-4096:]
    upload.seek(0)
    if _looks_like_markup(tail):
        raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="invalid_image")
    return IMAGE_FORMATS[fmt]


def validate_document(upload: IO[bytes]) -> str:
    """A certification document or payment proof: a PDF or an image. Returns its MIME type."""
    size = _size(upload)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("Documents can be at most 10 MB."), code="too_large")
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        upload.seek(0)
        body = upload.read()
        upload.seek(0)
        if b"%%EOF" not in body[-2048:]:
            raise ValidationError(_("The PDF is incomplete or damaged."), code="invalid_document")
        return "application/pdf"
    try:
        return validate_image(upload)
    except ValidationError as exc:
        if exc.code in {"too_large", "too_many_pixels"}:
            raise
        raise ValidationError(_("Upload a PDF or a JPEG, PNG or WebP image."), code="invalid_document")


# Every stored upload and the path from its row to the user who owns it (the quota counts these files).
# Labels, not imports: common never imports the apps; a missing app is skipped.
QUOTA_FILES: tuple[tuple[str, str, str], ...] = (
    ("catalog.ProductImage", "original", "product__artisan__user"),
    ("artisans.ArtisanPhoto", "original", "artisan__user"),
    ("artisans.Certification", "document", "artisan__user"),
    ("orders.Payment", "proof", "purchase__buyer"),
    ("reviews.ReviewPhoto", "original", "review__buyer"),
    ("conversations.Attachment", "original", "message__sender"),
    ("documents.OriginDocument", "scan", "order__artisan__user"),
)


def stored_upload_bytes(user: Any) -> int:
    """The bytes of every upload ``user`` owns that is still stored (missing files count as 0). A file that several
    rows name (the demo catalogue's shared photos, a copied listing) takes its space once and is counted once."""
    total = 0
    for label, field, owner in QUOTA_FILES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        storage = model._meta.get_field(field).storage
        names = model._default_manager.filter(**{owner: user}).exclude(**{field: ""}).values_list(field, flat=True)
        names = names.order_by().distinct()
        for name in names.iterator():
            try:
                total += storage.size(name)
            except (FileNotFoundError, OSError, NotImplementedError):
                continue
    return total


def check_upload_quota(*, user: Any, uploads: Iterable[IO[bytes] | None], freed: int = 0) -> None:
    """Raise ``ValidationError`` (code ``quota``) when storing ``uploads`` would take ``user`` past
    ``settings.UPLOAD_QUOTA_BYTES``. ``freed`` is the bytes of stored files the same write removes (a replaced
    logo). Call it before writing anything, with the owner of the files (not the staff member acting for them)."""
    incoming = sum(_size(upload) for upload in uploads if upload is not None)
    if not incoming or user is None or getattr(user, "pk", None) is None:
        return
    limit = settings.UPLOAD_QUOTA_BYTES
    used = stored_upload_bytes(user) - freed if incoming <= limit else 0
    if used + incoming > limit:
        raise ValidationError(
            _("You have used all your upload space (%(limit)s MB). Remove some photos or documents first.")
            % {"limit": limit // (1024 * 1024)},
            code="quota",
        )

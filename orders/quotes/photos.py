"""Private photos of the RFQ flow: the buyer's reference photos of an RFQ and the artisan's photos of the finished
goods. Both go through the pipeline of product images: every file is checked by its bytes and against the
uploader's quota before anything is written, stored in private storage, rendered without metadata by a worker
after the commit, and the stored files are removed again if the transaction fails.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from craftmarket.common.errors import NotFound, TransitionNotAllowed
from craftmarket.common.tasks import render_image_row
from craftmarket.common.uploads import check_upload_quota, validate_image

from .machine import RFQ_LIVE
from .models import MAX_RFQ_PHOTOS, RFQ, PrivatePhoto, RFQPhoto

Written = list[tuple[Any, str]]


def checked(photos: Sequence[IO[bytes]], *, by: Any) -> list[IO[bytes]]:
    """The files, each an image by its bytes and all within ``by``'s upload quota; else a ValidationError on
    ``photos`` and nothing written."""
    photos = list(photos)
    for photo in photos:
        try:
            validate_image(photo)
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages})
    try:
        check_upload_quota(user=by, uploads=photos)
    except ValidationError as exc:
        raise ValidationError({"photos": exc.messages})
    return photos


@contextlib.contextmanager
def removed_on_failure() -> Iterator[Written]:
    """Collects the files ``store`` writes; if the block fails they are deleted again (the rows roll back)."""
    written: Written = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise


def store(row: PrivatePhoto, photo: IO[bytes], written: Written, *, default_name: str) -> PrivatePhoto:
    """Write ``photo`` as ``row``'s private original, save the row and have its renditions made after the commit."""
    row.original.save(getattr(photo, "name", "") or default_name, photo, save=False)
    written.append((row.original.storage, row.original.name))
    row.save()
    label = row._meta.label
    transaction.on_commit(lambda pk=row.pk: render_image_row.delay(label, pk))
    return row


def store_rfq_photos_locked(rfq: RFQ, photos: Sequence[IO[bytes]], written: Written) -> list[RFQPhoto]:
    """Add checked ``photos`` to ``rfq`` (its row locked by the caller), at most MAX_RFQ_PHOTOS in all."""
    existing = rfq.photos.count()
    if existing + len(photos) > MAX_RFQ_PHOTOS:
        raise ValidationError({"photos": [_("At most %(n)d reference photos in all.") % {"n": MAX_RFQ_PHOTOS}]})
    return [
        store(RFQPhoto(rfq=rfq, position=existing + offset), photo, written, default_name="reference.jpg")
        for offset, photo in enumerate(photos)
    ]


def rfq_add_photos(*, rfq: RFQ, by: Any, photos: Sequence[IO[bytes]]) -> list[RFQPhoto]:
    """The buyer adds reference photos to an RFQ that is still open to quotes. Another user gets NotFound; a
    closed, awarded or expired RFQ a 409; no file, a file that is not an image, too many or over quota: field
    messages, and nothing written."""
    if not getattr(by, "is_authenticated", False) or rfq.buyer_id != by.pk:
        raise NotFound()
    photos = checked(photos, by=by)
    if not photos:
        raise ValidationError({"photos": [_("Choose at least one photo.")]})
    with removed_on_failure() as written, transaction.atomic():
        locked = RFQ.objects.select_for_update().get(pk=rfq.pk)
        if locked.status not in RFQ_LIVE:
            raise TransitionNotAllowed(
                _("This request is no longer open: photos can no longer be added."), code="rfq_not_open"
            )
        return store_rfq_photos_locked(locked, photos, written)

"""Every write of reviews: create, edit once, the artisan's reply, visitors' reports and the moderators' hide and
restore. One transaction each; refusals are ``DomainError`` (403/404/409) or ``ValidationError`` with field
messages (400); nothing is half-written (photos stored by a refused write are deleted again).

Aggregates: every write that changes which ratings count (a new review, an edited rating, hide, restore) recomputes
``rating_count``, ``rating_sum`` and ``rating_average`` of the product and of its artisan from the visible reviews,
inside the same transaction and with both rows locked (``orders.locks.lock_rating_rows``), so they are exact and
never drift; lists read the stored values.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.models import Artisan
from catalog.models import Product
from catalog.services import report_reporter_key
from craftmarket.common.catalogue_cache import public_catalogue_changed
from craftmarket.common.errors import ConflictError, NotFound, PermissionDenied
from craftmarket.common.notifications import notify
from craftmarket.common.ratings import rating_average
from craftmarket.common.tasks import render_image_row
from craftmarket.common.uploads import check_upload_quota, validate_image
from orders.locks import lock_order, lock_rating_rows
from orders.models import Order, OrderLine

from .machine import REVIEW_MACHINE
from .models import MAX_EDITS, MAX_PHOTOS, MAX_RATING, MAX_TEXT, MIN_RATING, Review, ReviewPhoto, ReviewReport

__all__ = [
    "PhotoInput",
    "report_reporter_key",
    "review_create",
    "review_edit",
    "review_hide",
    "review_reply",
    "review_report",
    "review_reports_dismiss",
    "review_restore",
    "review_window_end",
]

S = Review.Status


@dataclass(frozen=True)
class PhotoInput:
    file: IO[bytes]
    alt_text: str = ""


# --- checks -----------------------------------------------------------------------------------------------------


def review_window_end(order: Order) -> datetime | None:
    """Until when the buyer of ``order`` may review (and edit a review of) its products; None if not completed."""
    if order.status != Order.Status.COMPLETED or order.completed_at is None:
        return None
    return order.completed_at + timedelta(days=settings.REVIEW_WINDOW_DAYS)


def _check_window(order: Order, now: datetime) -> None:
    if order.status != Order.Status.COMPLETED:
        raise ConflictError(_("You can review the products of an order once it is completed."), code="not_completed")
    end = review_window_end(order)
    if end is None or now > end:
        raise ConflictError(
            _("Reviews can be written and edited up to %(days)d days after the order is completed.")
            % {"days": settings.REVIEW_WINDOW_DAYS},
            code="review_window_closed",
        )


def _clean_rating(value: Any) -> int:
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or not MIN_RATING <= int(text) <= MAX_RATING:
        raise ValidationError({"rating": [_("Choose from 1 to 5 stars.")]})
    return int(text)


def _clean_text(value: Any, *, field: str, required: bool = False) -> str:
    text = str(value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: [_("The text contains characters that are not allowed.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: [_("Write at most %(n)d characters.") % {"n": MAX_TEXT}]})
    if required and not text:
        raise ValidationError({field: [_("Write a few words.")]})
    return text


def _check_photos(photos: Sequence[PhotoInput], *, existing: int, owner: Any) -> None:
    """Validate every new photo by its bytes, the limit of MAX_PHOTOS and the owner's upload quota, before any
    write."""
    if existing + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": [_("A review can have at most 3 photos.")]})
    for photo in photos:
        try:
            validate_image(photo.file)
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages})
    try:
        check_upload_quota(user=owner, uploads=[p.file for p in photos])
    except ValidationError as exc:
        raise ValidationError({"photos": exc.messages})


def _is_buyer(review: Review, by: Any) -> bool:
    return getattr(by, "is_authenticated", False) and review.buyer_id == by.pk


def _require_moderator(by: Any) -> None:
    if not (getattr(by, "is_staff", False) and by.has_perm("reviews.change_review")):
        raise PermissionDenied(_("Only moderators can hide or restore reviews."))


# --- writing ----------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _files_removed_on_failure() -> Iterator[list[tuple[Any, str]]]:
    """The (storage, name) of the photos stored inside the block; deleted again if the block raises."""
    written: list[tuple[Any, str]] = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise


def _save_photos(review: Review, photos: Sequence[PhotoInput], written: list[tuple[Any, str]]) -> None:
    start = review.photos.count()
    for offset, photo in enumerate(photos):
        row = ReviewPhoto(
            review=review,
            original=photo.file,
            alt_text=_clean_text(photo.alt_text, field="photos")[:200],
            position=start + offset,
        )
        row.original.save(getattr(photo.file, "name", "") or "review.jpg", photo.file, save=False)
        written.append((row.original.storage, row.original.name))
        row.save()
        photo_id = row.pk
        transaction.on_commit(lambda pk=photo_id: render_image_row.delay("reviews.ReviewPhoto", pk))


def _refresh_ratings(*, product_id: int, artisan_id: int) -> None:
    """Recompute the stored aggregates of the product and the artisan from their visible reviews. The caller
    holds the locks of ``lock_rating_rows``."""
    now = timezone.now()
    visible = Review.objects.filter(status=S.VISIBLE)
    for model, pk, rows in (
        (Product, product_id, visible.filter(product_id=product_id)),
        (Artisan, artisan_id, visible.filter(artisan_id=artisan_id)),
    ):
        found = rows.aggregate(count=Count("pk"), total=Sum("rating"))
        count, total = found["count"], found["total"] or 0
        model.objects.filter(pk=pk).update(
            rating_count=count,
            rating_sum=total,
            rating_average=rating_average(total=total, count=count),
            updated_at=now,
        )
    public_catalogue_changed()  # cards and sorted lists show the new figures at once


def _touch_product(product_id: int) -> None:
    """The product page shows replies and reviews: a new ``updated_at`` changes its ETag."""
    Product.objects.filter(pk=product_id).update(updated_at=timezone.now())


def _locked_review(review: Review) -> Review:
    locked = Review.objects.select_for_update().select_related("product", "buyer", "artisan").filter(pk=review.pk)
    found = locked.first()
    if found is None:
        raise NotFound()
    return found


def review_create(
    *,
    buyer: Any,
    order: Order,
    product: Product,
    rating: Any,
    text: str = "",
    photos: Sequence[PhotoInput] = (),
) -> Review:
    """The buyer of a completed order reviews one of its products, once, within REVIEW_WINDOW_DAYS of completion.

    Refusals: not the order's buyer (PermissionDenied), the product is not in the order (ValidationError on
    ``product``), the order not completed or the window closed or a review already written (ConflictError), a
    rating outside 1–5, a text too long, more than 3 photos or a file that is not an image (ValidationError).
    Locks the order, then the product and artisan rows; the aggregates follow in the same transaction."""
    if not getattr(buyer, "is_authenticated", False) or order.buyer_id != buyer.pk:
        raise PermissionDenied(_("Only the buyer of this order can review its products."))
    rating = _clean_rating(rating)
    text = _clean_text(text, field="text")
    photos = list(photos)
    _check_photos(photos, existing=0, owner=buyer)
    with _files_removed_on_failure() as written, transaction.atomic():
        locked = lock_order(order.pk)
        if locked is None:
            raise NotFound()
        if not OrderLine.objects.filter(order=locked, variant__product_id=product.pk).exists():
            raise ValidationError({"product": [_("This product is not part of this order.")]})
        _check_window(locked, timezone.now())
        if Review.objects.filter(order=locked, product_id=product.pk).exists():
            raise ConflictError(_("You have already reviewed this product for this order."), code="already_reviewed")
        lock_rating_rows(product_id=product.pk, artisan_id=locked.artisan_id)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    order=locked, product=product, artisan_id=locked.artisan_id, buyer=buyer, rating=rating, text=text
                )
        except IntegrityError:
            raise ConflictError(_("You have already reviewed this product for this order."), code="already_reviewed")
        _save_photos(review, photos, written)
        _refresh_ratings(product_id=product.pk, artisan_id=locked.artisan_id)
        artisan = Artisan.objects.select_related("user").get(pk=locked.artisan_id)
        notify(
            event="review_received",
            users=[artisan.user],
            context={"product": product.name, "item": rating, "url": "/studio/reviews/"},
        )
    return review


def review_edit(*, review: Review, by: Any, rating: Any, text: str = "", photos: Sequence[PhotoInput] = ()) -> Review:
    """The buyer changes their review once (rating, text, and photos added up to 3 in all), within the same window
    as writing it. Refusals: someone else (PermissionDenied), a second edit or a closed window (ConflictError), bad
    input as for ``review_create`` (ValidationError). A hidden review stays hidden."""
    if not _is_buyer(review, by):
        raise PermissionDenied(_("Only the author of a review can edit it."))
    rating = _clean_rating(rating)
    text = _clean_text(text, field="text")
    photos = list(photos)
    with _files_removed_on_failure() as written, transaction.atomic():
        locked = _locked_review(review)
        if locked.edit_count >= MAX_EDITS:
            raise ConflictError(_("A review can be edited only once."), code="already_edited")
        _check_window(Order.objects.get(pk=locked.order_id), timezone.now())
        _check_photos(photos, existing=locked.photos.count(), owner=by)
        lock_rating_rows(product_id=locked.product_id, artisan_id=locked.artisan_id)
        locked.rating = rating
        locked.text = text
        locked.edit_count += 1
        locked.edited_at = timezone.now()
        locked.save(update_fields=["rating", "text", "edit_count", "edited_at", "updated_at"])
        _save_photos(locked, photos, written)
        _refresh_ratings(product_id=locked.product_id, artisan_id=locked.artisan_id)
    return locked


def review_reply(*, review: Review, by: Any, text: str) -> Review:
    """The artisan of the reviewed order replies once, in public. Refusals: anyone else (PermissionDenied), a second
    reply or a hidden review (ConflictError), an empty or too long text (ValidationError on ``reply``)."""
    artisan = getattr(by, "artisan", None) if getattr(by, "is_authenticated", False) else None
    if artisan is None or artisan.pk != review.artisan_id:
        raise PermissionDenied(_("Only the artisan who made this product can reply."))
    text = _clean_text(text, field="reply", required=True)
    with transaction.atomic():
        locked = _locked_review(review)
        if locked.reply:
            raise ConflictError(_("You have already replied to this review."), code="already_replied")
        if locked.status != S.VISIBLE:
            raise ConflictError(_("This review is hidden; it cannot be replied to."), code="review_hidden")
        locked.reply = text
        locked.replied_at = timezone.now()
        locked.save(update_fields=["reply", "replied_at", "updated_at"])
        _touch_product(locked.product_id)
        notify(
            event="review_replied",
            users=[locked.buyer],
            context={"product": locked.product.name, "url": locked.product.get_absolute_url()},
        )
    return locked


def review_report(
    *, review: Review, reason: str, note: str = "", reporter: Any = None, reporter_key: str
) -> ReviewReport:
    """A visitor reports a visible review (NotFound otherwise); one open report per visitor and review
    (ConflictError for a second); moderators find it in the admin's review reports."""
    if reason not in ReviewReport.Reason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    note = _clean_text(note, field="note")[:1000]
    with transaction.atomic():
        locked = _locked_review(review)
        if locked.status != S.VISIBLE:
            raise NotFound()
        mine = ReviewReport.objects.filter(review=locked, status=ReviewReport.Status.OPEN, reporter_key=reporter_key)
        if mine.exists():
            raise ConflictError(_("You have already reported this review. Moderators will look at it."))
        user = reporter if getattr(reporter, "is_authenticated", False) else None
        try:
            with transaction.atomic():
                report = ReviewReport.objects.create(
                    review=locked, reason=reason, note=note, reporter=user, reporter_key=reporter_key
                )
        except IntegrityError:
            raise ConflictError(_("You have already reported this review. Moderators will look at it."))
        notify(
            event="review_waiting",
            users=[],
            context={
                "item": f"★{locked.rating} {locked.product.name}",
                "url": f"/{settings.ADMIN_URL}reviews/review/{locked.pk}/change/",
            },
        )
    return report


def _close_reports(review: Review, *, by: Any, status: str) -> int:
    return ReviewReport.objects.filter(review=review, status=ReviewReport.Status.OPEN).update(
        status=status, decided_by=by, decided_at=timezone.now()
    )


def _moderate(*, review: Review, by: Any, reason: str, target: str) -> Review:
    _require_moderator(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Write a reason: it is kept in the audit trail.")]})
    with transaction.atomic():
        locked = _locked_review(review)
        REVIEW_MACHINE.check(instance=locked, target=target)
        lock_rating_rows(product_id=locked.product_id, artisan_id=locked.artisan_id)
        REVIEW_MACHINE.apply(instance=locked, target=target, by=by, reason=reason)
        _refresh_ratings(product_id=locked.product_id, artisan_id=locked.artisan_id)
        if target == S.HIDDEN:
            _close_reports(locked, by=by, status=ReviewReport.Status.UPHELD)
            notify(
                event="review_hidden",
                users=[locked.buyer],
                context={"product": locked.product.name, "reason": reason, "url": "/orders/"},
            )
    return locked


def review_hide(*, review: Review, by: Any, reason: str) -> Review:
    """A moderator hides a visible review (with a reason, in its history); its open reports are upheld and it no
    longer counts in the averages. Refusals: not a moderator (PermissionDenied), no reason (ValidationError),
    already hidden (TransitionNotAllowed, 409)."""
    return _moderate(review=review, by=by, reason=reason, target=S.HIDDEN)


def review_restore(*, review: Review, by: Any, reason: str) -> Review:
    """A moderator shows a hidden review again (with a reason); it counts in the averages again."""
    return _moderate(review=review, by=by, reason=reason, target=S.VISIBLE)


def review_reports_dismiss(*, review: Review, by: Any) -> int:
    """A moderator finds a reported review fine: its open reports are dismissed (kept, with who and when)."""
    _require_moderator(by)
    with transaction.atomic():
        return _close_reports(_locked_review(review), by=by, status=ReviewReport.Status.DISMISSED)

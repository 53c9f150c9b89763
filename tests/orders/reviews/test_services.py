"""The review rules, through the services: who may review, once, within the window, edit once, the artisan's one
reply, photos through the upload pipeline, reports, and the moderators' hide and restore with their history.
Aggregates are exact after every change; a refused write changes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from artisans.models import Artisan
from catalog.models import Product
from craftmarket.common.errors import ConflictError, PermissionDenied, TransitionNotAllowed
from craftmarket.common.models import Notification
from orders.models import Order
from orders.reviews import services
from orders.reviews.models import Review, ReviewPhoto, ReviewReport, ReviewStatusChange
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.moderation.factories import national
from tests.orders.factories import AddressFactory, checkout
from tests.orders.reviews.factories import completed_order, photo, review

pytestmark = pytest.mark.django_db


def _product(order: Order) -> Product:
    return order.lines.select_related("variant__product").first().variant.product


def _counts() -> tuple[int, int, int, int]:
    return (
        Review.objects.count(),
        ReviewPhoto.objects.count(),
        ReviewReport.objects.count(),
        ReviewStatusChange.objects.count(),
    )


def _aggregate(obj) -> tuple[int, int, Decimal]:
    obj.refresh_from_db()
    return obj.rating_count, obj.rating_sum, obj.rating_average


def test_buyer_of_a_completed_order_reviews_each_product_once_and_the_aggregates_follow():
    artisan = ArtisanFactory()
    first, second = ProductFactory(artisan=artisan), ProductFactory(artisan=artisan)
    order = completed_order(products=[first, second])
    made = services.review_create(buyer=order.buyer, order=order, product=first, rating=4, text=" Rapi ")
    services.review_create(buyer=order.buyer, order=order, product=second, rating="5")

    assert made.text == "Rapi" and made.verified_purchase is True and made.artisan_id == artisan.pk
    assert _aggregate(first) == (1, 4, Decimal("4.00"))
    assert _aggregate(second) == (1, 5, Decimal("5.00"))
    assert _aggregate(artisan) == (2, 9, Decimal("4.50"))
    assert Notification.objects.filter(recipient=artisan.user, event="review_received").count() == 2


def test_averages_round_half_up_to_two_places_exactly():
    artisan = ArtisanFactory()
    product = ProductFactory(artisan=artisan)
    for rating in (5, 4, 4):  # 13 / 3 = 4.333…
        review(order=completed_order(products=[product]), product=product, rating=rating)
    assert _aggregate(product) == (3, 13, Decimal("4.33"))
    review(order=completed_order(products=[product]), product=product, rating=3)  # 16 / 4 = 4.00
    review(order=completed_order(products=[product]), product=product, rating=2)  # 18 / 5 = 3.60
    review(order=completed_order(products=[product]), product=product, rating=5)  # 23 / 6 = 3.8333
    review(order=completed_order(products=[product]), product=product, rating=2)  # 25 / 7 = 3.5714
    review(order=completed_order(products=[product]), product=product, rating=2)  # 27 / 8 = 3.375 → 3.38
    assert _aggregate(product) == (8, 27, Decimal("3.38"))


@pytest.mark.parametrize("rating", [0, 6, -1, "", "lima", None, 4.5])
def test_a_rating_outside_one_to_five_is_refused_at_the_field(rating):
    order = completed_order()
    with pytest.raises(ValidationError) as exc:
        services.review_create(buyer=order.buyer, order=order, product=_product(order), rating=rating)
    assert "rating" in exc.value.message_dict
    assert _counts() == (0, 0, 0, 0)
    assert _aggregate(_product(order)) == (0, 0, Decimal("0.00"))


def test_someone_who_did_not_buy_cannot_review():
    order = completed_order()
    with pytest.raises(PermissionDenied):
        services.review_create(buyer=UserFactory(), order=order, product=_product(order), rating=5)
    with pytest.raises(PermissionDenied):
        services.review_create(buyer=order.artisan.user, order=order, product=_product(order), rating=5)
    assert _counts() == (0, 0, 0, 0)


def test_a_product_that_is_not_in_the_order_is_refused():
    order = completed_order()
    with pytest.raises(ValidationError) as exc:
        services.review_create(buyer=order.buyer, order=order, product=ProductFactory(), rating=5)
    assert "product" in exc.value.message_dict
    assert _counts() == (0, 0, 0, 0)


def test_an_order_that_is_not_completed_cannot_be_reviewed():
    buyer = UserFactory()
    product = ProductFactory()
    from tests.factories import VariantFactory

    purchase = checkout(buyer, AddressFactory(user=buyer), (VariantFactory(product=product), 1))
    order = purchase.orders.get()
    with pytest.raises(ConflictError) as exc:
        services.review_create(buyer=buyer, order=order, product=product, rating=5)
    assert exc.value.code == "not_completed"
    assert _counts() == (0, 0, 0, 0)


def test_a_second_review_of_the_same_product_and_order_is_a_conflict():
    order = completed_order()
    review(order=order, rating=2)
    with pytest.raises(ConflictError) as exc:
        review(order=order, rating=5)
    assert exc.value.code == "already_reviewed"
    assert Review.objects.count() == 1
    assert _aggregate(_product(order)) == (1, 2, Decimal("2.00"))


def test_the_window_closes_after_the_configured_days(settings):
    order = completed_order()
    end = order.completed_at + timedelta(days=60)
    with time_machine.travel(end - timedelta(minutes=1)):
        made = review(order=order)
    other = completed_order()
    with time_machine.travel(end + timedelta(days=1), tick=False):
        with pytest.raises(ConflictError) as exc:
            review(order=other)
        assert exc.value.code == "review_window_closed"
        with pytest.raises(ConflictError):
            services.review_edit(review=made, by=order.buyer, rating=1)
    settings.REVIEW_WINDOW_DAYS = 90
    with time_machine.travel(other.completed_at + timedelta(days=89)):
        review(order=other)
    assert Review.objects.count() == 2


def test_the_buyer_edits_once_and_the_aggregates_follow():
    order = completed_order()
    product = _product(order)
    made = review(order=order, rating=5)
    edited = services.review_edit(review=made, by=order.buyer, rating=2, text="Ternyata retak")
    assert (edited.rating, edited.text, edited.edit_count) == (2, "Ternyata retak", 1)
    assert edited.edited_at is not None
    assert _aggregate(product) == (1, 2, Decimal("2.00"))
    assert _aggregate(order.artisan) == (1, 2, Decimal("2.00"))
    with pytest.raises(ConflictError) as exc:
        services.review_edit(review=edited, by=order.buyer, rating=4, text="Lagi")
    assert exc.value.code == "already_edited"
    made.refresh_from_db()
    assert (made.rating, made.text) == (2, "Ternyata retak")
    assert _aggregate(product) == (1, 2, Decimal("2.00"))


def test_only_the_author_edits():
    made = review()
    with pytest.raises(PermissionDenied):
        services.review_edit(review=made, by=UserFactory(), rating=1)
    made.refresh_from_db()
    assert (made.rating, made.edit_count) == (5, 0)


def test_the_artisan_replies_once_and_no_one_else_can():
    made = review()
    stranger = ArtisanFactory()
    with pytest.raises(PermissionDenied):
        services.review_reply(review=made, by=stranger.user, text="Terima kasih")
    with pytest.raises(PermissionDenied):
        services.review_reply(review=made, by=made.buyer, text="Terima kasih")
    with pytest.raises(ValidationError) as exc:
        services.review_reply(review=made, by=made.artisan.user, text="   ")
    assert "reply" in exc.value.message_dict
    replied = services.review_reply(review=made, by=made.artisan.user, text="Terima kasih, Bu!")
    assert replied.reply == "Terima kasih, Bu!" and replied.replied_at is not None
    with pytest.raises(ConflictError) as exc:
        services.review_reply(review=made, by=made.artisan.user, text="Sekali lagi")
    assert exc.value.code == "already_replied"
    made.refresh_from_db()
    assert made.reply == "Terima kasih, Bu!"
    assert Notification.objects.filter(recipient=made.buyer, event="review_replied").count() == 1


def test_up_to_three_photos_go_through_the_rendition_pipeline(django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    with django_capture_on_commit_callbacks(execute=True):
        made = review(photos=[services.PhotoInput(photo()), services.PhotoInput(photo(), "Tas di meja")])
    photos = list(made.photos.order_by("position"))
    assert [p.position for p in photos] == [0, 1]
    assert all(p.status == ReviewPhoto.Status.READY and p.thumb_url for p in photos)  # eager Celery, after commit
    assert all(default_storage.exists(r["name"]) for p in photos for r in p.renditions)
    assert photos[0].original.name.startswith("originals/reviews/")
    assert not default_storage.exists(photos[0].original.name)  # the original is private
    assert photos[1].alt_text == "Tas di meja"
    edited = services.review_edit(review=made, by=made.buyer, rating=4, photos=[services.PhotoInput(photo())])
    assert edited.photos.count() == 3


def test_a_fourth_photo_is_refused_and_nothing_is_written():
    made = review(photos=[services.PhotoInput(photo()) for _ in range(3)])
    with pytest.raises(ValidationError) as exc:
        services.review_edit(review=made, by=made.buyer, rating=1, photos=[services.PhotoInput(photo())])
    assert "photos" in exc.value.message_dict
    made.refresh_from_db()
    assert (made.rating, made.edit_count, made.photos.count()) == (5, 0, 3)

    order = completed_order()
    with pytest.raises(ValidationError) as exc:
        review(order=order, photos=[services.PhotoInput(photo()) for _ in range(4)])
    assert "photos" in exc.value.message_dict
    assert Review.objects.filter(order=order).count() == 0


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_written():
    order = completed_order()
    fake = photo("foto.jpg", b"%PDF-1.4 not an image %%EOF", "image/jpeg")
    with pytest.raises(ValidationError) as exc:
        review(order=order, photos=[services.PhotoInput(photo()), services.PhotoInput(fake)])
    assert "photos" in exc.value.message_dict
    assert _counts() == (0, 0, 0, 0)
    assert _aggregate(_product(order)) == (0, 0, Decimal("0.00"))


def test_moderators_hide_and_restore_with_a_reason_and_the_aggregates_are_exact():
    artisan = ArtisanFactory()
    product = ProductFactory(artisan=artisan)
    low = review(order=completed_order(products=[product]), product=product, rating=1)
    review(order=completed_order(products=[product]), product=product, rating=4)
    assert _aggregate(product) == (2, 5, Decimal("2.50"))
    moderator = national()
    services.review_report(review=low, reason="offensive", reporter_key="k1")

    with pytest.raises(ValidationError):
        services.review_hide(review=low, by=moderator, reason="  ")
    with pytest.raises(PermissionDenied):
        services.review_hide(review=low, by=UserFactory(is_staff=True), reason="Kasar")
    assert _aggregate(product) == (2, 5, Decimal("2.50"))

    services.review_hide(review=low, by=moderator, reason="Kata-kata kasar")
    assert _aggregate(product) == (1, 4, Decimal("4.00"))
    assert _aggregate(artisan) == (1, 4, Decimal("4.00"))
    assert ReviewReport.objects.get().status == ReviewReport.Status.UPHELD
    with pytest.raises(TransitionNotAllowed):
        services.review_hide(review=low, by=moderator, reason="Lagi")

    services.review_restore(review=low, by=moderator, reason="Pembeli sudah mengubah")
    assert _aggregate(product) == (2, 5, Decimal("2.50"))
    history = list(ReviewStatusChange.objects.filter(review=low).values_list("from_status", "to_status", "reason"))
    assert history == [
        ("visible", "hidden", "Kata-kata kasar"),
        ("hidden", "visible", "Pembeli sudah mengubah"),
    ]
    assert set(ReviewStatusChange.objects.values_list("actor", flat=True)) == {moderator.pk}


def test_a_visitor_reports_a_review_once():
    made = review()
    report = services.review_report(review=made, reason="spam", note="Iklan", reporter_key="abc")
    assert report.status == ReviewReport.Status.OPEN
    with pytest.raises(ConflictError):
        services.review_report(review=made, reason="spam", reporter_key="abc")
    with pytest.raises(ValidationError):
        services.review_report(review=made, reason="bogus", reporter_key="def")
    assert ReviewReport.objects.count() == 1
    services.review_reports_dismiss(review=made, by=national())
    assert ReviewReport.objects.get().status == ReviewReport.Status.DISMISSED


def test_the_database_refuses_what_the_services_refuse():
    from django.db import IntegrityError, transaction

    made = review()
    for change in ({"rating": 0}, {"rating": 6}, {"edit_count": 2, "edited_at": timezone.now()}, {"reply": "x"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.filter(pk=made.pk).update(**change)
    for change in ({"rating_sum": 6}, {"rating_count": 0}, {"rating_average": Decimal("0.5")}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Product.objects.filter(pk=made.product_id).update(**change)
    with pytest.raises(IntegrityError), transaction.atomic():
        Artisan.objects.filter(pk=made.artisan_id).update(rating_sum=99)

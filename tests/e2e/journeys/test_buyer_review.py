"""Journey: a buyer reviews a product of a completed order with a photo (stars as radio inputs, on a phone), and
the artisan replies from the studio; the product page then shows the rating, the photo and the reply. Live server,
real Celery worker through Redis (the photo's renditions), PostgreSQL."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from orders.reviews.models import Review, ReviewPhoto
from tests.catalog.factories import jpeg_bytes
from tests.e2e.journeys.conftest import assert_page_ok, english, serve_media
from tests.factories import PASSWORD, ArtisanFactory, ProductFactory, UserFactory, VariantFactory
from tests.orders.reviews.factories import completed_order

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def log_in(probe, email: str) -> None:
    page = probe.page
    probe.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.locator("header").get_by_role("link", name="Account")).to_be_visible()


@pytest.fixture
def delivered(reference_data):
    artisan = ArtisanFactory(business_name="Rotan Tegalwangi", slug="rotan-tegalwangi", province="ID-JB")
    product = ProductFactory(artisan=artisan, name="Tas Rotan Bundar", slug="tas-rotan-bundar", province="ID-JB")
    VariantFactory(product=product, stock=5, is_default=True)
    buyer = UserFactory(email="sari@example.id", name="Sari Wulandari")
    return completed_order(buyer=buyer, products=[product]), product


def _wait_for_renditions(review: Review, seconds: float = 30) -> ReviewPhoto:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        photo = review.photos.get()
        if photo.status != ReviewPhoto.Status.PENDING:
            return photo
        time.sleep(0.3)
    raise AssertionError("the review photo was not rendered")


def test_a_buyer_reviews_with_a_photo_and_the_artisan_replies(phone, desktop, delivered, celery_worker):
    order, product = delivered
    buyer = serve_media(english(phone))
    page = buyer.page
    log_in(buyer, "sari@example.id")
    buyer.goto(f"/orders/{order.number}/")
    page.get_by_role("link", name="Review this product").click()
    expect(page.get_by_role("heading", level=1, name="Review this product")).to_be_visible()
    assert_page_ok(buyer)
    page.get_by_label("4 stars: good").check()
    page.get_by_label("Your review (optional)").fill("Anyamannya rapi dan kuat.")
    page.get_by_label("Photos (optional)").set_input_files(
        [{"name": "tas.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes((200, 150))}]
    )
    page.get_by_role("button", name="Publish my review").click()
    expect(page.get_by_text("Thank you for your review.")).to_be_visible()
    review = Review.objects.get()
    assert (review.rating, review.text, review.product_id) == (4, "Anyamannya rapi dan kuat.", product.pk)
    assert _wait_for_renditions(review).status == ReviewPhoto.Status.READY
    buyer.assert_clean()

    maker = english(desktop)
    log_in(maker, product.artisan.user.email)
    maker.goto("/studio/reviews/")
    expect(maker.page.get_by_text("Anyamannya rapi dan kuat.")).to_be_visible()
    assert_page_ok(maker)
    maker.page.get_by_label("Your public reply").fill("Terima kasih, Bu Sari!")
    maker.page.get_by_role("button", name="Publish the reply").click()
    expect(maker.page.get_by_text("Your reply is published under the review.")).to_be_visible()
    maker.assert_clean()

    buyer.goto(product.get_absolute_url())
    reviews = page.get_by_role("region", name="Reviews")
    expect(reviews.get_by_text("Terima kasih, Bu Sari!")).to_be_visible()
    expect(reviews.get_by_text("Verified purchase")).to_be_visible()
    expect(reviews.get_by_role("img", name="Photo from the buyer")).to_be_visible()
    assert_page_ok(buyer)
    buyer.assert_clean()

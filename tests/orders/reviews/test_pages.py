"""The review pages: "Review this product" on the buyer's completed order, the review form (stars as radio inputs),
the product page with average, count, distribution and 10 reviews a page, the studio's reviews with the reply
form, and the report page. Refusals show the message at the field and change nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from orders.reviews import services
from orders.reviews.models import Review, ReviewPhoto, ReviewReport
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.orders.reviews.factories import bulk_reviews, completed_order, photo, review
from tests.web.checks import problems

pytestmark = pytest.mark.django_db


def _product(order):
    return order.lines.select_related("variant__product").first().variant.product


def _form_url(order, product):
    return reverse("reviews:review-form", kwargs={"number": order.number, "product_id": product.pk})


def test_the_completed_order_page_offers_a_review_per_product_and_the_form_works(
    client, django_capture_on_commit_callbacks
):
    order = completed_order()
    product = _product(order)
    client.force_login(order.buyer)
    page = client.get(reverse("orders:order-detail", kwargs={"number": order.number})).content.decode()
    assert _form_url(order, product) in page
    form = client.get(_form_url(order, product))
    html = form.content.decode()
    assert form.status_code == 200 and problems(html) == []
    assert html.count('type="radio" name="rating"') == 5

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            _form_url(order, product), {"rating": "4", "text": "Anyamannya rapi", "photos": [photo()]}, follow=True
        )
    assert answer.redirect_chain[-1][0] == reverse("orders:order-detail", kwargs={"number": order.number})
    made = Review.objects.get()
    assert (made.rating, made.text, made.photos.count()) == (4, "Anyamannya rapi", 1)
    assert made.photos.get().status == ReviewPhoto.Status.READY
    product.refresh_from_db()
    assert (product.rating_count, product.rating_average) == (1, Decimal("4.00"))
    page = client.get(reverse("orders:order-detail", kwargs={"number": order.number})).content.decode()
    assert gettext("Edit your review") in page


@pytest.mark.parametrize("rating", ["0", "6", "", "x"])
def test_a_bad_rating_is_shown_at_the_field_and_nothing_is_saved(client, rating):
    order = completed_order()
    client.force_login(order.buyer)
    answer = client.post(_form_url(order, _product(order)), {"rating": rating, "text": "x"})
    assert answer.status_code == 400
    assert gettext("Choose from 1 to 5 stars.") in answer.content.decode()
    assert Review.objects.count() == 0


def test_a_file_that_is_not_an_image_and_a_fourth_photo_are_refused_at_the_field(client):
    order = completed_order()
    client.force_login(order.buyer)
    fake = photo("x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    answer = client.post(_form_url(order, _product(order)), {"rating": "5", "photos": [fake]})
    assert answer.status_code == 400
    assert gettext("Upload a JPEG, PNG or WebP photo.") in answer.content.decode()
    answer = client.post(_form_url(order, _product(order)), {"rating": "5", "photos": [photo() for _ in range(4)]})
    assert answer.status_code == 400
    assert gettext("A review can have at most 3 photos.") in answer.content.decode()
    assert (Review.objects.count(), ReviewPhoto.objects.count()) == (0, 0)


def test_a_second_edit_is_refused_and_another_buyer_gets_a_404(client):
    order = completed_order()
    made = review(order=order, rating=5)
    client.force_login(order.buyer)
    assert client.post(_form_url(order, made.product), {"rating": "3"}).status_code == 302
    page = client.get(_form_url(order, made.product)).content.decode()
    assert gettext("You have already edited this review; it cannot be changed again.") in page
    answer = client.post(_form_url(order, made.product), {"rating": "1"})
    assert answer.status_code == 409
    made.refresh_from_db()
    assert (made.rating, made.edit_count) == (3, 1)

    client.force_login(UserFactory())
    assert client.get(_form_url(order, made.product)).status_code == 404
    assert client.post(_form_url(order, made.product), {"rating": "1"}).status_code == 404
    made.refresh_from_db()
    assert made.rating == 3


def test_the_product_page_shows_average_count_distribution_and_ten_reviews_a_page(client):
    product = ProductFactory()
    bulk_reviews(product=product, ratings=[2] + [5] * 22)
    product.refresh_from_db()
    assert (product.rating_count, product.rating_sum, product.rating_average) == (23, 112, Decimal("4.87"))

    url = product.get_absolute_url()
    html = client.get(url).content.decode()
    assert problems(html) == []
    assert "4,9" in html or "4.9" in html
    assert html.count('class="review"') == 10
    assert 'value="96"' in html  # 22 of 23 gave five stars: the bar says 96 %
    assert "Ulasan 22" in html and "Ulasan 0<" not in html  # newest first
    last = client.get(url, {"page": 3}).content.decode()
    assert last.count('class="review"') == 3 and "Ulasan 0<" in last


def test_a_product_page_with_200_reviews_paginates_them_in_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    product = ProductFactory()
    bulk_reviews(product=product, ratings=[4] * 20)
    url = product.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"page": 2})
    bulk_reviews(product=product, ratings=[3] * 180)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url, {"page": 2}).content.decode()
    assert len(many) == len(few) <= 14, [q["sql"] for q in many.captured_queries]
    assert html.count('class="review"') == 10
    assert gettext("Page %(number)s of %(total)s") % {"number": 2, "total": 20} in html


def test_the_studio_lists_the_artisans_reviews_and_the_artisan_replies_once(client):
    made = review(rating=4)
    client.force_login(made.artisan.user)
    html = client.get(reverse("reviews:studio-reviews")).content.decode()
    assert problems(html) == [] and made.text in html
    reply_url = reverse("reviews:studio-reply", kwargs={"pk": made.pk})
    assert client.post(reply_url, {"reply": "Terima kasih!"}).status_code == 302
    client.post(reply_url, {"reply": "Dua kali"})
    made.refresh_from_db()
    assert made.reply == "Terima kasih!"
    assert "Terima kasih!" in client.get(made.product.get_absolute_url()).content.decode()

    other = ArtisanFactory()
    client.force_login(other.user)
    assert client.post(reply_url, {"reply": "Saya juga"}).status_code == 404
    assert made.text not in client.get(reverse("reviews:studio-reviews")).content.decode()


def test_a_visitor_reports_a_review_once(client):
    made = review()
    url = reverse("reviews:report", kwargs={"pk": made.pk})
    page = client.get(url)
    assert page.status_code == 200 and problems(page.content.decode()) == []
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "spam", "note": "Iklan"}).status_code == 302
    assert client.post(url, {"reason": "spam"}).status_code == 409
    assert ReviewReport.objects.count() == 1
    services.review_hide(review=made, by=_moderator(), reason="Spam")
    assert client.get(url).status_code == 404
    assert made.text not in client.get(made.product.get_absolute_url()).content.decode()


def _moderator():
    from tests.moderation.factories import national

    return national()


def test_cards_show_the_stored_rating(client):
    review(rating=4)
    html = client.get(reverse("catalog:search"), {"q": ""}).content.decode()
    assert 'class="rating"' in html and "(1)" in html

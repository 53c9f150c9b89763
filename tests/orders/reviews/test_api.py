"""The reviews API with every status it documents: a product's reviews (public, paginated), create and edit my
review, the artisan's reply, the report. Refusals are JSON with field messages and change nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from orders.reviews.models import Review, ReviewPhoto, ReviewReport
from tests.factories import ArtisanFactory, ProductFactory, UserFactory
from tests.orders.reviews.factories import bulk_reviews, completed_order, photo, review

pytestmark = pytest.mark.django_db


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _product(order):
    return order.lines.select_related("variant__product").first().variant.product


def test_anyone_lists_the_visible_reviews_of_a_public_product_ten_to_a_page(django_assert_max_num_queries):
    product = ProductFactory()
    bulk_reviews(product=product, ratings=[5, 4, 3] * 5)
    url = reverse("api-product-reviews", kwargs={"slug": product.slug})
    with django_assert_max_num_queries(6):
        body = _client().get(url).json()
    assert body["count"] == 15 and len(body["results"]) == 10
    first = body["results"][0]
    assert first["verified_purchase"] is True and first["product"] == product.slug
    assert first["text"] == "Ulasan 14"  # newest first
    assert len(_client().get(url, {"page": 2}).json()["results"]) == 5
    assert _client().get(url, {"page": "x"}).status_code == 400
    assert _client().get(reverse("api-product-reviews", kwargs={"slug": "tidak-ada"})).status_code == 404


def test_the_buyer_creates_a_review_with_photos_and_edits_it_once():
    order = completed_order()
    product = _product(order)
    client = _client(order.buyer)
    answer = client.post(
        reverse("api-reviews"),
        {"order": order.number, "product": product.slug, "rating": 4, "text": "Bagus", "photos": [photo()]},
        format="multipart",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["rating"], body["text"], len(body["photos"]), body["can_be_edited"]) == (4, "Bagus", 1, True)
    url = reverse("api-review", kwargs={"pk": body["id"]})
    edited = client.patch(url, {"rating": 2, "text": "Retak"}, format="json")
    assert edited.status_code == 200 and edited.json()["edited"] is True
    again = client.patch(url, {"rating": 5}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_edited"
    product.refresh_from_db()
    assert (product.rating_count, product.rating_average) == (1, Decimal("2.00"))


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"rating": 0}, 400, "rating"),
        ({"rating": 6}, 400, "rating"),
        ({"rating": "lima"}, 400, "rating"),
        ({"order": "CM-TIDAK-ADA"}, 404, "order"),
        ({"product": "tidak-ada"}, 404, "product"),
    ],
)
def test_bad_input_to_create_is_refused_with_the_field(change, status, field):
    order = completed_order()
    data = {"order": order.number, "product": _product(order).slug, "rating": 5, **change}
    answer = _client(order.buyer).post(reverse("api-reviews"), data, format="json")
    assert answer.status_code == status
    assert field in answer.json()
    assert Review.objects.count() == 0


def test_someone_who_did_not_buy_a_second_review_and_photos_are_refused():
    order = completed_order()
    data = {"order": order.number, "product": _product(order).slug, "rating": 5}
    assert _client().post(reverse("api-reviews"), data, format="json").status_code in (401, 403)
    assert _client(UserFactory()).post(reverse("api-reviews"), data, format="json").status_code == 404
    assert _client(order.artisan.user).post(reverse("api-reviews"), data, format="json").status_code == 404
    not_image = photo("x.png", b"GIF89a not really", "image/png")
    answer = _client(order.buyer).post(reverse("api-reviews"), {**data, "photos": [not_image]}, format="multipart")
    assert answer.status_code == 400 and "photos" in answer.json()
    four = _client(order.buyer).post(
        reverse("api-reviews"), {**data, "photos": [photo() for _ in range(4)]}, format="multipart"
    )
    assert four.status_code == 400 and "photos" in four.json()
    assert (Review.objects.count(), ReviewPhoto.objects.count()) == (0, 0)
    assert _client(order.buyer).post(reverse("api-reviews"), data, format="json").status_code == 201
    second = _client(order.buyer).post(reverse("api-reviews"), data, format="json")
    assert second.status_code == 409 and second.json()["code"] == "already_reviewed"
    assert Review.objects.count() == 1


def test_only_the_author_reads_and_edits_a_review():
    made = review()
    url = reverse("api-review", kwargs={"pk": made.pk})
    assert _client(made.buyer).get(url).status_code == 200
    for user in (UserFactory(), made.artisan.user):
        assert _client(user).get(url).status_code == 404
        assert _client(user).patch(url, {"rating": 1}, format="json").status_code == 404
    made.refresh_from_db()
    assert (made.rating, made.edit_count) == (5, 0)


def test_the_artisan_replies_once_and_no_one_else_can():
    made = review()
    url = reverse("api-review-reply", kwargs={"pk": made.pk})
    assert _client(ArtisanFactory().user).post(url, {"reply": "Bukan saya"}, format="json").status_code == 404
    assert _client(made.buyer).post(url, {"reply": "Saya pembeli"}, format="json").status_code == 404
    assert _client(made.artisan.user).post(url, {"reply": ""}, format="json").status_code == 400
    answer = _client(made.artisan.user).post(url, {"reply": "Terima kasih"}, format="json")
    assert answer.status_code == 200 and answer.json()["reply"] == "Terima kasih"
    again = _client(made.artisan.user).post(url, {"reply": "Lagi"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_replied"
    made.refresh_from_db()
    assert made.reply == "Terima kasih"


def test_anyone_reports_a_review_once_and_the_rate_limit_answers_429():
    made = review()
    url = reverse("api-review-report", kwargs={"pk": made.pk})
    assert _client().post(url, {"reason": "nope"}, format="json").status_code == 400
    assert _client().post(url, {"reason": "spam"}, format="json").status_code == 201
    assert _client().post(url, {"reason": "spam"}, format="json").status_code == 409
    for _ in range(3):
        _client().post(url, {"reason": "spam"}, format="json")
    assert _client().post(url, {"reason": "spam"}, format="json").status_code == 429
    assert ReviewReport.objects.count() == 1
    assert _client().post(reverse("api-review-report", kwargs={"pk": 999999}), {"reason": "spam"}).status_code == 404


def test_products_and_artisans_show_the_stored_aggregate():
    product = ProductFactory()
    bulk_reviews(product=product, ratings=[5, 4])
    body = _client().get(reverse("api-product", kwargs={"slug": product.slug})).json()
    assert (body["rating_average"], body["rating_count"]) == (4.5, 2)
    artisan = _client().get(reverse("api-artisan-detail", kwargs={"slug": product.artisan.slug})).json()
    assert (artisan["rating_average"], artisan["rating_count"]) == (4.5, 2)

"""Reviews in the admin: moderators hide and restore with a reason (history rows, exact aggregates), dismiss
reports; Dekranasda moderators only see and decide on reviews of their provinces."""

from decimal import Decimal

import pytest
from django.utils import translation

from orders.reviews import services
from orders.reviews.models import Review, ReviewReport, ReviewStatusChange
from tests.factories import ArtisanFactory, ProductFactory
from tests.moderation.factories import BALI, YOGYA, national, regional
from tests.orders.reviews.factories import completed_order, review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _review_in(province: str, rating: int = 1) -> Review:
    product = ProductFactory(artisan=ArtisanFactory(province=province))
    return review(order=completed_order(products=[product]), product=product, rating=rating)


def test_a_moderator_hides_a_review_with_a_reason_from_its_page_and_restores_it(client):
    made = _review_in(YOGYA, rating=1)
    services.review_report(review=made, reason="offensive", reporter_key="k")
    mod = national()
    client.force_login(mod)
    page = client.get(f"/admin/reviews/review/{made.pk}/change/")
    assert page.status_code == 200 and made.text in page.content.decode()
    asked = client.post(f"/admin/reviews/review/{made.pk}/moderate/", {"action": "hide"})
    assert asked.status_code == 200 and 'name="reason"' in asked.content.decode()
    client.post(f"/admin/reviews/review/{made.pk}/moderate/", {"action": "hide", "apply": "1", "reason": ""})
    made.refresh_from_db()
    assert made.status == "visible"
    client.post(f"/admin/reviews/review/{made.pk}/moderate/", {"action": "hide", "apply": "1", "reason": "Kasar"})
    made.refresh_from_db()
    made.product.refresh_from_db()
    assert made.status == "hidden" and made.product.rating_count == 0
    assert ReviewReport.objects.get().status == "upheld"
    client.post(
        "/admin/reviews/review/",
        {"action": "restore", "_selected_action": [made.pk], "apply": "1", "reason": "Sudah dicek ulang"},
    )
    made.refresh_from_db()
    made.product.refresh_from_db()
    assert made.status == "visible"
    assert (made.product.rating_count, made.product.rating_average) == (1, Decimal("1.00"))
    assert list(ReviewStatusChange.objects.values_list("to_status", "reason", "actor")) == [
        ("hidden", "Kasar", mod.pk),
        ("visible", "Sudah dicek ulang", mod.pk),
    ]


def test_reports_are_decided_from_the_reports_list(client):
    made = _review_in(YOGYA)
    services.review_report(review=made, reason="spam", reporter_key="a")
    services.review_report(review=made, reason="spam", reporter_key="b")
    client.force_login(national())
    assert client.get("/admin/reviews/reviewreport/").status_code == 200
    pks = list(ReviewReport.objects.values_list("pk", flat=True))
    client.post("/admin/reviews/reviewreport/", {"action": "dismiss_reports", "_selected_action": pks})
    assert set(ReviewReport.objects.values_list("status", flat=True)) == {"dismissed"}
    made.refresh_from_db()
    assert made.status == "visible"


def test_a_regional_moderator_sees_and_decides_only_their_provinces(client):
    mine, other = _review_in(YOGYA), _review_in(BALI)
    client.force_login(regional(provinces=(YOGYA,)))
    listing = client.get("/admin/reviews/review/").content.decode()
    assert f"/admin/reviews/review/{mine.pk}/change/" in listing
    assert f"/admin/reviews/review/{other.pk}/change/" not in listing
    assert client.get(f"/admin/reviews/review/{other.pk}/change/").status_code == 404
    assert (
        client.post(
            f"/admin/reviews/review/{other.pk}/moderate/", {"action": "hide", "apply": "1", "reason": "x"}
        ).status_code
        == 404
    )
    crafted = client.post(
        "/admin/reviews/review/",
        {"action": "hide", "_selected_action": [mine.pk, other.pk], "apply": "1", "reason": "x"},
    )
    assert crafted.status_code == 403
    assert set(Review.objects.values_list("status", flat=True)) == {"visible"}
    assert ReviewStatusChange.objects.count() == 0


def test_nobody_edits_or_deletes_reviews_or_their_history_in_the_admin(admin_client):
    made = _review_in(YOGYA)
    services.review_hide(review=made, by=national(email="n2@dekranas.id"), reason="Spam")
    assert admin_client.post(f"/admin/reviews/review/{made.pk}/delete/").status_code in (403, 404, 302)
    assert Review.objects.filter(pk=made.pk).exists()
    assert ReviewStatusChange.objects.count() == 1

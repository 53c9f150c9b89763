"""Visitors report listings; N open reports hide a product until a moderator dismisses them or takes it down."""

import pytest
from django.test import Client

from catalog import services
from catalog.models import Product, ProductStatusChange, Report
from craftmarket.common.errors import ConflictError
from craftmarket.common.models import Notification
from tests.moderation import factories as f

pytestmark = pytest.mark.django_db


def _report(product, ip: str, reason: str = "counterfeit", note: str = ""):
    client = Client(REMOTE_ADDR=ip)
    return client.post(f"/p/{product.slug}/report/", {"reason": reason, "note": note})


def _public(product) -> bool:
    return Product.objects.public().filter(pk=product.pk).exists()


def test_the_product_page_has_the_report_form():
    item = f.product()
    html = Client().get(item.get_absolute_url()).content.decode()
    assert f'action="/p/{item.slug}/report/"' in html and 'name="reason"' in html and 'name="note"' in html


def test_a_visitor_reports_a_listing():
    item = f.product()
    response = _report(item, "10.0.0.1", note="Motif  batik   ini  tiruan")
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    report = Report.objects.get()
    assert (report.product, report.reason, report.note, report.status) == (
        item,
        "counterfeit",
        "Motif batik ini tiruan",
        "open",
    )
    assert "10.0.0.1" not in report.reporter_key


def test_bad_input_is_a_form_error_and_nothing_is_stored():
    item = f.product()
    assert _report(item, "10.0.0.1", reason="spam").status_code == 400
    assert _report(item, "10.0.0.1", note="x" * 1001).status_code == 400
    assert not Report.objects.exists()


def test_only_public_listings_can_be_reported():
    item = f.product(status=Product.Status.PENDING)
    assert _report(item, "10.0.0.1").status_code == 404
    assert not Report.objects.exists()


def test_one_open_report_per_visitor_and_listing():
    item = f.product()
    _report(item, "10.0.0.1")
    assert _report(item, "10.0.0.1", reason="offensive").status_code == 409
    assert Report.objects.count() == 1
    with pytest.raises(ConflictError):
        services.report_create(product=item, reason="other", reporter_key=services.report_reporter_key(ip="10.0.0.1"))


def test_reports_are_rate_limited_per_ip():
    items = [f.product() for _ in range(6)]
    statuses = [_report(item, "10.0.0.9").status_code for item in items]
    assert statuses == [302] * 5 + [429]
    assert Report.objects.count() == 5


def test_the_threshold_hides_the_listing_until_a_moderator_dismisses(client, settings):
    settings.REPORTS_HIDE_THRESHOLD = 3
    item = f.product()
    mod = f.national()
    yogya, bali = f.regional([f.YOGYA]), f.regional([f.BALI], email="bali@dekranasda.id")
    _report(item, "10.0.0.1")
    _report(item, "10.0.0.2")
    assert _public(item)
    response = _report(item, "10.0.0.3")
    assert response["Location"] == item.category.get_absolute_url()  # not to a page that is now a 404
    assert not _public(item)
    assert Client().get(item.get_absolute_url()).status_code == 404
    told = set(Notification.objects.filter(event="review_waiting").values_list("recipient", flat=True))
    assert told == {mod.pk, yogya.pk} and bali.pk not in told
    client.force_login(mod)
    report = Report.objects.first()
    client.post(f"/admin/catalog/report/{report.pk}/moderate/", {"action": "dismiss_reports"})
    assert _public(item)
    assert set(Report.objects.values_list("status", "decided_by")) == {("dismissed", mod.pk)}
    # Closed reports no longer count: two new ones stay under the threshold.
    _report(item, "10.0.0.4")
    _report(item, "10.0.0.5")
    assert _public(item)


def test_taking_down_archives_with_the_reason_and_closes_the_reports(client, settings):
    settings.REPORTS_HIDE_THRESHOLD = 2
    item = f.product()
    _report(item, "10.0.0.1")
    _report(item, "10.0.0.2")
    mod = f.national()
    client.force_login(mod)
    pks = list(Report.objects.values_list("pk", flat=True))
    client.post(
        "/admin/catalog/report/",
        {"action": "take_down", "_selected_action": pks, "apply": "1", "reason": "Barang tiruan"},
    )
    item.refresh_from_db()
    assert (item.status, item.hidden_by_reports) == ("archived", False)
    assert set(Report.objects.values_list("status", "decision_note")) == {("upheld", "Barang tiruan")}
    change = ProductStatusChange.objects.get(product=item, to_status="archived")
    assert (change.actor, change.reason) == (mod, "Barang tiruan")
    assert Notification.objects.filter(recipient=item.artisan.user, event="listing_rejected").count() == 1


def test_take_down_without_a_reason_changes_nothing(client, settings):
    settings.REPORTS_HIDE_THRESHOLD = 1
    item = f.product()
    _report(item, "10.0.0.1")
    client.force_login(f.national())
    client.post(f"/admin/catalog/product/{item.pk}/moderate/", {"action": "take_down", "apply": "1", "reason": ""})
    item.refresh_from_db()
    assert (item.status, item.hidden_by_reports) == ("published", True)
    assert Report.objects.get().status == "open"


def test_reports_show_read_only_on_the_product_page(admin_client):
    item = f.product()
    _report(item, "10.0.0.1", note="Tiruan")
    html = admin_client.get(f"/admin/catalog/product/{item.pk}/change/").content.decode()
    assert "Tiruan" in html and 'name="reports-0-note"' not in html

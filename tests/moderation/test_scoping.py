"""A regional (Dekranasda) moderator sees and acts on their provinces only: lists, object pages, every action and
the per-object view, with crafted requests for another province's objects refused and nothing changed."""

import pytest

from artisans.models import Artisan, ArtisanStatusChange, Certification
from catalog.models import Product, Report
from craftmarket.common.models import Notification
from tests.artisans.factories import CertificationFactory
from tests.moderation import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """The same things in Yogyakarta (covered) and in Bali (not covered)."""
    out = {}
    for name, province in (("own", f.YOGYA), ("other", f.BALI)):
        submitted = f.submitted_artisan(province=province, business_name=f"Sanggar {name}")
        verified = f.verified_artisan(province=province, business_name=f"Bengkel {name}")
        pending = f.product(status=Product.Status.PENDING, artisan=verified, name=f"Keris pending {name}")
        published = f.product(artisan=verified, name=f"Tas published {name}")
        Report.objects.create(product=published, reason="other", reporter_key=f"k-{name}")
        certification = CertificationFactory(artisan=verified, name=f"SVLK {name}")
        out[name] = {
            "submitted": submitted,
            "verified": verified,
            "pending": pending,
            "published": published,
            "certification": certification,
        }
    return out


LISTS = [
    ("/admin/artisans/artisan/", "Sanggar {}"),
    ("/admin/artisans/artisanreviewqueue/", "Sanggar {}"),
    ("/admin/artisans/certification/", "SVLK {}"),
    ("/admin/catalog/product/", "Tas published {}"),
    ("/admin/catalog/productreviewqueue/", "Keris pending {}"),
    ("/admin/catalog/report/", "Tas published {}"),
]


@pytest.mark.parametrize(("url", "label"), LISTS)
def test_lists_show_only_the_covered_provinces(client, world, url, label):
    client.force_login(f.regional([f.YOGYA]))
    html = client.get(url).content.decode()
    assert label.format("own") in html
    assert label.format("other") not in html


@pytest.mark.parametrize(("url", "label"), LISTS)
def test_national_moderators_see_every_province(client, world, url, label):
    client.force_login(f.national())
    html = client.get(url).content.decode()
    assert label.format("own") in html and label.format("other") in html


def test_a_regional_moderator_without_provinces_sees_nothing(client, world):
    user = f.regional([])
    client.force_login(user)
    assert "Sanggar own" not in client.get("/admin/artisans/artisan/").content.decode()


def test_object_pages_of_another_province_are_404(client, world):
    client.force_login(f.regional([f.YOGYA]))
    own, other = world["own"], world["other"]
    assert client.get(f"/admin/artisans/artisan/{own['verified'].pk}/change/").status_code == 200
    assert client.get(f"/admin/artisans/artisan/{other['verified'].pk}/change/").status_code == 404
    assert client.get(f"/admin/catalog/product/{own['pending'].pk}/change/").status_code == 200
    assert client.get(f"/admin/catalog/product/{other['pending'].pk}/change/").status_code == 404
    assert client.get(f"/admin/artisans/certification/{other['certification'].pk}/change/").status_code == 404
    report = Report.objects.get(product=other["published"])
    assert client.get(f"/admin/catalog/report/{report.pk}/change/").status_code == 404
    assert client.get(f"/admin/catalog/productreviewqueue/{other['pending'].pk}/change/").status_code == 404


def _snapshot():
    return (
        sorted(Artisan.objects.values_list("pk", "status")),
        sorted(Product.objects.values_list("pk", "status", "featured", "hidden_by_reports")),
        sorted(Report.objects.values_list("pk", "status")),
        sorted(Certification.objects.values_list("pk", "checked_at")),
        ArtisanStatusChange.objects.count(),
        Notification.objects.count(),
    )


CRAFTED = [
    ("/admin/artisans/artisan/", "verify", "submitted", {}),
    ("/admin/artisans/artisanreviewqueue/", "verify", "submitted", {}),
    ("/admin/artisans/artisan/", "request_changes", "submitted", {"apply": "1", "reason": "Foto kurang jelas"}),
    ("/admin/artisans/artisan/", "suspend", "verified", {"apply": "1", "reason": "Penipuan"}),
    ("/admin/catalog/product/", "approve", "pending", {}),
    ("/admin/catalog/productreviewqueue/", "approve", "pending", {}),
    ("/admin/catalog/product/", "reject", "pending", {"apply": "1", "reason": "Foto buram"}),
    ("/admin/catalog/product/", "feature", "published", {}),
    ("/admin/catalog/product/", "dismiss_reports", "published", {}),
    ("/admin/catalog/product/", "take_down", "published", {"apply": "1", "reason": "Barang terlarang"}),
    ("/admin/artisans/certification/", "check_certifications", "certification", {}),
]


@pytest.mark.parametrize(("url", "action", "key", "extra"), CRAFTED)
def test_crafted_bulk_actions_on_another_province_are_403_and_change_nothing(client, world, url, action, key, extra):
    client.force_login(f.regional([f.YOGYA]))
    before = _snapshot()
    other = world["other"][key].pk
    assert client.post(url, {"action": action, "_selected_action": [other], **extra}).status_code == 403
    # Mixed with an object of the covered province: still refused as a whole.
    own = world["own"][key].pk
    assert client.post(url, {"action": action, "_selected_action": [own, other], **extra}).status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize(("url", "action", "key", "extra"), CRAFTED)
def test_crafted_single_object_actions_on_another_province_are_404(client, world, url, action, key, extra):
    client.force_login(f.regional([f.YOGYA]))
    before = _snapshot()
    target = world["other"][key]
    response = client.post(f"{url}{target.pk}/moderate/", {"action": action, **extra})
    assert response.status_code == 404
    assert _snapshot() == before


def test_report_actions_on_another_provinces_reports_change_nothing(client, world):
    client.force_login(f.regional([f.YOGYA]))
    report = Report.objects.get(product=world["other"]["published"])
    before = _snapshot()
    url = "/admin/catalog/report/"
    assert client.post(url, {"action": "dismiss_reports", "_selected_action": [report.pk]}).status_code == 403
    crafted = {"action": "take_down", "_selected_action": [report.pk], "apply": "1", "reason": "Palsu"}
    assert client.post(url, crafted).status_code == 403
    assert client.post(f"/admin/catalog/report/{report.pk}/moderate/", {"action": "dismiss_reports"}).status_code == 404
    assert _snapshot() == before


def test_the_same_actions_work_in_the_covered_province(client, world):
    mod = f.regional([f.YOGYA])
    client.force_login(mod)
    own = world["own"]
    client.post("/admin/artisans/artisan/", {"action": "verify", "_selected_action": [own["submitted"].pk]})
    client.post("/admin/catalog/product/", {"action": "approve", "_selected_action": [own["pending"].pk]})
    client.post(
        f"/admin/artisans/certification/{own['certification'].pk}/moderate/", {"action": "check_certifications"}
    )
    assert Artisan.objects.get(pk=own["submitted"].pk).status == "verified"
    assert Product.objects.get(pk=own["pending"].pk).status == "published"
    assert Certification.objects.get(pk=own["certification"].pk).checked_by == mod


def test_select_across_only_reaches_the_covered_province(client, world):
    client.force_login(f.regional([f.YOGYA]))
    client.post(
        "/admin/artisans/artisanreviewqueue/",
        {"action": "verify", "select_across": "1", "_selected_action": [world["own"]["submitted"].pk]},
    )
    assert Artisan.objects.get(pk=world["own"]["submitted"].pk).status == "verified"
    assert Artisan.objects.get(pk=world["other"]["submitted"].pk).status == "submitted"


def test_exports_of_a_regional_moderator_hold_only_their_provinces(client, world):
    client.force_login(f.regional([f.YOGYA]))
    artisans = client.post("/admin/artisans/artisan/export/", {"format": "0"}).content.decode()
    products = client.post("/admin/catalog/product/export/", {"format": "0"}).content.decode()
    assert "Sanggar own" in artisans and "Sanggar other" not in artisans
    assert "Tas published own" in products and "Tas published other" not in products


def test_the_dashboard_counts_only_the_covered_provinces(client, world):
    client.force_login(f.regional([f.YOGYA]))
    dashboard = client.get("/admin/dashboard/").context["dashboard"]
    assert dashboard.waiting == {"artisans": 1, "products": 1, "reports": 1, "certifications": 1}
    assert [(row["province"], row["total"]) for row in dashboard.artisans_by_province] == [(f.YOGYA, 2)]


def test_certification_documents_of_another_province_are_404_for_a_regional_moderator(client, world):
    client.force_login(f.regional([f.YOGYA]))
    own, other = world["own"]["certification"], world["other"]["certification"]
    assert client.get(f"/studio/certifications/{own.pk}/document/").status_code == 200
    assert client.get(f"/studio/certifications/{other.pk}/document/").status_code == 404
    client.force_login(f.national())
    assert client.get(f"/studio/certifications/{other.pk}/document/").status_code == 200


def test_a_superuser_gives_a_regional_moderator_provinces_in_the_user_page(admin_client):
    user = f.regional([f.YOGYA])
    html = admin_client.get(f"/admin/artisans/user/{user.pk}/change/").content.decode()
    assert 'name="staff_profile-0-provinces"' in html and 'value="ID-YO"' in html


def test_the_province_filter_offers_only_the_covered_provinces(en_client, world):
    en_client.force_login(f.regional([f.YOGYA]))
    html = en_client.get("/admin/artisans/artisan/").content.decode()
    assert "?province=ID-YO" in html and "?province=ID-BA" not in html
    filtered = en_client.get("/admin/catalog/product/?province=ID-YO").content.decode()
    assert "Tas published own" in filtered

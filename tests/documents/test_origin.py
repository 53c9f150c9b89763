"""Origin: the destination → scheme table, the statement on origin with the REX number on the commercial invoice,
and the e-SKA checklist with its numbers and private scans."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from artisans.services import artisan_update
from craftmarket.common.errors import DomainError
from orders.documents.models import OriginDocument, OriginScheme
from orders.documents.origin import scheme_for
from orders.documents.services import document_generate, origin_document_record
from tests.artisans.factories import PDF_BYTES
from tests.documents.factories import export_order
from tests.factories import UserFactory
from tests.moderation.factories import BALI, regional
from tests.security import hostile_files

pytestmark = pytest.mark.django_db

REX = "IDREX3171234567890123"


def _text(document) -> str:
    document.file.open("rb")
    try:
        return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(document.file.read())).pages).split())
    finally:
        document.file.close()


@pytest.mark.parametrize(
    ("country", "scheme", "form", "agreement"),
    [
        ("DE", "statement", "", "EU Generalised Scheme of Preferences (GSP)"),
        ("NL", "statement", "", "EU Generalised Scheme of Preferences (GSP)"),
        ("GB", "statement", "", "UK Developing Countries Trading Scheme (DCTS)"),
        ("MY", "certificate", "Form D", "ASEAN Trade in Goods Agreement (ATIGA)"),
        ("SG", "certificate", "Form D", "ASEAN Trade in Goods Agreement (ATIGA)"),
        ("CN", "certificate", "Form E", "ASEAN–China Free Trade Area (ACFTA)"),
        ("KR", "certificate", "Form AK", "ASEAN–Korea Free Trade Agreement (AKFTA)"),
        ("JP", "certificate", "Form IJEPA", "Indonesia–Japan Economic Partnership Agreement (IJEPA)"),
        ("AU", "certificate", "Form AANZ", "ASEAN–Australia–New Zealand FTA (AANZFTA)"),
        ("NZ", "certificate", "Form AANZ", "ASEAN–Australia–New Zealand FTA (AANZFTA)"),
        ("IN", "certificate", "Form AI", "ASEAN–India Free Trade Area (AIFTA)"),
        ("US", "certificate", "Form B", "No preferential agreement"),
        ("BR", "certificate", "Form B", "No preferential agreement"),  # not in the table: non-preferential
    ],
)
def test_the_destination_to_scheme_table(country, scheme, form, agreement):
    row = scheme_for(country)
    assert (row.scheme, row.form, row.agreement) == (scheme, form, agreement)
    if scheme == "statement":
        assert row.rex_threshold_eur == 6_000


def test_the_table_is_seeded_once_with_the_eu_27():
    assert OriginScheme.objects.filter(agreement="EU Generalised Scheme of Preferences (GSP)").count() == 27
    assert OriginScheme.objects.get(country="DE").country_name == "Germany"


def test_a_form_only_belongs_to_certificate_rows():
    row = OriginScheme(country="XX", country_name="X", scheme="statement", agreement="X", form="Form D")
    with pytest.raises(ValidationError):
        row.full_clean()


def test_eu_commercial_invoice_carries_the_statement_with_the_rex_number():
    order = export_order(status="shipped", rex_number=REX)
    text = _text(document_generate(order=order, kind="commercial", by=order.artisan.user))
    assert "STATEMENT ON ORIGIN" in text
    assert (
        f"The exporter Sanggar Kriya Tirta (Number of Registered Exporter {REX}) of the products covered by this "
        "document declares that, except where otherwise clearly indicated, these products are of Indonesia "
        "preferential origin according to rules of origin of the EU Generalised Scheme of Preferences (GSP) and "
        "that the origin criterion met is P. Place: Kota Yogyakarta."
    ) in text
    assert f"REX {REX}" in text  # in the exporter's block too


def test_below_the_threshold_the_statement_needs_no_rex_number():
    order = export_order(status="shipped")
    text = _text(document_generate(order=order, kind="commercial", by=order.artisan.user))
    assert "The exporter Sanggar Kriya Tirta of the products covered by this document declares" in text
    assert "Registered Exporter" not in text


def test_above_the_threshold_a_missing_rex_number_is_named_and_nothing_is_made():
    order = export_order(status="shipped")
    OriginScheme.objects.filter(country="DE").update(rex_threshold_eur=50)  # staff lower it; the value is ~EUR 162
    with pytest.raises(DomainError) as exc:
        document_generate(order=order, kind="commercial", by=order.artisan.user)
    assert "Add your REX number to your profile: goods worth more than EUR 50 to Germany need it" in exc.value.message
    assert not order.documents.exists()


def test_asean_commercial_invoice_names_the_e_ska_form_and_its_number():
    order = export_order(status="shipped", country="MY", city="Kuala Lumpur")
    first = _text(document_generate(order=order, kind="commercial", by=order.artisan.user))
    assert "e-SKA Form D (ASEAN Trade in Goods Agreement (ATIGA)), applied for" in first
    assert "Statement on origin".upper() not in first
    origin_document_record(order=order, by=order.artisan.user, kind="ska", number="0001234/SKA-D/2026")
    second = document_generate(order=order, kind="commercial", by=order.artisan.user)
    assert second.version == 2
    assert "e-SKA Form D (ASEAN Trade in Goods Agreement (ATIGA)), no. 0001234/SKA-D/2026" in _text(second)


def _pdf(name: str = "peb.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_the_artisan_records_the_checklist_numbers_and_scans_on_the_order_page():
    order = export_order(status="shipped", country="CN", city="Shanghai")
    client = Client()
    client.force_login(order.artisan.user)
    url = reverse("documents:studio-origin", args=[order.number])
    page = client.get(url).content.decode()
    assert "Form E" in page and "ASEAN–China Free Trade Area (ACFTA)" in page
    for label in ("PEB", "NPE", "air waybill"):
        assert label in page
    response = client.post(url, {"kind": "peb", "number": "PEB-000123", "scan": _pdf()})
    assert response.status_code == 302
    record = OriginDocument.objects.get(order=order, kind="peb")
    assert record.number == "PEB-000123" and record.scan_type == "application/pdf"
    assert not record.scan.name.startswith("/")

    scan = reverse("documents:origin-scan", args=[record.pk])
    assert client.get(scan).status_code == 200
    buyer = Client()
    buyer.force_login(order.buyer)
    assert buyer.get(scan).status_code == 200
    for outsider in (UserFactory(), regional(provinces=(BALI,), email="bali@dekranasda.id")):
        other = Client()
        other.force_login(outsider)
        assert other.get(scan).status_code == 404
        assert other.get(url).status_code == 404


def test_bad_checklist_input_is_refused_and_nothing_changes():
    order = export_order(status="shipped", country="JP", city="Osaka")
    with pytest.raises(DomainError):
        origin_document_record(order=order, by=order.artisan.user, kind="peb", number="   ")
    with pytest.raises(DomainError):
        origin_document_record(order=order, by=order.artisan.user, kind="nonsense", number="1")
    with pytest.raises(DomainError) as exc:
        origin_document_record(
            order=order,
            by=order.artisan.user,
            kind="peb",
            number="PEB-1",
            scan=SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", content_type="application/pdf"),
        )
    assert exc.value.field == "scan"
    with pytest.raises(DomainError):
        origin_document_record(order=order, by=order.buyer, kind="peb", number="PEB-1")
    assert not OriginDocument.objects.exists()


def test_eu_order_page_explains_the_statement_and_the_missing_rex_number():
    order = export_order(status="shipped")
    client = Client()
    client.force_login(order.artisan.user)
    page = client.get(reverse("documents:studio-origin", args=[order.number])).content.decode()
    assert "EU Generalised Scheme of Preferences (GSP)" in page
    assert "REX" in page


def test_the_rex_number_is_a_validated_profile_field():
    order = export_order()
    artisan = order.artisan
    with pytest.raises(ValidationError) as exc:
        artisan_update(artisan=artisan, by=artisan.user, data={"rex_number": "REX-123"})
    assert "rex_number" in exc.value.message_dict
    artisan.refresh_from_db()
    assert artisan.rex_number == ""
    artisan_update(artisan=artisan, by=artisan.user, data={"rex_number": REX})
    artisan.refresh_from_db()
    assert artisan.rex_number == REX


HOSTILE = hostile_files.hostile_documents()


@pytest.mark.parametrize(("case", "name", "data"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_scans_are_refused_on_the_page_and_nothing_is_stored(case, name, data):
    order = export_order(status="shipped", country="TH", city="Bangkok")
    storage = OriginDocument._meta.get_field("scan").storage
    client = Client()
    client.force_login(order.artisan.user)
    response = client.post(
        reverse("documents:studio-origin", args=[order.number]),
        {"kind": "peb", "number": "PEB-7", "scan": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200, case  # the form again, with the scan's message
    assert response.context["form"].errors.get("scan"), case
    assert not OriginDocument.objects.exists()
    assert not storage.exists("origin-documents") or not storage.listdir("origin-documents")[1]

"""Origin rules: which destination gets which origin scheme (the OriginScheme table, editable by staff), and what
the documents print because of it: the statement on origin with the REX number, or the e-SKA form to apply for."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from craftmarket.common.regions import province_name
from orders.models import Order

from .models import OriginDocument, OriginScheme
from .origin_table import DEFAULT_AGREEMENT, DEFAULT_FORM

STATEMENT = (
    "The exporter {exporter} of the products covered by this document declares that, except where otherwise "
    "clearly indicated, these products are of Indonesia preferential origin according to rules of origin of the "
    "{agreement} and that the origin criterion met is P. Place: {place}."
)
# The documents the Ministry of Trade's e-SKA application asks for, besides the invoice and the packing list.
CHECKLIST = [OriginDocument.Kind.PEB, OriginDocument.Kind.NPE, OriginDocument.Kind.TRANSPORT]


def scheme_for(country: str) -> OriginScheme:
    """The destination's row, or an unsaved non-preferential one (Form B) for a country the table does not list."""
    found = OriginScheme.objects.filter(country=country).first()
    if found is not None:
        return found
    return OriginScheme(
        country=country,
        country_name=country,
        scheme=OriginScheme.Scheme.CERTIFICATE,
        agreement=DEFAULT_AGREEMENT,
        form=DEFAULT_FORM,
    )


def destination_name(code: str) -> str:
    """The English name of a destination country (its ISO code where the table does not list it)."""
    return OriginScheme.objects.filter(country=code).values_list("country_name", flat=True).first() or code


def value_in_eur(amount_idr: int, display: dict[str, str] | None) -> Decimal:
    """The goods' value in EUR: at the rate the buyer saw when they saw EUR, else at DOCUMENT_EUR_REFERENCE_RATE."""
    rate = Decimal(display["rate"]) if display and display["code"] == "EUR" else settings.DOCUMENT_EUR_REFERENCE_RATE
    return Decimal(amount_idr) / Decimal(rate)


def add_origin_data(order: Order, data: dict[str, Any], errors: list[str]) -> None:
    """Add the destination's scheme to ``data``; on the commercial invoice, the statement on origin (with the REX
    number above the scheme's threshold: without one there, ``errors`` says so) or the e-SKA form and number."""
    country = str(order.purchase.address.get("country", ""))
    scheme = scheme_for(country)
    data["origin"] = {
        "scheme": scheme.scheme,
        "agreement": scheme.agreement,
        "form": scheme.form,
        "country_name": scheme.country_name,
    }
    if data["kind"] != "commercial":
        return
    artisan = order.artisan
    if scheme.scheme == OriginScheme.Scheme.STATEMENT:
        value = value_in_eur(data["items_total"], data.get("display"))
        needs_rex = scheme.rex_threshold_eur is not None and value > scheme.rex_threshold_eur
        if needs_rex and not artisan.rex_number:
            errors.append(
                _(
                    "Add your REX number to your profile: goods worth more than EUR %(limit)s to %(country)s need "
                    "it in the statement on origin."
                )
                % {"limit": f"{scheme.rex_threshold_eur:,}", "country": scheme.country_name}
            )
        exporter = artisan.business_name
        if artisan.rex_number:
            exporter += f" (Number of Registered Exporter {artisan.rex_number})"
            data["seller"]["rex"] = artisan.rex_number
        place = artisan.regency or province_name(artisan.province)
        data["origin_statement"] = STATEMENT.format(exporter=exporter, agreement=scheme.agreement, place=place)
    else:
        ska = OriginDocument.objects.filter(order=order, kind=OriginDocument.Kind.SKA).first()
        data["origin_certificate"] = f"e-SKA {scheme.form} ({scheme.agreement})" + (
            f", no. {ska.number}" if ska else ", applied for"
        )

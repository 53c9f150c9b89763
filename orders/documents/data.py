"""What each document prints, collected from the order as plain JSON-able data and checked before any PDF is made.

The data (not the PDF bytes) is hashed: the same data means the same version. The issue date is not part of it,
so opening a document again the next day returns the same version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from artisans.business.models import BusinessProfile
from artisans.business.selectors import business_profile_for
from catalog.models import Product, in_wood_family
from craftmarket.common.errors import DomainError
from craftmarket.common.regions import province_name
from craftmarket.currency.money import convert_at, format_amount
from orders.models import Order

from .models import Document, Package
from .origin import add_origin_data, destination_name

# Incoterms 2020 whose seller pays the main carriage, and those whose seller also insures it.
FREIGHT_TERMS = frozenset({"CPT", "CIP", "CFR", "CIF", "DAP", "DPU", "DDP"})
INSURANCE_TERMS = frozenset({"CIP", "CIF"})
# The documents are in English whatever the language of the person who makes them: no gettext for printed text.
TIMBER_DOCUMENTS = {"vlegal": "V-Legal", "dkp": "DKP"}
# Statuses in which each document may be made: the proforma before shipping, the others from packing on.
ALLOWED_STATUSES = {
    Document.Kind.PROFORMA: {"awaiting_payment", "paid", "processing", "shipped", "delivered", "completed"},
    Document.Kind.COMMERCIAL: {"processing", "shipped", "delivered", "completed"},
    Document.Kind.PACKING: {"processing", "shipped", "delivered", "completed"},
}


@dataclass(frozen=True)
class DisplayCurrency:
    """The currency the buyer saw prices in, and the rate used: ``rate`` rupiah for one unit."""

    code: str
    rate: Decimal


# --- Inputs owned by other work: one small function each ----------------------------------------------------
def _business(order: Order) -> BusinessProfile | None:
    """The buyer's business profile (artisans.business), read once per order object."""
    if not hasattr(order, "_business_profile"):
        order._business_profile = business_profile_for(user=order.buyer)  # type: ignore[attr-defined]
    return order._business_profile  # type: ignore[attr-defined]


def _buyer_company(order: Order) -> str:
    """The buyer's company name from their business profile, else the delivery recipient."""
    profile = _business(order)
    return profile.company_name if profile else str(order.purchase.address.get("recipient", ""))


def _buyer_tax_id(order: Order) -> str | None:
    """The buyer's tax id (NPWP, VAT, EIN, ABN…) from their business profile, or None where they gave none."""
    profile = _business(order)
    return (profile.tax_id or None) if profile else None


def _display_currency(order: Order) -> DisplayCurrency | None:
    """The currency the buyer saw prices in and the rate stored on the Purchase at checkout (craftmarket.currency's
    snapshot), or None when they saw rupiah or no fresh rate existed."""
    purchase = order.purchase
    if purchase.display_currency in ("", "IDR") or not purchase.display_rate:
        return None
    return DisplayCurrency(purchase.display_currency, purchase.display_rate)


# --- Helpers --------------------------------------------------------------------------------------------------
def is_export(order: Order) -> bool:
    """An export order is delivered to an address outside Indonesia."""
    return str(order.purchase.address.get("country", "ID")) != "ID"


def country_name(code: str) -> str:
    """The English name of a destination country: from the origin scheme table where it lists the country."""
    return destination_name(code)


def display_amount(amount: int, display: dict[str, str] | None) -> str:
    """``amount`` rupiah in the display currency by craftmarket.currency's one rounding rule and Babel's English
    format (e.g. ``€14.49``, ``¥1,523``), or "" without one."""
    if not display:
        return ""
    value = convert_at(amount, currency=display["code"], idr_per_unit=Decimal(display["rate"]))
    return format_amount(value, display["code"], language="en")


def kg(grams: int) -> str:
    return f"{Decimal(grams) / Decimal(1000):,.2f}"


def _cm(value: Decimal) -> str:
    """``40.0`` -> ``40``, ``35.5`` -> ``35.5``."""
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}"


def named_place(order: Order) -> str:
    """The buyer's city and country: the delivery address line after the street is ``city, region, postcode``."""
    address = order.purchase.address
    lines = list(address.get("lines") or [])
    city = lines[1].split(",")[0].strip() if len(lines) > 1 else ""
    return ", ".join(p for p in (city, country_name(str(address.get("country", "")))) if p)


def _seller(order: Order) -> dict[str, Any]:
    artisan = order.artisan
    place = ", ".join(p for p in (artisan.district, artisan.regency) if p)
    lines = [artisan.address, place, f"{province_name(artisan.province)} {artisan.postal_code}".strip(), "Indonesia"]
    return {
        "name": artisan.business_name,
        "lines": [line for line in lines if line],
        "nib": artisan.nib,
        "phone": artisan.phone or artisan.whatsapp,
        "email": artisan.user.email,
    }


def _buyer(order: Order) -> dict[str, Any]:
    address = order.purchase.address
    return {
        "company": _buyer_company(order),
        "attention": str(address.get("recipient", "")),
        "lines": [str(line) for line in address.get("lines") or []][:-1] + [country_name(str(address["country"]))],
        "country": str(address.get("country", "")),
        "tax_id": _buyer_tax_id(order) or "",
        "phone": str(address.get("phone", "")),
        "email": order.buyer.email,
    }


def _timber(product: Product, quantity: int) -> dict[str, str] | None:
    """The V-Legal data of a wood line ({} for other products), or None when the product lacks any of it."""
    if not in_wood_family(product.category):
        return {}
    if product.timber_legality_missing():
        return None
    if product.timber_volume_m3:
        amount = f"{product.timber_volume_m3 * quantity:.4f} m³"
    else:
        amount = f"{kg(product.timber_weight_grams * quantity)} kg"
    harvest = product.timber_harvest_country
    return {
        "species": product.timber_species,
        "scientific": product.timber_species_scientific,
        "harvest_country": "Indonesia" if harvest == "ID" else destination_name(harvest),
        "quantity": amount,
        "document": f"{TIMBER_DOCUMENTS[product.timber_document_kind]} {product.svlk_document_number}",
    }


def _lines(order: Order, errors: list[str]) -> list[dict[str, Any]]:
    rows = []
    lines = order.lines.select_related("variant__product__category__parent").order_by("pk")
    for index, line in enumerate(lines, start=1):
        product = line.variant.product if line.variant_id and line.variant else None
        name_en = (product.name_en if product else "").strip()
        hs_code = product.hs_code if product else ""
        missing = [
            label for label, value in ((_("English description"), name_en), (_("HS code"), hs_code)) if not value
        ]
        if missing:
            errors.append(
                _("Line %(n)s (%(product)s): add the %(missing)s to the product.")
                % {"n": index, "product": line.product_name, "missing": _(" and ").join(missing)}
            )
            continue
        timber = _timber(product, line.quantity)
        if timber is None:
            errors.append(
                _(
                    "Line %(n)s (%(product)s): wood going abroad needs its timber legality data (species, country "
                    "of harvest, volume or weight, V-Legal or DKP number) on the product."
                )
                % {"n": index, "product": line.product_name}
            )
            continue
        description = name_en + (f" – {line.variant_name}" if line.variant_name else "")
        rows.append(
            {
                "description": description,
                "sku": line.sku,
                "hs_code": hs_code,
                "origin": f"Indonesia ({province_name(product.province)})",
                "quantity": line.quantity,
                "unit": "pcs",
                "unit_price": line.unit_price,
                "amount": line.line_total,
                "net_weight_grams": line.weight_grams * line.quantity,
                "product_id": product.pk,
                "timber": timber or None,
            }
        )
    return rows


def _packages(order: Order, errors: list[str]) -> dict[str, Any]:
    packages = list(Package.objects.filter(order=order).order_by("position"))
    if not packages:
        errors.append(_("Enter the packages on the order page (number, sizes, net and gross weight, contents)."))
        return {"rows": [], "count": 0, "net_grams": 0, "gross_grams": 0, "volume_m3": "0.000"}
    rows, first = [], 1
    for package in packages:
        last = first + package.count - 1
        rows.append(
            {
                "numbers": f"{first}–{last}" if last > first else str(first),
                "count": package.count,
                "size": " × ".join(_cm(v) for v in (package.length_cm, package.width_cm, package.height_cm)),
                "contents": package.contents,
                "net_grams": package.net_weight_grams,
                "gross_grams": package.gross_weight_grams,
                "net_total_grams": package.net_weight_grams * package.count,
                "gross_total_grams": package.gross_weight_grams * package.count,
                "volume_m3": f"{package.volume_m3:.3f}",
            }
        )
        first = last + 1
    return {
        "rows": rows,
        "count": first - 1,
        "net_grams": sum(r["net_total_grams"] for r in rows),
        "gross_grams": sum(r["gross_total_grams"] for r in rows),
        "volume_m3": f"{sum(p.volume_m3 for p in packages):.3f}",
    }


def marks(order: Order, package_count: int) -> list[str]:
    """Shipping marks stencilled on every package: the consignee, the order, the destination, the numbering."""
    return [
        _buyer_company(order).upper(),
        f"ORDER {order.number}",
        named_place(order).upper(),
        f"C/NO. 1–{package_count}" if package_count else "C/NO. —",
        "MADE IN INDONESIA",
    ]


def _sentence(text: str) -> str:
    """Capitalised: in Indonesian the document's name starts the sentence ("Daftar kemasan belum …")."""
    return text[:1].upper() + text[1:]


def _quote_order(order: Order) -> Any:
    """The production QuoteOrder whose deposit milestone ``order`` is (orders.quotes), or None."""
    from orders.quotes.models import QuoteOrder

    return (
        QuoteOrder.objects.select_related("quote__rfq__reference_product")
        .filter(first_order=order, kind=QuoteOrder.Kind.PRODUCTION)
        .first()
    )


def _quote_proforma(order: Order, quote_order: Any, errors: list[str]) -> dict[str, Any]:
    """The proforma of an accepted quote, from its accepted revision: one line at the ordered quantity priced by the
    quote's ladder, the quote's Incoterm and named place, its freight and insurance estimates, the deposit and
    balance terms, valid until the quote's validity."""
    from orders.quotes.models import QuoteRevision

    rfq = quote_order.quote.rfq
    revision = QuoteRevision.objects.prefetch_related("ladder").get(
        quote=quote_order.quote, number=quote_order.revision
    )
    unit_price = revision.unit_price_for(quote_order.quantity) or quote_order.unit_price
    product = rfq.reference_product
    amount = unit_price * quote_order.quantity
    freight, insurance = revision.freight_estimate or 0, revision.insurance_estimate or 0
    balance_percent = 100 - quote_order.deposit_percent
    display = None
    if revision.display_currency not in ("", "IDR") and revision.display_rate:
        display = {"code": revision.display_currency, "rate": str(revision.display_rate)}
    return {
        "kind": Document.Kind.PROFORMA,
        "order": order.number,
        "purchase": order.purchase.number,
        "quote": str(quote_order.quote.public_id),
        "revision": revision.number,
        "seller": _seller(order),
        "buyer": _buyer(order),
        "incoterm": quote_order.incoterm,
        "named_place": quote_order.incoterm_place,
        "currency": "IDR",
        "lines": [
            {
                "description": rfq.title,
                "sku": order.lines.values_list("sku", flat=True).first() or "",
                "hs_code": product.hs_code if product else "",
                "origin": f"Indonesia ({province_name(order.artisan.province)})",
                "quantity": quote_order.quantity,
                "unit": rfq.unit,
                "unit_price": unit_price,
                "amount": amount,
                "net_weight_grams": 0,
                "product_id": product.pk if product else None,
                "timber": None,
            }
        ],
        "items_total": amount,
        "freight": freight,
        "freight_included": bool(freight) or quote_order.incoterm in FREIGHT_TERMS,
        "insurance": insurance,
        "insurance_included": bool(insurance) or quote_order.incoterm in INSURANCE_TERMS,
        "courier": "estimate as quoted",
        "total": amount + freight + insurance,
        "display": display,
        "payment_terms": (
            f"Deposit {quote_order.deposit_percent}% now (IDR {quote_order.deposit_amount:,}, payment "
            f"{order.purchase.number}), balance {balance_percent}% (IDR {quote_order.balance_amount:,}) before "
            "shipment, via Craftmarket."
        ),
        "bank": dict(settings.DOCUMENT_BANK_DETAILS),
        "valid_until": revision.valid_until.isoformat(),
        "validity_days": 0,
    }


def collect(order: Order, kind: str) -> dict[str, Any]:
    """Everything ``kind`` prints for ``order``; raises DomainError naming every missing item (nothing is made).
    The proforma of a quote's deposit order is the accepted quote's (``_quote_proforma``)."""
    if not is_export(order):
        raise DomainError(
            _("Export documents are only made for orders delivered outside Indonesia."), code="not_export"
        )
    if order.status not in ALLOWED_STATUSES[kind]:
        raise DomainError(
            _sentence(
                _("The %(document)s cannot be made for an order that is %(status)s.")
                % {"document": Document.Kind(kind).label.lower(), "status": order.get_status_display().lower()}
            ),
            code="document_not_available",
        )
    errors: list[str] = []
    quote_order = _quote_order(order) if kind == Document.Kind.PROFORMA else None
    if quote_order is not None:
        data = _quote_proforma(order, quote_order, errors)
        if not data["seller"]["nib"]:
            errors.append(_("Add your NIB to your profile: the seller's NIB is printed on every document."))
        add_origin_data(order, data, errors)
        if errors:
            raise DomainError(
                _sentence(
                    _("The %(document)s cannot be made yet: %(errors)s")
                    % {"document": Document.Kind(kind).label.lower(), "errors": " ".join(errors)}
                ),
                code="document_incomplete",
            )
        return data
    incoterm = settings.DOCUMENT_INCOTERM
    data: dict[str, Any] = {
        "kind": kind,
        "order": order.number,
        "purchase": order.purchase.number,
        "seller": _seller(order),
        "buyer": _buyer(order),
        "incoterm": incoterm,
        "named_place": named_place(order),
        "currency": "IDR",
        "lines": _lines(order, errors),
        "items_total": 0,
        "freight": order.shipping_cost if incoterm in FREIGHT_TERMS else 0,
        "freight_included": incoterm in FREIGHT_TERMS,
        "insurance_included": incoterm in INSURANCE_TERMS,
        "courier": f"{order.shipping_courier} {order.shipping_service}".strip(),
    }
    data["items_total"] = sum(line["amount"] for line in data["lines"])
    data["total"] = data["items_total"] + data["freight"]
    display = _display_currency(order)
    data["display"] = {"code": display.code, "rate": str(display.rate)} if display else None
    if not data["seller"]["nib"]:
        errors.append(_("Add your NIB to your profile: the seller's NIB is printed on every document."))
    if kind == Document.Kind.PROFORMA:
        paid = order.purchase.status == "paid"
        data["payment_terms"] = (
            f"Paid in full in advance via Craftmarket (payment {order.purchase.number})."
            if paid
            else f"100% in advance via Craftmarket, reference {order.purchase.number}."
        )
        data["bank"] = dict(settings.DOCUMENT_BANK_DETAILS)
        data["validity_days"] = settings.DOCUMENT_PROFORMA_VALID_DAYS
    else:
        data["packages"] = _packages(order, errors)
        data["marks"] = marks(order, data["packages"]["count"])
        data["shipment"] = {
            "tracking": order.tracking_number,
            "shipped_on": order.shipped_at.date().isoformat() if order.shipped_at else "",
        }
        if kind == Document.Kind.COMMERCIAL:
            data["payment_terms"] = f"Paid in full in advance via Craftmarket (payment {order.purchase.number})."
    add_origin_data(order, data, errors)
    if errors:
        raise DomainError(
            _sentence(
                _("The %(document)s cannot be made yet: %(errors)s")
                % {"document": Document.Kind(kind).label.lower(), "errors": " ".join(errors)}
            ),
            code="document_incomplete",
        )
    return data


def data_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()

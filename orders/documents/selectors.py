"""Reads of the export paperwork, already scoped to the parties of the order and the staff who cover it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from orders.models import Order

from .data import is_export
from .models import Document, OriginDocument, OriginScheme, Package
from .origin import CHECKLIST, scheme_for
from .services import is_party


def order_for_documents(*, user: Any, number: str) -> Order | None:
    """An order whose documents ``user`` may see and make (buyer, artisan, covering staff), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    order = Order.objects.select_related("purchase", "artisan__user", "buyer").filter(number=number).first()
    if order is None or not is_party(order, user):
        return None
    return order


def latest_documents(*, order: Order) -> list[Document]:
    """The newest version of each kind of document made for ``order``, in the order of ``Document.Kind``."""
    latest: dict[str, Document] = {}
    for document in Document.objects.filter(order=order).order_by("kind", "-version"):
        latest.setdefault(document.kind, document)
    return [latest[kind] for kind in Document.Kind.values if kind in latest]


def document_versions(*, order: Order) -> QuerySet[Document]:
    return Document.objects.filter(order=order).order_by("kind", "-version")


def document_for_download(*, user: Any, pk: int) -> Document | None:
    """A document ``user`` may download: only the parties of its order and covering staff."""
    if not getattr(user, "is_authenticated", False):
        return None
    document = Document.objects.select_related("order__artisan__user", "order__purchase").filter(pk=pk).first()
    if document is None or not is_party(document.order, user):
        return None
    return document


def packages_for_order(*, order: Order) -> list[Package]:
    return list(Package.objects.filter(order=order).order_by("position"))


def order_is_export(order: Order) -> bool:
    return is_export(order)


def origin_checklist(*, order: Order) -> dict[str, Any]:
    """What the order page shows about origin: the destination's scheme; for e-SKA destinations the form and each
    paper of the checklist with its recorded number (the invoice and packing list are the generated ones)."""
    country = str(order.purchase.address.get("country", ""))
    scheme = scheme_for(country)
    recorded = {d.kind: d for d in OriginDocument.objects.filter(order=order)}
    latest = {d.kind: d for d in latest_documents(order=order)}
    items = [
        {"kind": kind, "label": OriginDocument.Kind(kind).label, "record": recorded.get(kind)} for kind in CHECKLIST
    ]
    return {
        "scheme": scheme,
        "statement": scheme.scheme == OriginScheme.Scheme.STATEMENT,
        "rex_number": order.artisan.rex_number,
        "items": items,
        "invoice": latest.get(Document.Kind.COMMERCIAL),
        "packing": latest.get(Document.Kind.PACKING),
        "ska": recorded.get(OriginDocument.Kind.SKA),
    }


def origin_document_for_download(*, user: Any, pk: int) -> OriginDocument | None:
    if not getattr(user, "is_authenticated", False):
        return None
    record = OriginDocument.objects.select_related("order__artisan__user").filter(pk=pk).first()
    if record is None or not record.scan or not is_party(record.order, user):
        return None
    return record

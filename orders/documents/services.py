"""Writes of the export paperwork: generating a document (a new version only when its data changed) and
replacing an order's packages."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from artisans.scoping import covers
from craftmarket.common.errors import DomainError, NotFound
from craftmarket.common.uploads import check_upload_quota, validate_document
from craftmarket.common.validators import WEIGHT_GRAMS_MAX
from orders.models import Order
from orders.numbers import ALPHABET

from . import data as document_data
from .models import (
    DIMENSION_MAX,
    DIMENSION_MIN,
    PACKAGE_COUNT_MAX,
    PACKAGE_ROWS_MAX,
    Document,
    OriginDocument,
    Package,
)
from .pdf import render

PREFIXES = {Document.Kind.PROFORMA: "PI", Document.Kind.COMMERCIAL: "CI", Document.Kind.PACKING: "PL"}
# Statuses in which the artisan may still change the packages.
PACKAGES_EDITABLE = {Order.Status.PAID, Order.Status.PROCESSING, Order.Status.SHIPPED}


def is_party(order: Order, user: Any) -> bool:
    """The buyer, the order's artisan, and staff who cover the artisan's province (Dekranas everywhere,
    Dekranasda in their own provinces) may see and make an order's documents."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.pk in (order.buyer_id, order.artisan.user_id):
        return True
    return bool(user.is_staff) and covers(user, order.artisan.province)


def new_document_number(kind: str) -> str:
    """``PI-2612-7F3K9Q``: the prefix of the kind, year and month, six characters of the order-number alphabet."""
    random = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{PREFIXES[kind]}-{timezone.localdate():%y%m}-{random}"


def _locked_order(order: Order) -> Order:
    locked = (
        Order.objects.select_for_update(of=("self",))
        .select_related("purchase", "artisan__user", "buyer")
        .filter(pk=order.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Order not found."))
    return locked


def document_generate(*, order: Order, kind: str, by: Any) -> Document:
    """The current version of ``kind`` for ``order``: the latest one when the data printed on it is unchanged, else
    a new version n+1 (the older files stay). Refuses with a DomainError naming every missing item before anything
    is written. Locks the order row, so two requests for the same document make one version."""
    if kind not in Document.Kind.values:
        raise NotFound(_("Unknown document."))
    with transaction.atomic():
        order = _locked_order(order)
        if not is_party(order, by):
            raise NotFound(_("Order not found."))
        data = document_data.collect(order, kind)
        digest = document_data.data_hash(data)
        existing = Document.objects.filter(order=order, kind=kind).order_by("-version")
        latest = existing.first()
        same = existing.filter(data_hash=digest).first()
        if same is not None:
            return same
        version = latest.version + 1 if latest else 1
        issued = timezone.localdate()
        for _attempt in range(5):
            number = latest.number if latest else new_document_number(kind)
            content = render(data, number=number, version=version, issued=issued)
            document = Document(order=order, kind=kind, number=number, version=version, data_hash=digest, created_by=by)
            document.file.save(f"{number}-v{version}.pdf", ContentFile(content), save=False)
            try:
                with transaction.atomic():
                    document.save()
            except IntegrityError:
                document.file.delete(save=False)
                if latest:  # the order row is locked: only a number taken by another order can collide
                    raise
                continue
            return document
        raise DomainError(_("Could not number the document; please try again."), code="number_exhausted")


@dataclass(frozen=True)
class PackageInput:
    count: Any
    length_cm: Any
    width_cm: Any
    height_cm: Any
    net_weight_grams: Any
    gross_weight_grams: Any
    contents: Any


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _clean_package(n: int, row: PackageInput) -> Package:
    """One row checked; raises DomainError naming the row and what is wrong."""
    prefix = _("Package row %(n)s") % {"n": n}
    count = _int(row.count)
    if count is None or not 1 <= count <= PACKAGE_COUNT_MAX:
        raise DomainError(
            _("%(row)s: the number of packages is between 1 and %(max)s.") % {"row": prefix, "max": PACKAGE_COUNT_MAX},
            field="packages",
        )
    sizes = {}
    for name in ("length_cm", "width_cm", "height_cm"):
        value = _decimal(getattr(row, name))
        if value is None or not DIMENSION_MIN <= value <= DIMENSION_MAX:
            raise DomainError(
                _("%(row)s: enter the length, width and height in cm (0.1 to 999.9).") % {"row": prefix},
                field="packages",
            )
        sizes[name] = value.quantize(Decimal("0.1"))
    net, gross = _int(row.net_weight_grams), _int(row.gross_weight_grams)
    if net is None or gross is None or not 1 <= net <= WEIGHT_GRAMS_MAX or not 1 <= gross <= WEIGHT_GRAMS_MAX:
        raise DomainError(
            _("%(row)s: enter the net and gross weight of one package (up to 1,000 kg).") % {"row": prefix},
            field="packages",
        )
    if net > gross:
        raise DomainError(
            _("%(row)s: the net weight (%(net)s kg) is above the gross weight (%(gross)s kg).")
            % {"row": prefix, "net": document_data.kg(net), "gross": document_data.kg(gross)},
            field="packages",
        )
    contents = " ".join(str(row.contents or "").split())
    if not contents or len(contents) > 200:
        raise DomainError(
            _("%(row)s: say what the package holds (up to 200 characters).") % {"row": prefix}, field="packages"
        )
    return Package(position=n, count=count, net_weight_grams=net, gross_weight_grams=gross, contents=contents, **sizes)


def packages_replace(*, order: Order, by: Any, rows: Sequence[PackageInput]) -> list[Package]:
    """Replace the order's packages with ``rows`` (at least one). Only the order's artisan, while the order is paid,
    processing or shipped. Every row is checked before anything is written."""
    with transaction.atomic():
        order = _locked_order(order)
        if by is None or getattr(by, "pk", None) != order.artisan.user_id:
            raise NotFound(_("Order not found."))
        if order.status not in PACKAGES_EDITABLE:
            raise DomainError(
                _("Packages can be entered once the order is paid and until it is delivered."), code="not_editable"
            )
        if not rows:
            raise DomainError(_("Enter at least one package."), field="packages")
        if len(rows) > PACKAGE_ROWS_MAX:
            raise DomainError(
                _("Enter at most %(max)s package rows; put identical packages in one row.") % {"max": PACKAGE_ROWS_MAX},
                field="packages",
            )
        packages = [_clean_package(n, row) for n, row in enumerate(rows, start=1)]
        Package.objects.filter(order=order).delete()
        for package in packages:
            package.order = order
        return Package.objects.bulk_create(packages)


def origin_document_record(*, order: Order, by: Any, kind: str, number: str, scan: Any = None) -> OriginDocument:
    """Record (or correct) the number of one paper of the e-SKA checklist, with its scan (PDF or image, private).
    Only the order's artisan. Checks everything first; an old scan is deleted after commit when replaced."""
    if kind not in OriginDocument.Kind.values:
        raise DomainError(_("Choose a document from the checklist."), field="kind")
    number = " ".join(str(number or "").split())
    if not number or len(number) > 60:
        raise DomainError(_("Enter the document's number (up to 60 characters)."), field="number")
    scan_type = ""
    if scan is not None:
        try:
            scan_type = validate_document(scan)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="scan") from None
    with transaction.atomic():
        order = _locked_order(order)
        if by is None or getattr(by, "pk", None) != order.artisan.user_id:
            raise NotFound(_("Order not found."))
        if not document_data.is_export(order) or order.status == Order.Status.CANCELLED:
            raise DomainError(_("The origin checklist is for export orders that are not cancelled."), code="not_export")
        if scan is not None:
            check_upload_quota(user=by, uploads=[scan])
        record = OriginDocument.objects.filter(order=order, kind=kind).first() or OriginDocument(order=order, kind=kind)
        old_scan = record.scan.name if record.scan else ""
        record.number = number
        record.updated_at = timezone.now()
        if scan is not None:
            record.scan = scan
            record.scan_type = scan_type
        record.save()
        if scan is not None and old_scan and old_scan != record.scan.name:
            storage = record.scan.storage
            transaction.on_commit(lambda: storage.delete(old_scan))
        return record

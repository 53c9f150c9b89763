"""Files for people: the artisan's statement (CSV/XLSX), the bank bulk-transfer CSV and the reconciliation CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .banks import BANKS_BY_CODE
from .models import Entry, Payout


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheet programs read UTF-8 right


def _xlsx(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe(value: str) -> str:
    """Cells that start like a formula are text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def statement_file(*, entries: Iterable[Entry], fmt: str) -> tuple[bytes, str]:
    header = [_("Date"), _("Account"), _("Event"), _("Order"), _("Change (IDR)")]
    rows = (
        [
            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
            str(e.account.get_kind_display()),
            str(e.transaction.get_kind_display()),
            e.order.number if e.order_id else "",
            e.delta,
        ]
        for e in entries
    )
    if fmt == "xlsx":
        return _xlsx(header, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _csv(header, rows), "text/csv; charset=utf-8"


BULK_HEADER = ("No", "Bank Code", "Bank", "Account Number", "Account Holder", "Amount", "Currency", "Remark", "Email")


def bulk_transfer_csv(*, payouts: Sequence[Payout]) -> bytes:
    """One line per payout in the column order of Indonesian banks' bulk-transfer (payroll) uploads: sequence,
    bank code, account number, holder, amount in whole rupiah, remark (our payout id, echoed on the statement)."""
    rows = [
        (
            i,
            p.bank.upper(),
            BANKS_BY_CODE[p.bank].name if p.bank in BANKS_BY_CODE else p.bank,
            p.account_number,
            _safe(p.holder_name),
            p.amount,
            "IDR",
            f"CM-PAYOUT-{p.pk}",
            p.artisan.user.email if hasattr(p.artisan, "user") else "",
        )
        for i, p in enumerate(payouts, start=1)
    ]
    return _csv(BULK_HEADER, rows)


def reconciliation_csv(*, report) -> bytes:
    """The month's reconciliation: the equation's terms, the closing balances, then every difference."""
    rows: list[Sequence[object]] = [(_("Money in"), report.money_in)]
    rows += [(name, value) for name, value in report.flows.items()]
    rows.append((_("Unexplained gap"), report.gap))
    rows += [(f"{_('closing')} {name}", value) for name, value in report.closing.items()]
    rows += [
        (f"{_('difference')} {d.what}", _safe(d.subject), d.expected, d.in_ledger, d.difference)
        for d in report.differences
    ]
    return _csv((_("What"), _("Amount (IDR)"), _("Expected"), _("In the ledger"), _("Difference")), rows)

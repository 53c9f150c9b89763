"""Draw a document's data (orders.documents.data.collect) as an A4 PDF with fpdf2 and the embedded DejaVu Sans.

Layout only: every figure printed here was computed and checked by ``collect``. Tables repeat their heading row
on each page and break between rows, never inside one.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from craftmarket.common.money import format_idr

from .data import display_amount, kg

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MARGIN = 15
WIDTH = 210 - 2 * MARGIN
GREY = (90, 90, 90)
RULE = (180, 180, 180)
HEADING = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
TITLES = {"proforma": "PROFORMA INVOICE", "commercial": "COMMERCIAL INVOICE", "packing": "PACKING LIST"}


class Sheet(FPDF):
    def __init__(self, *, title: str, number: str, version: int, issued: datetime.date, order: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc_title, self.doc_number, self.doc_version, self.issued, self.order = (
            title,
            number,
            version,
            issued,
            order,
        )
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(f"{title} {number}")
        self.set_author("Craftmarket")
        self.set_creator("Craftmarket")

    def header(self) -> None:
        self.set_font(FONT, "B", 9)
        self.set_text_color(*GREY)
        self.cell(WIDTH / 2, 5, "CRAFTMARKET · Indonesian craft marketplace")
        self.set_font(FONT, "B", 16)
        self.set_text_color(0, 0, 0)
        self.cell(WIDTH / 2, 7, self.doc_title, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8.5)
        self.cell(
            WIDTH,
            5,
            f"No. {self.doc_number}   ·   Version {self.doc_version}   ·   Date {self.issued:%d %B %Y}"
            f"   ·   Order {self.order}",
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.set_draw_color(*RULE)
        self.line(MARGIN, self.get_y() + 1, MARGIN + WIDTH, self.get_y() + 1)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(WIDTH / 2, 5, f"{self.doc_title.title()} {self.doc_number} v{self.doc_version} · made by Craftmarket")
        self.cell(WIDTH / 2, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # --- building blocks ------------------------------------------------------------------------------------
    def label(self, text: str) -> None:
        self.set_font(FONT, "B", 8)
        self.set_text_color(*GREY)
        self.cell(0, 4.5, text.upper(), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, "", 9)

    def boxes(self, left: tuple[str, list[str]], right: tuple[str, list[str]]) -> None:
        """Two address blocks side by side; the cursor ends below the taller one."""
        top = self.get_y()
        bottoms = []
        for index, (heading, lines) in enumerate((left, right)):
            x = MARGIN + index * (WIDTH / 2 + 3)
            self.set_xy(x, top)
            self.set_font(FONT, "B", 8)
            self.set_text_color(*GREY)
            self.cell(WIDTH / 2 - 3, 4.5, heading.upper(), new_x="LEFT", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            for n, line in enumerate(lines):
                self.set_font(FONT, "B" if n == 0 else "", 9.5 if n == 0 else 9)
                self.multi_cell(WIDTH / 2 - 3, 4.6, line, align="L", new_x="LEFT", new_y="NEXT")
            bottoms.append(self.get_y())
        self.set_xy(MARGIN, max(bottoms) + 3)

    def facts(self, rows: list[tuple[str, str]]) -> None:
        """Label–value pairs in a ruled two-column table."""
        with self.table(
            col_widths=(45, WIDTH - 45),
            first_row_as_headings=False,
            borders_layout="HORIZONTAL_LINES",
            line_height=5,
            padding=(1, 1.5),
        ) as table:
            for name, value in rows:
                row = table.row()
                row.cell(name, style=FontFace(emphasis="BOLD", color=GREY))
                row.cell(value)
        self.ln(3)

    def grid(
        self,
        headings: list[str],
        widths: tuple[float, ...],
        aligns: tuple[str, ...],
        rows: list[list[str]],
        *,
        bold_last: bool = False,
    ) -> None:
        self.set_font(FONT, "", 8.5)
        with self.table(
            col_widths=widths,
            text_align=aligns,
            headings_style=HEADING,
            borders_layout="SINGLE_TOP_LINE",
            line_height=4.6,
            padding=(1.2, 1.2),
            repeat_headings=1,
        ) as table:
            row = table.row()
            for heading in headings:
                row.cell(heading)
            for index, values in enumerate(rows):
                bold = bold_last and index == len(rows) - 1
                row = table.row(style=FontFace(emphasis="BOLD") if bold else None)
                for value in values:
                    row.cell(value)
        self.set_font(FONT, "", 9)
        self.ln(2)

    def totals(self, rows: list[tuple[str, str]], *, bold: int) -> None:
        """Right-aligned totals; row ``bold`` (the amount due) in bold."""
        for index, (name, value) in enumerate(rows):
            last = index == bold
            self.set_font(FONT, "B" if last else "", 9.5 if last else 9)
            self.set_x(MARGIN + WIDTH - 110)
            self.cell(70, 5.5, name, align="R")
            self.cell(40, 5.5, value, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 9)
        self.ln(3)

    def paragraph(self, heading: str, text: str) -> None:
        self.keep_space(18)
        self.label(heading)
        self.multi_cell(WIDTH, 4.6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(2.5)

    def keep_space(self, height: float) -> None:
        """Start a new page when less than ``height`` mm are left, so a heading never ends a page."""
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()

    def signature(self, seller: str) -> None:
        self.keep_space(30)
        self.ln(6)
        self.set_x(MARGIN + WIDTH - 75)
        self.set_font(FONT, "", 9)
        self.cell(75, 5, f"For and on behalf of {seller}", new_x="LEFT", new_y="NEXT")
        self.ln(12)
        self.set_draw_color(0, 0, 0)
        self.line(MARGIN + WIDTH - 75, self.get_y(), MARGIN + WIDTH, self.get_y())
        self.ln(1)
        self.set_x(MARGIN + WIDTH - 75)
        self.set_font(FONT, "", 8)
        self.cell(75, 4, "Authorised signature, name and date")


def _date(iso: str) -> str:
    return f"{datetime.date.fromisoformat(iso):%d %B %Y}" if iso else ""


def _parties(pdf: Sheet, data: dict[str, Any], *, consignee: bool) -> None:
    seller, buyer = data["seller"], data["buyer"]
    seller_lines = [seller["name"], *seller["lines"], f"NIB {seller['nib']}"]
    if seller.get("rex"):
        seller_lines.append(f"REX {seller['rex']}")
    seller_lines.append(" · ".join(p for p in (seller["phone"], seller["email"]) if p))
    buyer_lines = [buyer["company"]]
    if buyer["attention"] and buyer["attention"] != buyer["company"]:
        buyer_lines.append(f"Attn. {buyer['attention']}")
    buyer_lines += [*buyer["lines"], f"Tax id: {buyer['tax_id'] or 'not provided'}"]
    buyer_lines.append(" · ".join(p for p in (buyer["phone"], buyer["email"]) if p))
    heading = "Buyer / consignee (importer)" if consignee else "Buyer (importer)"
    pdf.boxes(("Seller / exporter", seller_lines), (heading, buyer_lines))


def _currency_fact(data: dict[str, Any]) -> tuple[str, str]:
    display = data["display"]
    text = "IDR (Indonesian rupiah); amounts in whole rupiah"
    if display:
        text += (
            f". Buyer's display currency {display['code']} at the rate shown at checkout: "
            f"1 {display['code']} = {format_idr(int(display['rate'].split('.')[0]))}"
        )
    return ("Currency", text)


def _line_rows(data: dict[str, Any]) -> list[list[str]]:
    rows = []
    for n, line in enumerate(data["lines"], start=1):
        description = f"{line['description']}\nSKU {line['sku']}"
        if line.get("timber"):
            timber = line["timber"]
            description += f"\nTimber: {timber['species']} ({timber['scientific']})"
        rows.append(
            [
                str(n),
                description,
                line["hs_code"],
                line["origin"],
                f"{line['quantity']:,}",
                line["unit"],
                format_idr(line["unit_price"]),
                format_idr(line["amount"]),
            ]
        )
    return rows


LINE_HEADINGS = ["#", "Description of goods", "HS code", "Origin", "Qty", "Unit", "Unit price", "Amount"]
LINE_WIDTHS = (8, 56, 18, 28, 12, 10, 24, 24)
LINE_ALIGNS = ("CENTER", "LEFT", "LEFT", "LEFT", "RIGHT", "CENTER", "RIGHT", "RIGHT")


def _money_totals(pdf: Sheet, data: dict[str, Any]) -> None:
    rows = [("Goods", format_idr(data["items_total"]))]
    if data["freight_included"]:
        rows.append((f"Freight to {data['named_place']} ({data['courier']})", format_idr(data["freight"])))
    insurance = format_idr(data.get("insurance", 0))
    rows.append(("Insurance", insurance if data["insurance_included"] else f"not included ({data['incoterm']})"))
    rows.append((f"Total {data['incoterm']} {data['named_place']}", format_idr(data["total"])))
    bold = len(rows) - 1
    if data["display"]:
        code = data["display"]["code"]
        rows.append((f"Total in {code} (for information)", display_amount(data["total"], data["display"])))
    pdf.totals(rows, bold=bold)


def _origin_and_timber(pdf: Sheet, data: dict[str, Any]) -> None:
    if data.get("origin_statement"):
        pdf.paragraph("Statement on origin", data["origin_statement"])
    if data.get("origin_certificate"):
        pdf.paragraph("Certificate of origin", data["origin_certificate"])
    timber = [line for line in data["lines"] if line.get("timber")]
    if timber:
        pdf.keep_space(30)
        pdf.label("Timber legality (SVLK)")
        pdf.grid(
            ["Goods", "Species (common / scientific)", "Harvested in", "Volume / weight", "V-Legal / DKP"],
            (44, 40, 24, 24, 48),
            ("LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"),
            [
                [
                    line["description"],
                    f"{line['timber']['species']} / {line['timber']['scientific']}",
                    line["timber"]["harvest_country"],
                    line["timber"]["quantity"],
                    line["timber"]["document"],
                ]
                for line in timber
            ],
        )


def _marks(pdf: Sheet, data: dict[str, Any]) -> None:
    pdf.paragraph("Marks and numbers", "\n".join(data["marks"]))


def _proforma(pdf: Sheet, data: dict[str, Any]) -> None:
    _parties(pdf, data, consignee=True)
    valid_until = pdf.issued + datetime.timedelta(days=data["validity_days"])
    if data.get("valid_until"):  # an accepted quote's proforma: valid as long as the quote
        valid_until = datetime.date.fromisoformat(data["valid_until"])
    pdf.facts(
        [
            ("Incoterm", f"{data['incoterm']} {data['named_place']} (Incoterms® 2020)"),
            _currency_fact(data),
            ("Payment terms", data["payment_terms"]),
            ("Valid until", f"{valid_until:%d %B %Y}"),
            ("Shipment", f"{data['courier']}, door to door"),
        ]
    )
    pdf.grid(LINE_HEADINGS, LINE_WIDTHS, LINE_ALIGNS, _line_rows(data))
    pdf.keep_space(35)
    _money_totals(pdf, data)
    bank = data["bank"]
    pdf.paragraph(
        "Bank details for payment",
        "\n".join(
            [
                f"Beneficiary: {bank['beneficiary']}",
                f"Bank: {bank['bank']}, {bank['address']}",
                f"Account: {bank['account']}   ·   SWIFT/BIC: {bank['swift']}",
                f"Reference: {data['purchase']}",
            ]
        ),
    )
    _origin_and_timber(pdf, data)
    pdf.signature(data["seller"]["name"])


def _commercial(pdf: Sheet, data: dict[str, Any]) -> None:
    _parties(pdf, data, consignee=True)
    packages = data["packages"]
    shipment = data["shipment"]
    pdf.facts(
        [
            ("Incoterm", f"{data['incoterm']} {data['named_place']} (Incoterms® 2020)"),
            _currency_fact(data),
            ("Payment terms", data["payment_terms"]),
            ("Carrier", data["courier"] + (f", AWB / tracking {shipment['tracking']}" if shipment["tracking"] else "")),
            ("Shipped on", _date(shipment["shipped_on"]) or "at hand-over to the carrier"),
            (
                "Packages",
                f"{packages['count']} packages, net {kg(packages['net_grams'])} kg, "
                f"gross {kg(packages['gross_grams'])} kg, {packages['volume_m3']} m³",
            ),
            ("Country of origin", "Indonesia"),
        ]
    )
    pdf.grid(LINE_HEADINGS, LINE_WIDTHS, LINE_ALIGNS, _line_rows(data))
    pdf.keep_space(35)
    _money_totals(pdf, data)
    _marks(pdf, data)
    _origin_and_timber(pdf, data)
    pdf.paragraph("Declaration", "We certify that this invoice is true and correct and shows the goods shipped.")
    pdf.signature(data["seller"]["name"])


def _packing(pdf: Sheet, data: dict[str, Any]) -> None:
    _parties(pdf, data, consignee=True)
    packages = data["packages"]
    shipment = data["shipment"]
    pdf.facts(
        [
            ("Carrier", data["courier"] + (f", AWB / tracking {shipment['tracking']}" if shipment["tracking"] else "")),
            ("Destination", data["named_place"]),
            ("Country of origin", "Indonesia"),
        ]
    )
    rows = [
        [
            row["numbers"],
            str(row["count"]),
            row["contents"],
            row["size"],
            kg(row["net_grams"]),
            kg(row["gross_grams"]),
            kg(row["net_total_grams"]),
            kg(row["gross_total_grams"]),
            row["volume_m3"],
        ]
        for row in packages["rows"]
    ]
    rows.append(
        [
            "Total",
            str(packages["count"]),
            "",
            "",
            "",
            "",
            kg(packages["net_grams"]),
            kg(packages["gross_grams"]),
            packages["volume_m3"],
        ]
    )
    pdf.grid(
        ["Pkg no.", "Pkgs", "Contents", "Size cm (L×W×H)", "Net kg each", "Gross kg each", "Net kg", "Gross kg", "m³"],
        (16, 11, 43, 28, 16, 17, 16, 17, 16),
        ("CENTER", "RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        rows,
        bold_last=True,
    )
    pdf.keep_space(30)
    pdf.label("Goods packed")
    pdf.grid(
        ["#", "Description of goods", "HS code", "Origin", "Qty", "Unit"],
        (8, 88, 22, 38, 12, 12),
        ("CENTER", "LEFT", "LEFT", "LEFT", "RIGHT", "CENTER"),
        [[r[0], r[1], r[2], r[3], r[4], r[5]] for r in _line_rows(data)],
    )
    _marks(pdf, data)
    _origin_and_timber(pdf, data)
    pdf.signature(data["seller"]["name"])


DRAWERS = {"proforma": _proforma, "commercial": _commercial, "packing": _packing}


def render(data: dict[str, Any], *, number: str, version: int, issued: datetime.date) -> bytes:
    """The PDF of ``data`` as bytes."""
    pdf = Sheet(title=TITLES[data["kind"]], number=number, version=version, issued=issued, order=data["order"])
    pdf.add_page()
    pdf.set_font(FONT, "", 9)
    DRAWERS[data["kind"]](pdf, data)
    return bytes(pdf.output())

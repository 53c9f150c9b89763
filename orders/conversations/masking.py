"""Contact details typed into a message before the two parties have a paid order together are masked.

What is masked: e-mail addresses (also written ``nama [at] gmail [dot] com``), WhatsApp links (``wa.me/…``,
``api.whatsapp.com/…``, ``chat.whatsapp.com/…``, ``wa.link/…``, ``whatsapp://…``) and phone numbers (Indonesian
mobiles ``08…`` / ``+62 8…`` / ``62 8…`` with 8 to 11 more digits, landlines ``(0xx) …`` and any ``+`` international
number of 8 to 15 digits, with spaces, dots or dashes between the digits).

What is never masked, because trade needs it: prices (``Rp 1.250.000``, ``IDR 250000``, ``250000``), quantities
(``1000 pcs``), dimensions (``30 x 40 cm``), dates (``12/08/2026``, ``2026-08-12``) and order and purchase numbers
(``CM-2611-7F3K9Q``, ``PAY-2611-7F3K9Q``, see ``orders.numbers``). Those spans are matched first and kept as they
are, so no phone pattern can reach inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orders.numbers import ALPHABET

MASK = "[•••]"

_KEEP = [
    # order and purchase numbers: CM-YYMM-XXXXXX / PAY-YYMM-XXXXXX
    rf"\b(?:CM|PAY)-\d{{4}}-[{ALPHABET}]{{6}}\b",
    # prices with their currency, however the digits are grouped
    r"(?:\bRp\.?|\bIDR)\s?\d[\d.,]*",
    # numbers grouped in thousands (1.250.000, 1,250,000) that do not start with 0
    r"(?<![\d+])[1-9]\d{0,2}(?:[.,]\d{3})+(?![\d])",
    # dates: 12/08/2026, 12-08-2026, 2026-08-12
    r"(?<!\d)\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?!\d)",
    r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)",
]
_SEP = r"[\s.\-]?"
_PATTERNS = {
    "whatsapp": (
        r"(?:https?://)?(?:www\.)?(?:wa\.me|wa\.link|api\.whatsapp\.com|chat\.whatsapp\.com|whatsapp\.com)/[^\s]*"
        r"|whatsapp://[^\s]+"
    ),
    "email": (
        r"[\w.+\-]+\s*(?:@|\[\s*at\s*\]|\(\s*at\s*\))\s*[\w\-]+"
        r"(?:\s*(?:\.|\[\s*dot\s*\]|\(\s*dot\s*\))\s*[\w\-]+)*\s*(?:\.|\[\s*dot\s*\]|\(\s*dot\s*\))\s*[a-z]{2,}\b"
    ),
    "phone": (
        # Indonesian mobile: 08…, +62 8…, 62 8…, (+62) 8…
        rf"(?<![\w+])(?:\(?\+?62\)?{_SEP}|0){_SEP}8(?:{_SEP}\d){{7,11}}(?!\d)"
        # landline with an area code in brackets or followed by a separator: (021) 555 1234, 0274-123456
        rf"|(?<![\w])\(0\d{{2,3}}\){_SEP}\d(?:{_SEP}\d){{4,7}}(?!\d)"
        rf"|(?<![\w])0[1-79]\d{{1,2}}[\s\-]\d(?:{_SEP}\d){{4,7}}(?!\d)"
        # any other international number
        rf"|(?<![\w])\+{_SEP}[1-9](?:{_SEP}\d){{7,14}}(?!\d)"
    ),
}
_COMBINED = re.compile(
    "|".join([f"(?P<keep{i}>{p})" for i, p in enumerate(_KEEP)] + [f"(?P<{k}>{p})" for k, p in _PATTERNS.items()]),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Masked:
    text: str
    kinds: list[str]  # sorted, distinct: "email", "phone", "whatsapp"


def mask_contacts(text: str) -> Masked:
    """``text`` with every contact detail replaced by ``MASK``, and the kinds that were found."""
    found: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        kind = match.lastgroup or ""
        if kind.startswith("keep"):
            return match.group(0)
        found.add(kind)
        return MASK

    masked = _COMBINED.sub(replace, text)
    return Masked(text=masked, kinds=sorted(found))

"""Indonesian banks that receive payouts, with the shape of their account numbers (digits only).

Lengths follow the banks' own account formats; where a bank issues more than one length (older and newer
series), the range allows all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Bank:
    code: str  # the short code bank bulk-transfer files and disbursement APIs use
    name: str
    min_digits: int
    max_digits: int


BANKS: tuple[Bank, ...] = (
    Bank("bca", "BCA (Bank Central Asia)", 10, 10),
    Bank("mandiri", "Bank Mandiri", 13, 13),
    Bank("bni", "BNI (Bank Negara Indonesia)", 10, 10),
    Bank("bri", "BRI (Bank Rakyat Indonesia)", 15, 15),
    Bank("bsi", "BSI (Bank Syariah Indonesia)", 10, 10),
    Bank("btn", "BTN (Bank Tabungan Negara)", 16, 16),
    Bank("cimb", "CIMB Niaga", 12, 14),
    Bank("danamon", "Bank Danamon", 10, 12),
    Bank("permata", "PermataBank", 10, 10),
    Bank("ocbc", "OCBC NISP", 12, 12),
    Bank("panin", "Panin Bank", 10, 10),
    Bank("jago", "Bank Jago", 12, 12),
    Bank("bpd_diy", "BPD DIY (Bank BPD DIY)", 10, 12),
    Bank("bpd_bali", "BPD Bali (Bank BPD Bali)", 10, 13),
)
BANKS_BY_CODE = {bank.code: bank for bank in BANKS}
BANK_CHOICES = [(bank.code, bank.name) for bank in BANKS]

_DIGITS = re.compile(r"^[0-9]+$")


def normalise_account_number(value: str) -> str:
    """People write numbers with spaces, dots or dashes (``123-456 7890``): keep the digits' order, drop those."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_account_number(*, bank: str, number: str) -> str:
    """The normalised number, or ValidationError naming the bank's shape."""
    info = BANKS_BY_CODE.get(bank)
    if info is None:
        raise ValidationError(_("Choose a bank from the list."), code="bank")
    number = normalise_account_number(number)
    if not _DIGITS.match(number):
        raise ValidationError(_("An account number has digits only."), code="digits")
    if not info.min_digits <= len(number) <= info.max_digits:
        if info.min_digits == info.max_digits:
            message = _("A %(bank)s account number has %(n)s digits.") % {"bank": info.name, "n": info.min_digits}
        else:
            message = _("A %(bank)s account number has %(min)s to %(max)s digits.") % {
                "bank": info.name,
                "min": info.min_digits,
                "max": info.max_digits,
            }
        raise ValidationError(message, code="length")
    return number

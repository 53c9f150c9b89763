"""The payment methods a buyer may choose, and what each one tells the buyer to do.

``bank_transfer`` is the marketplace's own account (matched by a unique amount); every other method is a charge
at Midtrans. The steps shown for a virtual account are per bank and per channel (ATM, mobile, internet banking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BANK_TRANSFER = "bank_transfer"

VA = "va"
QR = "qr"
WALLET = "wallet"


@dataclass(frozen=True)
class Channel:
    """One way to pay a virtual account: where to go and which menu to open."""

    name: Promise
    where: Promise
    menu: Promise


@dataclass(frozen=True)
class Method:
    code: str
    label: Promise
    kind: str  # VA, QR or WALLET
    bank: str = ""
    # Minutes a charge stays payable at the gateway (never past the purchase's own deadline).
    lifetime_minutes: int = 24 * 60
    channels: tuple[Channel, ...] = field(default_factory=tuple)

    def charge_request(self, *, order_id: str, amount: int, minutes: int) -> dict[str, Any]:
        """The body of Midtrans' ``POST /v2/charge`` for this method."""
        body: dict[str, Any] = {
            "transaction_details": {"order_id": order_id, "gross_amount": amount},
            "custom_expiry": {"expiry_duration": minutes, "unit": "minute"},
        }
        if self.code == "mandiri_bill":
            body["payment_type"] = "echannel"
            body["echannel"] = {"bill_info1": "Craftmarket", "bill_info2": order_id[:30]}
        elif self.code == "permata_va":
            body["payment_type"] = "permata"
        elif self.kind == VA:
            body["payment_type"] = "bank_transfer"
            body["bank_transfer"] = {"bank": self.bank}
        else:
            body["payment_type"] = self.code
        return body


# Menu names as the banks label them (their Indonesian wording is in the translation).
METHODS: dict[str, Method] = {
    m.code: m
    for m in (
        Method(
            code="bca_va",
            label=_("BCA virtual account"),
            kind=VA,
            bank="bca",
            channels=(
                Channel(
                    _("ATM"),
                    _("At a BCA ATM, insert your card and enter your PIN."),
                    _("Choose Other Transactions → Transfer → To BCA Virtual Account."),
                ),
                Channel(
                    _("Mobile banking"),
                    _("Open BCA mobile (m-BCA) and choose m-Transfer."),
                    _("Choose BCA Virtual Account."),
                ),
                Channel(
                    _("Internet banking"),
                    _("Sign in to KlikBCA and choose Fund Transfer."),
                    _("Choose Transfer to BCA Virtual Account."),
                ),
            ),
        ),
        Method(
            code="bni_va",
            label=_("BNI virtual account"),
            kind=VA,
            bank="bni",
            channels=(
                Channel(
                    _("ATM"),
                    _("At a BNI ATM, insert your card and enter your PIN."),
                    _("Choose Other Menu → Transfer → Virtual Account Billing."),
                ),
                Channel(
                    _("Mobile banking"),
                    _("Open BNI Mobile Banking and sign in."),
                    _("Choose Transfer → Virtual Account Billing."),
                ),
                Channel(
                    _("Internet banking"),
                    _("Sign in to BNI Internet Banking."),
                    _("Choose Transfer → Virtual Account Billing."),
                ),
            ),
        ),
        Method(
            code="bri_va",
            label=_("BRI virtual account"),
            kind=VA,
            bank="bri",
            channels=(
                Channel(
                    _("ATM"),
                    _("At a BRI ATM, insert your card and enter your PIN."),
                    _("Choose Other Transactions → Payment → Other → BRIVA."),
                ),
                Channel(
                    _("Mobile banking"),
                    _("Open BRImo and sign in."),
                    _("Choose BRIVA."),
                ),
                Channel(
                    _("Internet banking"),
                    _("Sign in to BRI Internet Banking (IB BRI)."),
                    _("Choose Payment → BRIVA."),
                ),
            ),
        ),
        Method(
            code="mandiri_bill",
            label=_("Mandiri Bill Payment"),
            kind=VA,
            bank="mandiri",
            channels=(
                Channel(
                    _("ATM"),
                    _("At a Mandiri ATM, insert your card and enter your PIN."),
                    _("Choose Pay/Buy → Others → Multi Payment and enter company code %(biller)s."),
                ),
                Channel(
                    _("Mobile banking"),
                    _("Open Livin' by Mandiri and sign in."),
                    _("Choose Pay → E-commerce and enter company code %(biller)s."),
                ),
                Channel(
                    _("Internet banking"),
                    _("Sign in to Mandiri Internet Banking."),
                    _("Choose Payment → Multi Payment and enter company code %(biller)s."),
                ),
            ),
        ),
        Method(
            code="permata_va",
            label=_("Permata virtual account"),
            kind=VA,
            bank="permata",
            channels=(
                Channel(
                    _("ATM"),
                    _("At a Permata ATM (or any ATM Bersama, Prima or Alto ATM), insert your card and enter your PIN."),
                    _("Choose Other Transactions → Payment → Other Payments → Virtual Account."),
                ),
                Channel(
                    _("Mobile banking"),
                    _("Open PermataMobile X and sign in."),
                    _("Choose Pay Bills → Virtual Account."),
                ),
                Channel(
                    _("Internet banking"),
                    _("Sign in to PermataNet."),
                    _("Choose Payment → Virtual Account."),
                ),
            ),
        ),
        Method(code="qris", label=_("QRIS (any e-wallet or banking app)"), kind=QR, lifetime_minutes=15),
        Method(code="gopay", label=_("GoPay"), kind=WALLET, lifetime_minutes=15),
        Method(code="shopeepay", label=_("ShopeePay"), kind=WALLET, lifetime_minutes=15),
    )
}

ALL_CODES: tuple[str, ...] = (BANK_TRANSFER, *METHODS)

CHOICES: list[tuple[str, Promise]] = [(code, m.label) for code, m in METHODS.items()]


def offered() -> list[str]:
    """The codes of the methods buyers may choose, in the order of the ``PAYMENT_METHODS`` setting."""
    return [code for code in settings.PAYMENT_METHODS if code in ALL_CODES]


def purchase_methods_offered() -> list[str]:
    """The checkout's coarse choice: ``bank_transfer`` when offered, ``midtrans`` when any gateway method is."""
    codes = offered()
    found = [BANK_TRANSFER] if BANK_TRANSFER in codes else []
    return found + (["midtrans"] if any(code != BANK_TRANSFER for code in codes) else [])


def label(code: str) -> str:
    if code == BANK_TRANSFER:
        return str(_("Bank transfer"))
    return str(METHODS[code].label)

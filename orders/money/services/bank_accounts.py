"""An artisan's payout bank account: private, changed only with the account password, and the artisan is mailed
at every change (so a stolen session cannot quietly redirect payouts)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from artisans.models import Artisan
from craftmarket.common.errors import DomainError, PermissionDenied
from craftmarket.common.notifications import notify

from ..banks import BANKS_BY_CODE, validate_account_number
from ..models import BankAccount


@transaction.atomic
def bank_account_set(
    *, artisan: Artisan, by: Any, bank: str, account_number: str, holder_name: str, password: str
) -> BankAccount:
    """Add or replace ``artisan``'s bank account. ``by`` is the artisan's own user and gives their password."""
    if getattr(by, "pk", None) is None or artisan.user_id != by.pk:
        raise PermissionDenied(_("Only the artisan can change the payout bank account."))
    if not password or not by.check_password(password):
        raise DomainError(_("The password is not correct."), field="password", code="wrong_password")
    try:
        number = validate_account_number(bank=bank, number=account_number)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="bank" if exc.code == "bank" else "account_number") from exc
    holder_name = " ".join((holder_name or "").split())
    if not holder_name or len(holder_name) > 100:
        raise DomainError(
            _("Enter the account holder's name as the bank has it (up to 100 characters)."), field="holder_name"
        )
    account, _created = BankAccount.objects.select_for_update().update_or_create(
        artisan=artisan, defaults={"bank": bank, "account_number": number, "holder_name": holder_name}
    )
    notify(
        event="bank_account_changed",
        users=[by],
        context={"item": f"{BANKS_BY_CODE[bank].name} {account.masked_number}", "url": reverse("money:studio-bank")},
    )
    return account

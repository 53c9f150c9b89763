"""The amount a buyer pays: for bank transfers, the total plus a code that makes it unique among open ones."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from craftmarket.common.errors import ConflictError

from ..models import Purchase
from ..numbers import new_purchase_number
from ..providers import get_provider


def save_with_unique_amount(*, purchase: Purchase, base: int, create: bool = False) -> None:
    """Save ``purchase`` with ``amount_due`` = base + a unique code when the provider matches by amount.

    Open bank transfers never share an amount (a partial unique constraint); a collision picks another code.
    """
    if not get_provider(purchase.payment_method).uses_unique_code:
        purchase.unique_code = 0
        purchase.amount_due = base
        _save(purchase, create)
        return
    for _attempt in range(8):
        taken = set(
            Purchase.objects.filter(
                status=Purchase.Status.AWAITING_PAYMENT,
                payment_method=Purchase.Method.BANK_TRANSFER,
                amount_due__gt=base,
                amount_due__lte=base + 999,
            )
            .exclude(pk=purchase.pk)
            .values_list("amount_due", flat=True)
        )
        free = [c for c in range(1, 1000) if base + c not in taken]
        if not free:
            break
        purchase.unique_code = secrets.choice(free)
        purchase.amount_due = base + purchase.unique_code
        try:
            with transaction.atomic():
                _save(purchase, create)
            return
        except IntegrityError:
            if create:
                purchase.pk = None
                purchase.number = new_purchase_number()
            continue
    raise ConflictError(_("Too many open payments right now; please try again in a minute."), code="busy")


def _save(purchase: Purchase, create: bool) -> None:
    if create:
        purchase.save(force_insert=True)
    else:
        purchase.save(
            update_fields=[
                "payment_method",
                "unique_code",
                "amount_due",
                "items_total",
                "shipping_total",
                "status",
                "updated_at",
            ]
        )

"""Payouts: the weekly run (and the staff action) moves each artisan's available balance above the minimum into
a pending payout; national moderators transfer it and record the reference, or the failure.

A run is identified by ``run`` (the ISO week for the scheduled job, ``2026-W49``): one payout per artisan per
run (a unique constraint), and the available balance is read under its account lock, so two runs at once never
pay the same money twice. A negative available balance (a refund after completion) simply waits until new
earnings bring it above the minimum again: it is netted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from craftmarket.common.errors import ConflictError, DomainError, NotFound, PermissionDenied
from craftmarket.common.notifications import notify

from ...locks import lock_accounts
from ..machine import PAYOUT_MACHINE
from ..models import Account, BankAccount, LedgerTransaction, Payout
from .ledger import Line, Posting, artisan_accounts, platform_account, post, post_many

K = Account.Kind
T = LedgerTransaction.Kind
CHUNK = 500


@dataclass
class RunResult:
    run: str
    created: list[int] = field(default_factory=list)  # payout pks
    total: int = 0
    without_bank_account: int = 0


def weekly_run_key(now: datetime | None = None) -> str:
    year, week, _day = timezone.localtime(now or timezone.now()).isocalendar()
    return f"{year}-W{week:02d}"


def _minimum() -> int:
    return int(settings.PAYOUT_MINIMUM)


def _pay_chunk(*, account_ids: list[int], run: str, minimum: int, by: Any, now: datetime, result: RunResult) -> None:
    transit = platform_account(K.PAYOUTS_IN_TRANSIT)
    with transaction.atomic():
        locked = lock_accounts([*account_ids, transit.pk])
        accounts = [locked[pk] for pk in account_ids if pk in locked]
        artisan_ids = [a.artisan_id for a in accounts]
        banks = {b.artisan_id: b for b in BankAccount.objects.filter(artisan_id__in=artisan_ids)}
        done = set(Payout.objects.filter(run=run, artisan_id__in=artisan_ids).values_list("artisan_id", flat=True))
        payouts = []
        for account in accounts:
            bank = banks.get(account.artisan_id)
            if account.balance < minimum or account.artisan_id in done:
                continue
            if bank is None:
                result.without_bank_account += 1
                continue
            payouts.append(
                Payout(
                    artisan_id=account.artisan_id,
                    amount=account.balance,
                    run=run,
                    bank=bank.bank,
                    account_number=bank.account_number,
                    holder_name=bank.holder_name,
                    created_at=now,
                )
            )
        if not payouts:
            return
        Payout.objects.bulk_create(payouts)
        by_artisan = {a.artisan_id: a for a in accounts}
        post_many(
            [
                Posting(
                    T.PAYOUT,
                    f"payout:{p.pk}",
                    [Line(by_artisan[p.artisan_id], -p.amount), Line(transit, p.amount)],
                    memo=run,
                    subjects={"payout": p},
                )
                for p in payouts
            ],
            by=by,
            now=now,
        )
    result.created.extend(p.pk for p in payouts)
    result.total += sum(p.amount for p in payouts)


def payout_run(*, run: str | None = None, by: Any = None, minimum: int | None = None) -> RunResult:
    """Create one pending payout per artisan whose available balance is at least ``minimum`` (default
    ``PAYOUT_MINIMUM``) and who has a bank account. Safe to run twice and concurrently. Each chunk of artisans is
    one transaction (locks on their available accounts, in pk order, then the in-transit account)."""
    if by is not None and not getattr(by, "is_staff", False):
        raise PermissionDenied(_("Only staff can start a payout run."))
    now = timezone.now()
    run = run or weekly_run_key(now)
    minimum = _minimum() if minimum is None else minimum
    if minimum < 1:
        raise DomainError(_("The payout minimum is at least Rp 1."), field="minimum")
    result = RunResult(run=run)
    candidates = list(
        Account.objects.filter(kind=K.AVAILABLE, balance__gte=minimum)
        .exclude(artisan__payouts__run=run)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(candidates), CHUNK):
        _pay_chunk(
            account_ids=candidates[start : start + CHUNK], run=run, minimum=minimum, by=by, now=now, result=result
        )
    return result


def _require_staff(by: Any) -> None:
    if not getattr(by, "is_staff", False):
        raise PermissionDenied(_("Only staff can record payouts."))


def _locked_payout(payout: Payout) -> Payout:
    locked = Payout.objects.select_for_update(of=("self",)).select_related("artisan__user").filter(pk=payout.pk).first()
    if locked is None:
        raise NotFound()
    if locked.status != Payout.Status.PENDING:
        raise ConflictError(_("This payout was already recorded."), code="already_recorded")
    return locked


@transaction.atomic
def payout_record_sent(*, payout: Payout, by: Any, reference: str) -> Payout:
    """The transfer went through: record its reference (unique: the same transfer cannot be recorded twice) and
    tell the artisan."""
    _require_staff(by)
    reference = (reference or "").strip()
    if not reference or len(reference) > 100:
        raise DomainError(_("Give the transfer's reference (up to 100 characters)."), field="reference")
    locked = _locked_payout(payout)
    if Payout.objects.filter(reference=reference).exists():
        raise ConflictError(_("A payout with this transfer reference is already recorded."), code="duplicate_reference")
    now = timezone.now()
    locked.reference, locked.completed_at, locked.completed_by = reference, now, by
    PAYOUT_MACHINE.apply(
        instance=locked, target=Payout.Status.SENT, by=by, reason=reference,
        update_fields=["reference", "completed_at", "completed_by"],
    )  # fmt: skip
    accounts = artisan_accounts([locked.artisan_id])
    post(
        kind=T.PAYOUT_SENT, key=f"payout_sent:{locked.pk}", payout=locked, by=by, now=now, memo=reference,
        lines=[
            Line(platform_account(K.PAYOUTS_IN_TRANSIT), -locked.amount),
            Line(accounts[(locked.artisan_id, K.PAID_OUT)], locked.amount),
        ],
    )  # fmt: skip
    notify(
        event="payout_sent",
        users=[locked.artisan.user],
        context={"amount": locked.amount, "item": reference, "url": reverse("money:studio-balance")},
    )
    return locked


@transaction.atomic
def payout_record_failed(*, payout: Payout, by: Any, reason: str) -> Payout:
    """The transfer failed (closed account, wrong name…): the money goes back to the artisan's available balance
    and the artisan is told why."""
    _require_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the transfer failed."), field="reason")
    locked = _locked_payout(payout)
    now = timezone.now()
    locked.failure_reason, locked.completed_at, locked.completed_by = reason[:255], now, by
    PAYOUT_MACHINE.apply(
        instance=locked, target=Payout.Status.FAILED, by=by, reason=reason[:255],
        update_fields=["failure_reason", "completed_at", "completed_by"],
    )  # fmt: skip
    accounts = artisan_accounts([locked.artisan_id])
    post(
        kind=T.PAYOUT_FAILED, key=f"payout_failed:{locked.pk}", payout=locked, by=by, now=now, memo=reason[:255],
        lines=[
            Line(platform_account(K.PAYOUTS_IN_TRANSIT), -locked.amount),
            Line(accounts[(locked.artisan_id, K.AVAILABLE)], locked.amount),
        ],
    )  # fmt: skip
    notify(
        event="payout_failed",
        users=[locked.artisan.user],
        context={"amount": locked.amount, "reason": reason, "url": reverse("money:studio-balance")},
    )
    return locked


@transaction.atomic
def payouts_mark_exported(*, payouts: list[Payout], by: Any) -> list[Payout]:
    """A moderator downloaded these pending payouts for the bank's bulk-transfer upload."""
    _require_staff(by)
    now = timezone.now()
    ids = [p.pk for p in payouts if p.status == Payout.Status.PENDING]
    Payout.objects.filter(pk__in=ids, status=Payout.Status.PENDING).update(exported_at=now)
    return list(Payout.objects.filter(pk__in=ids).select_related("artisan").order_by("pk"))

"""The artisan's balance pages in the studio: balances, statement (with CSV/XLSX export), earnings per month,
payouts and the payout bank account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from craftmarket.common.errors import DomainError

from . import selectors
from .exports import statement_file
from .forms import BankAccountForm, StatementFilterForm
from .services.bank_accounts import bank_account_set

STATEMENT_SHOWN = 100


def _artisan(request: HttpRequest) -> Any:
    artisan = getattr(request.user, "artisan", None)
    if artisan is None:
        raise Http404
    return artisan


def _filters(request: HttpRequest) -> tuple[StatementFilterForm, dict[str, Any]]:
    form = StatementFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, {"account": data["account"], "since": data["since"], "until": data["until"]}
    return form, {}


@never_cache
@login_required
@require_GET
def studio_balance(request: HttpRequest) -> HttpResponse:
    """Balances (one query), the statement (filtered, newest 100), earnings per month and the latest payouts."""
    artisan = _artisan(request)
    form, filters = _filters(request)
    entries = list(selectors.statement_for_artisan(artisan=artisan, **filters)[:STATEMENT_SHOWN])
    context = {
        "balances": selectors.balances_for_artisan(artisan=artisan),
        "form": form,
        "entries": entries,
        "shown": STATEMENT_SHOWN,
        "bars": selectors.earnings_by_month(artisan=artisan),
        "payouts": selectors.payouts_for_artisan(artisan=artisan),
        "bank_account": selectors.bank_account_for(artisan=artisan),
        "query": request.GET.urlencode(),
    }
    return render(request, "money/studio_balance.html", context)


@never_cache
@login_required
@require_GET
def studio_statement_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The statement as filtered on the page, every entry, as CSV or XLSX."""
    artisan = _artisan(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, filters = _filters(request)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Check the statement filters."))
        return redirect("money:studio-balance")
    entries = selectors.statement_for_artisan(artisan=artisan, **filters).order_by("created_at", "pk")
    content, content_type = statement_file(entries=entries, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="statement-{artisan.slug}.{fmt}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def studio_bank(request: HttpRequest) -> HttpResponse:
    """Add or change the payout bank account (the password again; the artisan is mailed)."""
    artisan = _artisan(request)
    current = selectors.bank_account_for(artisan=artisan)
    initial = {"bank": current.bank, "holder_name": current.holder_name} if current else {}
    form = BankAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bank_account_set(artisan=artisan, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your payout bank account is saved."))
            return redirect("money:studio-balance")
    status = 400 if request.method == "POST" else 200
    return render(request, "money/studio_bank.html", {"form": form, "current": current}, status=status)

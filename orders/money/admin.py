"""National moderators' money pages: payouts (create, export for the bank, record each transfer or failure), the
ledger (read-only), commission rates, bank accounts (read-only) and the monthly reconciliation report."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artisans.moderation import AuditInline, NationalMoneyAdmin, with_reason
from artisans.scoping import moderator_provinces
from craftmarket.common.errors import DomainError

from .exports import bulk_transfer_csv, reconciliation_csv
from .models import Account, BankAccount, CommissionRate, Entry, LedgerTransaction, Payout, PayoutStatusChange
from .reconciliation import month_bounds, reconcile
from .services.payouts import payout_record_failed, payout_record_sent, payout_run, payouts_mark_exported


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    can_delete = False
    fields = ("account", "delta", "order", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(NationalMoneyAdmin):
    list_display = ("key", "kind", "memo", "created_at", "created_by")
    list_filter = ("kind",)
    search_fields = ("key", "memo", "order__number", "purchase__number")
    readonly_fields = [f.name for f in LedgerTransaction._meta.fields]
    inlines = [EntryInline]
    date_hierarchy = "created_at"

    def get_urls(self):
        report = self.admin_site.admin_view(self.reconciliation_view)
        return [path("reconciliation/", report, name="money_reconciliation"), *super().get_urls()]

    def reconciliation_view(self, request: HttpRequest) -> HttpResponse:
        """Money in = refunds + payouts + commission + what is still held or available, for one month, with
        every difference between the ledger and the orders, refunds and payouts listed. ``?format=csv``."""
        if moderator_provinces(request.user) is not None or not self.has_view_permission(request):
            return TemplateResponse(request, "admin/money/reconciliation.html", {"denied": True}, status=403)
        now = timezone.localtime()
        form = ReconciliationMonthForm(request.GET or {"month": f"{now:%Y-%m}"})
        report = None
        if form.is_valid():
            report = reconcile(*month_bounds(form.cleaned_data["month"]))
            if request.GET.get("format") == "csv":
                response = HttpResponse(reconciliation_csv(report=report), content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = (
                    f'attachment; filename="reconciliation-{form.cleaned_data["month"]}.csv"'
                )
                return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reconciliation"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/money/reconciliation.html", context, status=200 if report else 400)


class ReconciliationMonthForm(forms.Form):
    month = forms.RegexField(label=_("Month"), regex=r"^20[0-9]{2}-(0[1-9]|1[0-2])$", max_length=7)


@admin.register(Account)
class AccountAdmin(NationalMoneyAdmin):
    list_display = ("__str__", "kind", "artisan", "balance", "updated_at")
    list_filter = ("kind",)
    search_fields = ("artisan__business_name",)
    list_select_related = ("artisan",)
    readonly_fields = [f.name for f in Account._meta.fields]


@admin.register(CommissionRate)
class CommissionRateAdmin(NationalMoneyAdmin):
    """Rates are added, never edited: a new rate starts at its effective date and old orders keep theirs."""

    list_display = ("family", "rate_bps", "effective_from", "created_at")
    list_filter = ("family",)
    fields = ("family", "rate_bps", "effective_from")

    def has_add_permission(self, request):
        return moderator_provinces(request.user) is None and request.user.has_perm("money.add_commissionrate")


@admin.register(BankAccount)
class BankAccountAdmin(NationalMoneyAdmin):
    list_display = ("artisan", "bank", "masked", "holder_name", "updated_at")
    search_fields = ("artisan__business_name", "holder_name")
    list_select_related = ("artisan",)
    readonly_fields = [f.name for f in BankAccount._meta.fields]

    @admin.display(description=_("account number"))
    def masked(self, obj: BankAccount) -> str:
        return obj.masked_number


class PayoutStatusChangeInline(AuditInline):
    model = PayoutStatusChange


class TransferReferenceForm(forms.Form):
    reason = forms.CharField(label=_("Reference of the transfer (the artisan is told)"), max_length=100, strip=True)


class FailureReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why the transfer failed (the artisan is told)"), max_length=255, strip=True)


@admin.register(Payout)
class PayoutAdmin(NationalMoneyAdmin):
    """The weekly run creates pending payouts; export them for the bank's bulk transfer, then record each
    transfer's reference, or its failure (the money goes back to the artisan's available balance)."""

    list_display = (
        "artisan",
        "amount",
        "status",
        "run",
        "bank",
        "holder_name",
        "created_at",
        "exported_at",
        "reference",
    )
    list_filter = ("status", "run", "bank")
    search_fields = ("artisan__business_name", "reference", "run")
    list_select_related = ("artisan",)
    readonly_fields = [f.name for f in Payout._meta.fields]
    inlines = [PayoutStatusChangeInline]
    actions = ["export_bulk_transfer", "record_sent", "record_failed"]
    change_list_template = "admin/money/payout_change_list.html"

    def has_record_permission(self, request) -> bool:
        return request.user.has_perm("money.change_payout")

    def get_urls(self):
        run = self.admin_site.admin_view(self.run_view)
        return [path("run/", run, name="money_payout_run"), *super().get_urls()]

    def run_view(self, request: HttpRequest) -> HttpResponse:
        """Staff start a payout run now (POST): the same as the weekly job, with a run name of its own."""
        if request.method != "POST" or not self.has_record_permission(request):
            return HttpResponse(status=405 if request.method != "POST" else 403)
        if moderator_provinces(request.user) is not None:
            return HttpResponse(status=403)
        try:
            result = payout_run(run=f"staff-{timezone.localtime():%Y%m%d-%H%M%S}", by=request.user)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(n)s payout(s) created, %(total)s rupiah in all; %(missing)s artisan(s) without a bank account.")
                % {"n": len(result.created), "total": result.total, "missing": result.without_bank_account},
                messages.SUCCESS,
            )
        return redirect("admin:money_payout_changelist")

    @admin.action(description=_("Export for the bank's bulk transfer (CSV)"), permissions=["record"])
    def export_bulk_transfer(self, request, queryset):
        payouts = payouts_mark_exported(payouts=list(queryset.filter(status=Payout.Status.PENDING)), by=request.user)
        if not payouts:
            self.message_user(request, _("Only pending payouts are exported."), messages.WARNING)
            return None
        payouts = list(Payout.objects.filter(pk__in=[p.pk for p in payouts]).select_related("artisan__user"))
        response = HttpResponse(bulk_transfer_csv(payouts=payouts), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="payouts-{timezone.localtime():%Y%m%d-%H%M}.csv"'
        return response

    @admin.action(description=_("Record the transfer (reference)"), permissions=["record"])
    def record_sent(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Record the transfer"),
            call=lambda payout, reference: payout_record_sent(payout=payout, by=request.user, reference=reference),
            done=_("%(n)s payout(s) recorded."),
            form_class=TransferReferenceForm,
        )

    @admin.action(description=_("Record a failed transfer (money back to available)"), permissions=["record"])
    def record_failed(self, request, queryset):
        return with_reason(
            self,
            request,
            queryset,
            title=_("Record a failed transfer"),
            call=lambda payout, reason: payout_record_failed(payout=payout, by=request.user, reason=reason),
            done=_("%(n)s payout(s) recorded as failed."),
            form_class=FailureReasonForm,
        )

"""Moderation plumbing shared by every app's admin: the admin pieces that enforce the province rules of
``artisans.scoping`` (scoped querysets and object lookups, actions that run a service per object, the reason form, the
per-object moderation buttons and the read-only audit inlines).

It lives in ``artisans`` because the staff profile does, and because every app that has an admin (``catalog``,
``orders``) may import ``artisans``; pages that combine apps (the dashboard) live in ``craftmarket.moderation``.

Permissions (from the groups) decide *what* a moderator may do; ``artisans.scoping`` decides *where*.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from artisans.scoping import moderator_provinces, scope
from craftmarket.common.errors import DomainError
from craftmarket.common.regions import PROVINCE_CHOICES

# The province rules live in artisans.scoping (no admin imports, so selectors use them too).
# --- admin pieces ---------------------------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the artisan)"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=2000,
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Write a reason: the artisan reads it."))
        return reason


def _error_text(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


def run_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: Iterable[Model],
    call: Callable[[Model], Any],
    done: str,
) -> int:
    """Apply ``call`` (one service call) to each object; a refusal is reported for that object and the others
    go on. Returns how many succeeded."""
    ok = 0
    for obj in queryset:
        try:
            call(obj)
        except (DomainError, ValidationError) as exc:
            modeladmin.message_user(request, f"{obj}: {_error_text(exc)}", messages.ERROR)
        else:
            ok += 1
    if ok:
        modeladmin.message_user(request, done % {"n": ok}, messages.SUCCESS)
    return ok


def with_reason(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    title: str,
    call: Callable[[Model, str], Any],
    done: str,
    form_class: type[forms.Form] = ReasonForm,
) -> HttpResponse | None:
    """An action that needs a reason: first an intermediate page with the form, then (``apply``) the service for
    each object. Without a valid reason nothing is changed and the form shows the error. ``form_class`` has one
    field named ``reason`` (its label says what is asked: a reason, a transfer reference)."""
    if "apply" in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            run_each(modeladmin, request, queryset, lambda obj: call(obj, reason), done)
            return None
    else:
        form = form_class()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": list(queryset),
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
        "media": modeladmin.media,
    }
    return TemplateResponse(request, "admin/moderation/reason_form.html", context)


class ProvinceScopedActionsMixin:
    """Bulk actions of an admin whose rows are scoped by province: a selection that names a row of a province the
    moderator does not cover is a crafted request and is refused outright with a 403, before Django looks at the
    action (so an action the moderator does not even have is refused the same way, not answered with the change
    list again). A row that merely left a queue is not refused: the scoped queryset skips it.

    ``province_lookup`` is the path to the province that decides; ``None`` means national staff only (money pages:
    every selection by a regional moderator is refused)."""

    province_lookup: str | None = "province"

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # Checked here, not in response_action: Django skips response_action when the moderator has no action
        # at all on this list, and would answer the crafted POST with the change list again.
        if request.method == "POST" and "action" in request.POST:
            self.refuse_uncovered_selection(request)
        return super().changelist_view(request, extra_context)

    def refuse_uncovered_selection(self, request: HttpRequest) -> None:
        """PermissionDenied (403) when the POSTed selection names a row outside the moderator's provinces."""
        selected = [pk for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME) if str(pk).isdigit()]
        if not selected or moderator_provinces(request.user) is None:
            return
        rows = self.model._default_manager.filter(pk__in=selected)
        covered = rows.none() if self.province_lookup is None else scope(rows, request.user, self.province_lookup)
        if covered.count() != rows.count():
            raise PermissionDenied


class ProvinceScopedAdmin(ProvinceScopedActionsMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows are limited to the provinces the moderator covers, everywhere: the change list,
    object pages (404 for another province), actions (a crafted POST only reaches rows of the scoped queryset),
    exports and the per-object moderation view.

    ``province_lookup`` is the path to the province that decides (the artisan's province for everything that
    belongs to an artisan: the regional council moderates its own members).
    """

    province_lookup: str = "province"
    #: Object pages are read-only: every change goes through an action, i.e. through a service.
    read_only_object_pages = True
    change_form_template = "admin/moderation/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # ModelAdmin.get_queryset, with the ``annotate`` hook before ordering (queues sort on an annotation).
        queryset = self.annotate(self.model._default_manager.get_queryset())
        ordering = self.get_ordering(request)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return scope(queryset, request.user, self.province_lookup)

    def annotate(self, queryset: QuerySet) -> QuerySet:
        """Filters and annotations of this list (a queue's status, its submission time)."""
        return queryset

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another province's object must look exactly like one that does not exist: a 404, not a redirect.
        raise Http404(_("Not found."))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is not None and self.read_only_object_pages:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # deleting would also delete the audit trail

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        concrete = self.model._meta.concrete_model._meta
        return request.user.has_perm(f"{concrete.app_label}.change_{concrete.model_name}")

    # One object, one action: the buttons on the object page post here; the same action function runs on a
    # queryset of that single (scoped) object, so single and bulk decisions go through the same code.

    def get_urls(self):
        view = self.admin_site.admin_view(self.moderate_view)
        return [path("<path:object_id>/moderate/", view, name=self._url_name("moderate")), *super().get_urls()]

    def _url_name(self, suffix: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def moderation_buttons(self, request: HttpRequest, obj: Model) -> list[tuple[str, str]]:
        """(action name, label) of the actions that apply to ``obj`` now; subclasses decide."""
        return []

    def moderate_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(_("Not found."))
        name = request.POST.get("action", "")
        actions = self.get_actions(request)
        if name not in actions:
            raise Http404(_("Unknown action."))
        entry = actions[name]
        func = entry.func if hasattr(entry, "func") else entry[0]
        response = func(self, request, self.get_queryset(request).filter(pk=obj.pk))
        if response is not None:
            return response
        return HttpResponseRedirect(reverse(f"admin:{self._url_name('change')}", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            available = self.get_actions(request)
            context["moderation_url"] = reverse(f"admin:{self._url_name('moderate')}", args=[obj.pk])
            context["moderation_buttons"] = [
                (name, label) for name, label in self.moderation_buttons(request, obj) if name in available
            ]
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class ScopedExportAdmin(ExportMixin, ProvinceScopedAdmin):
    """A scoped admin with CSV and XLSX export of its change list (as filtered): the export starts from the same
    scoped queryset, and only users who may view the list may export it."""

    export_formats = [CSV, XLSX]
    export_form_class = ExportForm

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_valid_export_item_pks(self, request: HttpRequest):
        return self.get_queryset(request).values_list("pk", flat=True)


class AuditInline(admin.TabularInline):
    """A history model shown on its subject's page: read-only for everyone, superusers included."""

    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = gettext_lazy("Audit trail: who changed the status, when and why")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_view_permission(self, request, obj=None) -> bool:
        # Whoever may see the subject may see its history; the subject's admin already scoped ``obj``.
        return True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def province_filter(lookup: str) -> type[admin.SimpleListFilter]:
    """A province filter listing only the provinces the moderator covers (all 38 for national moderators)."""

    class ProvinceFilter(admin.SimpleListFilter):
        title = gettext_lazy("province")
        parameter_name = "province"

        def lookups(self, request, model_admin):
            provinces = moderator_provinces(request.user)
            return [(code, name) for code, name in PROVINCE_CHOICES if provinces is None or code in provinces]

        def queryset(self, request, queryset):
            if self.value() in dict(PROVINCE_CHOICES):
                return queryset.filter(**{lookup: self.value()})
            return queryset

    return ProvinceFilter


class NationalMoneyAdmin(ProvinceScopedActionsMixin, admin.ModelAdmin):
    """Money pages (purchases, refunds, payouts, the ledger): national moderators only (a regional moderator's
    list is empty and any action they post is a 403), and read-only object pages; every change is an action that
    calls a service."""

    province_lookup = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if moderator_provinces(request.user) is None else queryset.none()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

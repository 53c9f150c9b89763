"""The admin dashboard page: what is waiting, how fast decisions come, and the catalogue and sales at a glance."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from craftmarket.moderation.selectors import moderation_dashboard
from orders.quotes.selectors import rfq_dashboard


def _dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.has_perm("artisans.view_artisan") or user.has_perm("catalog.view_product")):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Moderation dashboard"),
        "dashboard": moderation_dashboard(user=user),
        "rfq_months": rfq_dashboard(user=user),
    }
    return TemplateResponse(request, "admin/moderation/dashboard.html", context)


def dashboard(request: HttpRequest) -> HttpResponse:
    # ``admin.site`` is looked up per request, so a site swapped in later (two-factor) guards this page too.
    return admin.site.admin_view(_dashboard)(request)

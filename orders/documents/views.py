"""Browser edges of the export paperwork: make a document and download it, and the artisan's packages form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from craftmarket.common.errors import DomainError, NotFound

from . import selectors, services
from .forms import OriginDocumentForm, PackageFormSet, initial_rows


def _order_page(request: HttpRequest, order) -> HttpResponse:
    if request.user.pk == order.artisan.user_id:
        return redirect("orders:studio-order", number=order.number)
    if request.user.pk == order.buyer_id:
        return redirect("orders:order-detail", number=order.number)
    return redirect("admin:orders_order_change", order.pk)


@login_required
@require_POST
def document_generate(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """Make (or find, when nothing changed) the document and send its PDF; a refusal goes back to the order page
    with the message naming what is missing."""
    order = selectors.order_for_documents(user=request.user, number=number)
    if order is None:
        raise Http404
    try:
        document = services.document_generate(order=order, kind=kind, by=request.user)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return _order_page(request, order)
    return redirect("documents:download", pk=document.pk)


@never_cache
@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF, for the parties of the order and covering staff only (404 for everyone else)."""
    document = selectors.document_for_download(user=request.user, pk=pk)
    if document is None:
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The document is missing.") from None
    response = FileResponse(handle, as_attachment=False, filename=document.filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def studio_packages(request: HttpRequest, number: str) -> HttpResponse:
    """The artisan enters the packages of an export order (identical packages in one row)."""
    order = selectors.order_for_documents(user=request.user, number=number)
    if order is None or request.user.pk != order.artisan.user_id:
        raise Http404
    packages = selectors.packages_for_order(order=order)
    if request.method == "POST":
        formset = PackageFormSet(request.POST, prefix="pkg")
        if formset.is_valid():
            rows = [form.as_input() for form in formset.forms if form.has_changed() and form.cleaned_data]
            try:
                services.packages_replace(order=order, by=request.user, rows=rows)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The packages are saved."))
                return redirect("orders:studio-order", number=order.number)
    else:
        formset = PackageFormSet(prefix="pkg", initial=initial_rows(packages))
    return render(
        request,
        "documents/studio_packages.html",
        {"order": order, "formset": formset, "packages": packages, "studio_section": "orders"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def studio_origin(request: HttpRequest, number: str) -> HttpResponse:
    """The origin of an export order: the statement on origin (REX) or the e-SKA checklist with its numbers and
    scans."""
    order = selectors.order_for_documents(user=request.user, number=number)
    if order is None or request.user.pk != order.artisan.user_id or not selectors.order_is_export(order):
        raise Http404
    form = OriginDocumentForm()
    if request.method == "POST":
        form = OriginDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.origin_document_record(
                    order=order,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    number=form.cleaned_data["number"],
                    scan=form.cleaned_data.get("scan"),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("The document is recorded."))
                return redirect("documents:studio-origin", number=order.number)
    return render(
        request,
        "documents/studio_origin.html",
        {"order": order, "form": form, "origin": selectors.origin_checklist(order=order), "studio_section": "orders"},
    )


@never_cache
@login_required
def origin_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """A scan of the e-SKA checklist, for the parties of the order and covering staff only."""
    record = selectors.origin_document_for_download(user=request.user, pk=pk)
    if record is None:
        raise Http404
    try:
        handle = record.scan.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The scan is missing.") from None
    extension = record.scan.name.rsplit(".", 1)[-1].lower() if "." in record.scan.name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{record.kind}-{record.order.number}.{extension}",
        content_type=record.scan_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""Browser pages of the conversations: thin, each parses input and calls one service or selector."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.models import Product
from craftmarket.common.errors import DomainError
from orders import selectors as order_selectors

from . import selectors, services
from .forms import MessageForm, ReportForm
from .mail import thread_url_for
from .models import Attachment, Participant


def _add_errors(form: Any, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, [m for e in errors for m in e.messages])
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, 20).get_page(request.GET.get("page"))


def _before(request: HttpRequest) -> int | None:
    raw = request.GET.get("before", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.inbox(user=request.user, role=Participant.Role.BUYER))
    return render(request, "conversations/inbox.html", {"page_obj": page})


@login_required
def studio_inbox(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "artisan", None) is None:
        raise Http404
    page = _page(request, selectors.inbox(user=request.user, role=Participant.Role.ARTISAN))
    return render(request, "conversations/studio_inbox.html", {"page_obj": page, "studio_section": "messages"})


def _thread_page(request: HttpRequest, thread_id: Any, *, studio: bool) -> HttpResponse:
    thread = selectors.thread_for_participant(user=request.user, public_id=thread_id)
    if thread is None:
        raise Http404
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                thread=thread, by=request.user, body=form.cleaned_data["body"], files=form.cleaned_data["attachments"]
            )
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            return redirect(request.path)
    view = selectors.thread_view(thread=thread, user=request.user, before=_before(request))
    if request.method == "GET" and not _before(request):
        services.thread_mark_read(thread=thread, by=request.user)
    template = "conversations/studio_thread.html" if studio else "conversations/thread.html"
    status = 400 if request.method == "POST" else 200
    context = {"view": view, "form": form, "report_form": ReportForm(), "studio_section": "messages"}
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, thread_id: Any) -> HttpResponse:
    return _thread_page(request, thread_id, studio=False)


@login_required
@require_http_methods(["GET", "POST"])
def studio_thread(request: HttpRequest, thread_id: Any) -> HttpResponse:
    if getattr(request.user, "artisan", None) is None:
        raise Http404
    return _thread_page(request, thread_id, studio=True)


def _start(request: HttpRequest, *, product: Product | None, order: Any) -> HttpResponse:
    """Reopen the one thread about the subject, or show the first message's form and create it on POST."""
    existing = (
        selectors.thread_for_product(user=request.user, product=product)
        if product is not None
        else selectors.thread_for_order(order=order)
    )
    role = Participant.Role.ARTISAN if order is not None and order.artisan.user_id == request.user.pk else "buyer"
    if existing is not None:
        return redirect(thread_url_for(thread=existing, role=role))
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            body, files = form.cleaned_data["body"], form.cleaned_data["attachments"]
            started, _message, _created = services.conversation_start(
                by=request.user, product=product, order=order, body=body, files=files
            )
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect(thread_url_for(thread=started, role=role))
    own = product is not None and product.artisan.user_id == request.user.pk
    context = {"form": form, "product": product, "order": order, "own_product": own, "role": role}
    return render(request, "conversations/compose.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def start_about_product(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product.objects.public().select_related("artisan"), slug=slug)
    return _start(request, product=product, order=None)


@login_required
@require_http_methods(["GET", "POST"])
def start_about_order(request: HttpRequest, number: str) -> HttpResponse:
    order = order_selectors.order_for_user(user=request.user, number=number)
    if order is None:
        raise Http404
    return _start(request, product=None, order=order)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, thread_id: Any) -> HttpResponse:
    found = selectors.thread_for_participant(user=request.user, public_id=thread_id)
    if found is None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_report(
                thread=found, by=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except (DomainError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Thank you. A moderator will read this conversation."))
            role = Participant.Role.ARTISAN if found.artisan.user_id == request.user.pk else "buyer"
            return redirect(thread_url_for(thread=found, role=role))
    status = 400 if request.method == "POST" else 200
    return render(request, "conversations/report.html", {"thread": found, "form": form}, status=status)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A photo's metadata-free rendition (``?w=`` picks the width; never the original) or the PDF, for the
    participants and for moderators who may read the thread; 404 for everyone else."""
    found = selectors.attachment_for_download(user=request.user, pk=pk)
    if found is None:
        raise Http404
    if found.kind == Attachment.Kind.DOCUMENT:
        storage, name, content_type = found.original.storage, found.original.name, found.content_type
        download = f"document-{found.pk}.pdf"
    else:
        width = int(request.GET["w"]) if request.GET.get("w", "").isdigit() and len(request.GET["w"]) < 6 else 1280
        rendition = _rendition(found, width=width)
        if rendition is None:
            raise Http404(_("This photo is still being processed."))
        storage, name = default_storage, rendition["name"]
        content_type = "image/webp" if rendition["format"] == "webp" else "image/jpeg"
        download = ""
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404
    response = FileResponse(handle, as_attachment=bool(download), filename=download or None, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _rendition(found: Attachment, *, width: int) -> dict[str, Any] | None:
    if found.status != Attachment.Status.READY:
        return None
    candidates = sorted(
        (r for r in found.renditions if isinstance(r, dict) and r.get("format") == "jpeg"), key=lambda r: r["width"]
    )
    for rendition in candidates:
        if rendition["width"] >= width:
            return rendition
    return candidates[-1] if candidates else None

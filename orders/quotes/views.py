"""Browser pages of RFQs and quotes.

Buyer: new RFQ, my RFQs (each with its quotes compared in one table), a quote with its revisions side by side and
the accept / decline / counter forms. Studio (artisan): incoming RFQs, the quote builder (ladder rows in place,
prefilled from the reference product's price tiers), my quotes. Thin views: parse, call one service or selector,
render; what the caller may not see is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from artisans.business.models import BusinessProfile
from artisans.models import Artisan
from catalog.models import Category, Product
from catalog.wholesale.models import PriceTier
from craftmarket.common.errors import DomainError

from . import production, selectors, services
from .forms import CounterForm, QuoteForm, ReasonForm, RFQForm
from .machine import ACCEPTABLE, LIVE
from .models import MAX_LADDER_ROWS, Quote, QuoteOrder


def _add_errors(form: Any, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return
    found = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, problems in found.items():
        if field == "ladder":
            field = "ladder_q_0"
        form.add_error(field if field in form.fields else None, problems)


def _report(request: HttpRequest, form: Any, exc: ValidationError | DomainError) -> None:
    """Field messages on a bound form; a page message for buttons without a form."""
    if form is not None and form.is_bound and hasattr(form, "cleaned_data"):
        _add_errors(form, exc)
    else:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else exc.message)


def _status(exc: ValidationError | DomainError) -> int:
    return exc.status if isinstance(exc, DomainError) else 400


def _category(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first() if slug else None


def _artisan(request: HttpRequest) -> Artisan | None:
    return Artisan.objects.filter(user=request.user).first()


# --- buyer --------------------------------------------------------------------------------------------------------


@never_cache
@login_required
def rfq_new(request: HttpRequest) -> HttpResponse:
    """Post an RFQ; ``?product=<slug>`` makes it a direct request to that product's artisan."""
    product = (
        Product.objects.public()
        .select_related("artisan", "category")
        .filter(slug=request.GET.get("product", ""))
        .first()
    )
    artisan = (
        product.artisan if product else Artisan.objects.public().filter(slug=request.GET.get("artisan", "")).first()
    )
    has_business = BusinessProfile.objects.filter(user=request.user).exists()
    initial = {"title": product.name if product else "", "incoterm_place": "Surabaya"}
    form = RFQForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST" and has_business:
        if form.is_valid():
            values = dict(form.cleaned_data)
            try:
                rfq = services.rfq_create(
                    buyer=request.user,
                    artisan=artisan,
                    reference_product=product,
                    category=product.category
                    if product
                    else Category.objects.filter(slug=request.POST.get("category", "")).first(),
                    **values,
                )
            except (ValidationError, DomainError) as exc:
                _add_errors(form, exc)
                status = _status(exc)
            else:
                messages.success(request, _("Your request was sent."))
                return redirect("quotes:rfq", public_id=rfq.public_id)
        else:
            status = 400
    categories = Category.objects.filter(parent__isnull=True).order_by("position", "pk")
    return render(
        request,
        "quotes/rfq_new.html",
        {"form": form, "product": product, "artisan": artisan, "has_business": has_business, "categories": categories},
        status=status,
    )


@never_cache
@login_required
def rfq_list(request: HttpRequest) -> HttpResponse:
    rfqs = list(selectors.rfqs_for_buyer(user=request.user)[:50])
    for rfq in rfqs:
        rfq.rows = _compare(list(rfq.quotes.all()))
    return render(request, "quotes/rfq_list.html", {"rfqs": rfqs})


def _compare(quotes: list[Quote]) -> list[dict[str, Any]]:
    rows = []
    for quote in quotes:
        revisions = list(quote.revisions.all())
        latest = revisions[-1] if revisions else None
        rows.append({"quote": quote, "latest": latest})
    return rows


@never_cache
@login_required
def rfq_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    rfq = selectors.rfq_for_buyer(user=request.user, public_id=public_id)
    if rfq is None:
        raise Http404
    return render(request, "quotes/rfq_detail.html", {"rfq": rfq, "rows": _compare(list(rfq.quotes.all()))})


@never_cache
@login_required
def quote_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """A quote with every revision side by side, and the buyer's answers (POST ``action``: accept, decline,
    counter, production)."""
    quote = selectors.quote_for_buyer(user=request.user, public_id=public_id)
    if quote is None:
        raise Http404
    counter_form = CounterForm(request.POST if request.POST.get("action") == "counter" else None)
    decline_form = ReasonForm(request.POST if request.POST.get("action") == "decline" else None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        form = counter_form if action == "counter" else decline_form
        try:
            if action == "accept":
                services.quote_accept(quote=quote, by=request.user, revision=request.POST.get("revision"))
                messages.success(request, _("You accepted the quote."))
            elif action == "decline" and decline_form.is_valid():
                services.quote_decline(quote=quote, by=request.user, reason=decline_form.cleaned_data["reason"])
            elif action == "counter" and counter_form.is_valid():
                services.quote_counter(quote=quote, by=request.user, **counter_form.cleaned_data)
                messages.success(request, _("Your counter-offer was sent."))
            elif action == "production":
                production.production_order(quote=quote, by=request.user)
            elif action in ("sample_approve", "goods_approve", "sample_changes", "goods_reject"):
                _milestone(request, quote, action)
            else:
                raise ValidationError({None: [_("Please correct the form.")]})
        except (ValidationError, DomainError) as exc:
            _report(request, form, exc)
            status = _status(exc)
        else:
            return redirect("quotes:quote", public_id=quote.public_id)
    quote = selectors.quote_for_buyer(user=request.user, public_id=public_id)
    orders = selectors.quote_orders_for_quote(quote=quote)
    context = {
        "quote": quote,
        "revisions": list(quote.revisions.all()),
        "can_answer": quote.status in ACCEPTABLE,
        "can_decline": quote.status in LIVE,
        "counter_form": counter_form,
        "decline_form": decline_form,
        "orders": orders,
        "has_production": any(o.kind == QuoteOrder.Kind.PRODUCTION for o in orders),
    }
    return render(request, "quotes/quote_detail.html", context, status=status)


def _quote_order(quote: Quote, raw: Any) -> QuoteOrder:
    """The quote's sample or production order named by a posted ``order`` (404 for anything else, a word
    included)."""
    raw = str(raw or "")
    found = QuoteOrder.objects.filter(quote=quote, pk=int(raw)).first() if raw.isdigit() and len(raw) < 10 else None
    if found is None:
        raise Http404
    return found


def _milestone(request: HttpRequest, quote: Quote, action: str) -> None:
    found = _quote_order(quote, request.POST.get("order"))
    reason = request.POST.get("reason", "")
    {
        "sample_approve": lambda: production.sample_approve(quote_order=found, by=request.user),
        "goods_approve": lambda: production.production_goods_approve(quote_order=found, by=request.user),
        "sample_changes": lambda: production.sample_request_changes(quote_order=found, by=request.user, reason=reason),
        "goods_reject": lambda: production.production_goods_reject(quote_order=found, by=request.user, reason=reason),
    }[action]()


# --- studio -------------------------------------------------------------------------------------------------------


@never_cache
@login_required
def studio_rfqs(request: HttpRequest) -> HttpResponse:
    artisan = _artisan(request)
    if artisan is None:
        raise Http404
    rfqs = list(selectors.rfqs_for_artisan(artisan=artisan)[:50])
    quotes = list(selectors.quotes_for_artisan(artisan=artisan)[:50])
    return render(request, "quotes/studio_rfqs.html", {"artisan": artisan, "rfqs": rfqs, "quotes": quotes})


def _prefill(rfq) -> dict[str, Any]:
    """The builder's first values: the RFQ's terms, and the ladder from the reference product's tiers (when the
    product is this artisan's) or one row at the RFQ's quantity."""
    initial: dict[str, Any] = {
        "quantity": rfq.quantity,
        "incoterm": rfq.incoterm,
        "incoterm_place": rfq.incoterm_place,
        "sample_included": rfq.sample_wanted,
        "deposit_percent": 50,
    }
    rows: list[tuple[int, int]] = []
    product = rfq.reference_product
    if product is not None:
        variant = product.variants.order_by("-is_default", "pk").first()
        if variant is not None:
            rows = [(max(1, product.min_order_quantity or 1), variant.price)]
            rows += [
                (t.min_quantity, t.unit_price)
                for t in PriceTier.objects.filter(variant=variant).order_by("min_quantity")
            ]
    for i, (q, p) in enumerate(rows[:MAX_LADDER_ROWS]):
        initial[f"ladder_q_{i}"], initial[f"ladder_p_{i}"] = q, p
    if not rows:
        initial["ladder_q_0"] = 1
    return initial


@never_cache
@login_required
def studio_rfq(request: HttpRequest, public_id: str) -> HttpResponse:
    """One RFQ sent to my workshop and the quote builder (a draft saved or sent at once)."""
    artisan = _artisan(request)
    rfq = selectors.rfq_for_artisan(artisan=artisan, public_id=public_id)
    if rfq is None:
        raise Http404
    mine = next(iter(rfq.quotes.all()), None)
    form = QuoteForm(request.POST or None, initial=_prefill(rfq))
    status = 200
    if request.method == "POST" and mine is None:
        if form.is_valid():
            try:
                quote = services.quote_draft(rfq=rfq, by=request.user, **form.terms())
                if request.POST.get("send"):
                    services.quote_send(quote=quote, by=request.user)
            except (ValidationError, DomainError) as exc:
                _add_errors(form, exc)
                status = _status(exc)
            else:
                messages.success(request, _("Quote saved."))
                return redirect("quotes:studio-quote", public_id=quote.public_id)
        else:
            status = 400
    return render(request, "quotes/studio_rfq.html", {"rfq": rfq, "form": form, "mine": mine}, status=status)


@never_cache
@login_required
def studio_quote(request: HttpRequest, public_id: str) -> HttpResponse:
    """My quote: its revisions, send a draft, answer a counter with a revision, withdraw; the milestones."""
    artisan = _artisan(request)
    quote = selectors.quote_for_artisan(artisan=artisan, public_id=public_id)
    if quote is None:
        raise Http404
    revisions = list(quote.revisions.all())
    latest = revisions[-1]
    initial = {
        "quantity": latest.quantity,
        "production_lead_days": latest.production_lead_days,
        "incoterm": latest.incoterm,
        "incoterm_place": latest.incoterm_place,
        "freight_estimate": latest.freight_estimate,
        "insurance_estimate": latest.insurance_estimate,
        "sample_included": latest.sample_included,
        "sample_price": latest.sample_price,
        "sample_lead_days": latest.sample_lead_days,
        "deposit_percent": latest.deposit_percent,
    }
    for i, row in enumerate(latest.ladder.all()):
        initial[f"ladder_q_{i}"], initial[f"ladder_p_{i}"] = row.min_quantity, row.unit_price
    form = QuoteForm(request.POST if request.POST.get("action") == "revise" else None, initial=initial)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "send":
                services.quote_send(quote=quote, by=request.user)
            elif action == "withdraw":
                services.quote_withdraw(quote=quote, by=request.user, reason=request.POST.get("reason", ""))
            elif action == "revise":
                if not form.is_valid():
                    raise ValidationError({None: [_("Please correct the form.")]})
                services.quote_revise(quote=quote, by=request.user, **form.terms())
            elif action in ("start", "goods_ready", "cancel"):
                found = _quote_order(quote, request.POST.get("order"))
                if action == "start":
                    production.production_start(quote_order=found, by=request.user)
                elif action == "goods_ready":
                    production.production_goods_ready(
                        quote_order=found, by=request.user, photos=request.FILES.getlist("photos")
                    )
                else:
                    production.quote_order_cancel(
                        quote_order=found, by=request.user, reason=request.POST.get("reason", "")
                    )
            else:
                raise ValidationError({None: [_("Please correct the form.")]})
        except (ValidationError, DomainError) as exc:
            _report(request, form, exc)
            status = _status(exc)
        else:
            return redirect("quotes:studio-quote", public_id=quote.public_id)
    context = {
        "quote": quote,
        "revisions": revisions,
        "form": form,
        "orders": selectors.quote_orders_for_quote(quote=quote),
    }
    return render(request, "quotes/studio_quote.html", context, status=status)


@require_POST
@login_required
def quote_message(request: HttpRequest, public_id: str) -> HttpResponse:
    """Open (or start) the conversation about a quote, as its buyer or its artisan."""
    artisan = _artisan(request)
    quote = selectors.quote_for_buyer(user=request.user, public_id=public_id) or selectors.quote_for_artisan(
        artisan=artisan, public_id=public_id
    )
    if quote is None:
        raise Http404
    try:
        thread = services.quote_conversation(quote=quote, by=request.user)
    except DomainError as exc:
        raise Http404 from exc
    if artisan is not None and quote.artisan_id == artisan.pk:
        return redirect("conversations:studio-thread", thread_id=thread.public_id)
    return redirect("conversations:thread", thread_id=thread.public_id)


def _rendition_response(found: Any) -> HttpResponse:
    """The largest JPEG rendition of a private photo (never the original), not cached by anyone on the way."""
    if found is None or found.status != "ready":
        raise Http404
    jpegs = sorted(
        (r for r in found.renditions if isinstance(r, dict) and r.get("format") == "jpeg"), key=lambda r: r["width"]
    )
    if not jpegs:
        raise Http404
    try:
        handle = default_storage.open(jpegs[-1]["name"], "rb")
    except (FileNotFoundError, OSError):
        raise Http404
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def goods_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A photo of finished goods: its metadata-free rendition, for the parties and staff."""
    return _rendition_response(selectors.goods_photo_for_user(user=request.user, pk=pk))


@login_required
def rfq_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A reference photo of an RFQ: its metadata-free rendition, for the buyer, the artisans it was sent to and
    the moderators of their provinces."""
    return _rendition_response(selectors.rfq_photo_for_user(user=request.user, pk=pk))

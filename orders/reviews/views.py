"""Browser pages of reviews: the buyer's review form (from the order page), the studio's reviews with the reply
form, and the "report this review" page. The product page with its reviews is craftmarket.product_page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.report_views import _rate_limited as report_rate_limited
from craftmarket.common.errors import DomainError, NotFound
from orders import selectors as order_selectors

from . import selectors, services
from .forms import ReplyForm, ReviewForm, ReviewReportForm
from .models import MAX_PHOTOS


def _add_errors(form: Any, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return
    found = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, problems in found.items():
        form.add_error(field if field in form.fields else None, problems)


def _status(exc: ValidationError | DomainError) -> int:
    return exc.status if isinstance(exc, DomainError) else 400


@never_cache
@login_required
def review_form(request: HttpRequest, number: str, product_id: int) -> HttpResponse:
    """Write, or edit once, the review of one product of the buyer's own completed order."""
    order = order_selectors.order_for_buyer(user=request.user, number=number)
    if order is None:
        raise Http404
    lines = selectors.order_review_lines(order=order)
    line = next((r for r in lines if r.product and r.product.pk == product_id), None)
    if line is None:
        raise Http404
    existing = line.review
    initial = {"rating": str(existing.rating), "text": existing.text} if existing else {}
    form = ReviewForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            photos = [services.PhotoInput(f) for f in form.cleaned_data["photos"]]
            data = {"rating": form.cleaned_data["rating"], "text": form.cleaned_data["text"], "photos": photos}
            try:
                if existing is None:
                    services.review_create(buyer=request.user, order=order, product=line.product, **data)
                else:
                    services.review_edit(review=existing, by=request.user, **data)
            except (ValidationError, DomainError) as exc:
                _add_errors(form, exc)
                status = _status(exc)
            else:
                messages.success(request, _("Thank you for your review."))
                return redirect("orders:order-detail", number=order.number)
        else:
            status = 400
    context = {
        "order": order,
        "product": line.product,
        "line": line.line,
        "review": existing,
        "form": form,
        "window_end": services.review_window_end(order),
        "photos_left": MAX_PHOTOS - (len(existing.photos.all()) if existing else 0),
    }
    return render(request, "reviews/review_form.html", context, status=status)


@never_cache
@login_required
def studio_reviews(request: HttpRequest) -> HttpResponse:
    """The artisan's reviews, newest first, with a reply form under each review without a reply."""
    artisan = getattr(request.user, "artisan", None)
    if artisan is None:
        raise Http404
    page = Paginator(selectors.reviews_for_artisan(artisan=artisan), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"artisan": artisan, "page": page, "reviews": page.object_list, "studio_section": "reviews"}
    return render(request, "reviews/studio_reviews.html", context)


@login_required
@require_POST
def studio_reply(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for_artisan(artisan=getattr(request.user, "artisan", None), pk=pk)
    if review is None:
        raise Http404
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.review_reply(review=review, by=request.user, text=form.cleaned_data["reply"])
        except (ValidationError, DomainError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your reply is published under the review."))
            return redirect("reviews:studio-reviews")
    errors = [str(m) for problems in form.errors.values() for m in problems]
    messages.error(request, " ".join(errors))
    return redirect("reviews:studio-reviews")


def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Any visitor reports a visible review; rate limited per IP like listing reports, one open report each."""
    review = selectors.review_public(pk=pk)
    if review is None:
        raise Http404
    form = ReviewReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        key = services.report_reporter_key(ip=request.META.get("REMOTE_ADDR", ""))
        if not form.is_valid():
            status = 400
        elif report_rate_limited(key):
            form.add_error(None, _("You have sent many reports in a short time. Please try again later."))
            status = 429
        else:
            try:
                services.review_report(
                    review=review,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    reporter=request.user,
                    reporter_key=key,
                )
            except NotFound:
                raise Http404 from None
            except (ValidationError, DomainError) as exc:
                _add_errors(form, exc)
                status = _status(exc)
            else:
                messages.success(request, _("Thank you. Our moderators will look at this review."))
                return redirect(review.product.get_absolute_url())
    return render(request, "reviews/report.html", {"review": review, "form": form}, status=status)

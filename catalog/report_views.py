"""The public "report this listing" form: any visitor, rate limited per IP address, one open report per visitor
and listing (catalog.services.report_create)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import services
from catalog.models import Product, Report
from craftmarket.common.errors import ConflictError, NotFound

RATE_LIMIT = 5  # reports per visitor…
RATE_WINDOW = 3600  # …per hour


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong with this listing?"),
        choices=[("", gettext_lazy("Choose a reason")), *Report.Reason.choices],
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the moderators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _rate_limited(key: str) -> bool:
    """True once this visitor has sent RATE_LIMIT reports within the window (a counter in the cache)."""
    cache_key = f"report-rate:{key}"
    cache.add(cache_key, 0, RATE_WINDOW)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def product_report(request: HttpRequest, slug: str) -> HttpResponse:
    product = Product.objects.public().select_related("artisan", "category").filter(slug=slug).first()
    if product is None:
        raise Http404
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        key = services.report_reporter_key(ip=request.META.get("REMOTE_ADDR", ""))
        if form.is_valid():
            if _rate_limited(key):
                form.add_error(None, _("You have sent many reports in a short time. Please try again later."))
                status = 429
            else:
                try:
                    services.report_create(
                        product=product,
                        reason=form.cleaned_data["reason"],
                        note=form.cleaned_data["note"],
                        reporter=request.user,
                        reporter_key=key,
                    )
                except NotFound:
                    raise Http404 from None
                except ConflictError as exc:
                    form.add_error(None, exc.message)
                    status = 409
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                    status = 400
                else:
                    messages.success(request, _("Thank you. Our moderators will look at this listing."))
                    if Product.objects.public().filter(pk=product.pk).exists():
                        return redirect(product.get_absolute_url())
                    return redirect(product.category.get_absolute_url())  # the report just hid it
        else:
            status = 400
    return render(request, "catalog/report.html", {"product": product, "report_form": form}, status=status)

"""The studio's tier rows on the product edit page (catalog's page; this app only saves the rows)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import views as catalog_views
from catalog.forms import ProductForm, VariantAddForm
from craftmarket.common.errors import DomainError

from . import services
from .forms import SampleOfferForm, TierLadderForm


@login_required
@require_POST
def studio_tiers(request: HttpRequest, slug: str) -> HttpResponse:
    """Save every variant's tier rows at once. A refused ladder shows the edit page again with the messages at
    the tier rows and the rows as typed; nothing is saved."""
    product = catalog_views._own(request, slug)
    form = TierLadderForm(variants=list(product.variants.all()), data=request.POST)
    tiers = form.tiers()
    if tiers is not None:
        try:
            services.product_tiers_set(
                product=product, by=request.user, tiers=tiers, monthly_capacity=form.monthly_capacity()
            )
        except (ValidationError, DomainError) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                form.capacity_errors = exc.message_dict.get("monthly_capacity", [])
                form.add_errors(exc.message_dict.get("tiers", []))
            else:
                form.add_errors(exc.messages if isinstance(exc, ValidationError) else [exc.message])
        else:
            messages.success(request, _("Wholesale prices saved."))
            return redirect(reverse("catalog:studio-edit", kwargs={"slug": slug}) + "#tiers")
    return catalog_views._studio_edit_page(
        request,
        product,
        form=ProductForm(instance=product),
        variant_form=VariantAddForm(prefix="variant"),
        tier_form=form,
        status=400,
    )


@login_required
@require_POST
def studio_sample(request: HttpRequest, slug: str) -> HttpResponse:
    """Save (or withdraw) the product's sample terms. A refused value shows the edit page again with the message
    at its field and the values as typed; nothing is saved."""
    product = catalog_views._own(request, slug)
    form = SampleOfferForm(request.POST)
    if form.is_valid():
        try:
            services.product_sample_set(product=product, by=request.user, sample=form.sample())
        except ValidationError as exc:
            for name, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(request, _("Sample terms saved."))
            return redirect(reverse("catalog:studio-edit", kwargs={"slug": slug}) + "#samples")
    return catalog_views._studio_edit_page(
        request,
        product,
        form=ProductForm(instance=product),
        variant_form=VariantAddForm(prefix="variant"),
        sample_form=form,
        status=400,
    )

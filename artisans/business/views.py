"""The buyer's business profile page (/account/business/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import selectors, services
from .forms import BusinessProfileForm


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    current = selectors.business_profile_for(user=request.user)
    form = BusinessProfileForm(request.POST or None, request.FILES or None, instance=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.business_profile_save(
                    user=request.user, data=form.cleaned_data, document=request.FILES.get("document")
                )
            except ValidationError as exc:
                for field, problems in (
                    exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                ).items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            else:
                messages.success(request, _("Business profile saved. Dekranas will verify it."))
                return redirect("business:profile")
        status = 400
    return render(
        request,
        "business/profile.html",
        {"form": form, "profile": selectors.business_profile_for(user=request.user)},
        status=status,
    )

"""The account page: profile, delivery addresses (orders), language and notifications. It combines apps, so it
lives at project level; served at /accounts/ ahead of the artisans URLs, so the URL name ``account`` still
points here."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from artisans.selectors import artisan_for_user
from artisans.services import user_set_language
from orders.selectors import addresses_for


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)


@never_cache
@login_required
def account(request: HttpRequest, form: LanguageForm | None = None) -> HttpResponse:
    return render(
        request,
        "registration/account.html",
        {
            "artisan": artisan_for_user(user=request.user),
            "addresses": list(addresses_for(user=request.user)),
            "language_form": form or LanguageForm(initial={"language": request.user.language}),
        },
    )


@login_required
@require_POST
def account_language(request: HttpRequest) -> HttpResponse:
    """Save the language on the user (emails use it) and in the language cookie (pages use it)."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return account(request, form=form)
    try:
        user_set_language(user=request.user, language=form.cleaned_data["language"])
    except ValidationError as exc:
        form.add_error("language", exc.message_dict.get("language", exc.messages))
        return account(request, form=form)
    language = form.cleaned_data["language"]
    response = redirect("account")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    with translation.override(language):
        messages.success(request, _("Language saved."))
    return response

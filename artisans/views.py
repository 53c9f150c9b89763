"""Browser views: accounts, the public artisan page and the artisan's studio. Thin: parse, call, render."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from artisans import selectors, services
from artisans.forms import ApplyForm, CertificationForm, ProfileForm, SignupForm, add_service_errors
from artisans.models import Artisan, Certification
from craftmarket.common.errors import DomainError
from craftmarket.common.regions import PROVINCE_CHOICES, PROVINCES
from craftmarket.common.storage import StorageUnavailable

RESEND_INTERVAL_SECONDS = 60

# --- Accounts ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! We emailed you a link to confirm your address."))
            next_url = request.POST.get("next", "")
            if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                return redirect(next_url)
            return redirect("account")
    return render(request, "registration/signup.html", {"form": form, "next": request.GET.get("next", "")})


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    artisan = selectors.artisan_for_user(user=request.user)
    return render(request, "registration/account.html", {"artisan": artisan})


@require_POST
@login_required
def resend_verification(request: HttpRequest) -> HttpResponse:
    if request.user.email_verified:
        messages.info(request, _("Your email address is already confirmed."))
    elif not cache.add(f"verify-email-resend:{request.user.pk}", 1, timeout=RESEND_INTERVAL_SECONDS):
        messages.warning(request, _("We sent a link less than a minute ago. Check your inbox, or try again soon."))
    else:
        with transaction.atomic():
            services.user_send_verification_email(user=request.user)
        messages.success(request, _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email})
    return redirect("account")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.user_verify_email(token=token)
    except DomainError as exc:
        return render(request, "registration/verify_email_failed.html", {"message": exc.message}, status=400)
    messages.success(request, _("Thank you, your email address is confirmed."))
    return redirect("account" if request.user.is_authenticated else "login")


@require_http_methods(["GET", "POST"])
@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """A buyer applies to become an artisan: a draft profile, then the studio."""
    if selectors.artisan_for_user(user=request.user) is not None:
        return redirect("studio:profile")
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.artisan_create(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your artisan profile is started. Complete it, then submit it for review."))
            return redirect("studio:profile")
    return render(request, "artisans/apply.html", {"form": form})


# --- Public --------------------------------------------------------------------------------------------------


ARTISANS_PER_PAGE = 24


def artisan_list(request: HttpRequest) -> HttpResponse:
    """Verified artisans, optionally of one province (``?province=ID-YO``), paginated."""
    province = request.GET.get("province", "")
    if province not in PROVINCES:
        province = ""
    page = Paginator(selectors.artisan_list_public(province=province), ARTISANS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "artisans/list.html",
        {
            "page_obj": page,
            "artisans": page.object_list,
            "province": province,
            "province_choices": PROVINCE_CHOICES,
        },
    )


def artisan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    artisan = selectors.artisan_public_detail(slug=slug)
    photos = {photo.kind: photo for photo in artisan.photo_list}
    return render(
        request,
        "artisans/detail.html",
        {"artisan": artisan, "logo": photos.get("logo"), "cover": photos.get("cover")},
    )


# --- Studio --------------------------------------------------------------------------------------------------


def artisan_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in artisans only: anonymous users go to login, everyone else gets 404. Sets ``request.artisan``."""

    @functools.wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        artisan = selectors.artisan_for_user(user=request.user)
        if artisan is None:
            raise Http404("Not an artisan.")
        request.artisan = artisan
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


NEXT_STEPS = {
    Artisan.Status.DRAFT: gettext_lazy("Complete your profile and submit it for review by Dekranas."),
    Artisan.Status.SUBMITTED: gettext_lazy("Dekranas is reviewing your profile. We will tell you when it is done."),
    Artisan.Status.CHANGES_REQUESTED: gettext_lazy(
        "Dekranas asked for changes. Update your profile and submit it again."
    ),
    Artisan.Status.VERIFIED: gettext_lazy(
        "Your profile is verified. Add products and keep your certifications up to date."
    ),
    Artisan.Status.SUSPENDED: gettext_lazy("Your shop is suspended and hidden from buyers. Contact Dekranas."),
}


def dashboard_context(artisan: Artisan) -> dict[str, object]:
    """What studio/dashboard.html shows about the profile and its verification (the project-level dashboard,
    craftmarket.studio, adds products and orders)."""
    return {
        "artisan": artisan,
        "next_step": NEXT_STEPS.get(artisan.status, ""),
        "latest_review": selectors.artisan_latest_review(artisan=artisan),
        "can_submit": artisan.status in (Artisan.Status.DRAFT, Artisan.Status.CHANGES_REQUESTED),
        "missing": [
            _profile_label(field) for field in selectors.artisan_missing_for_submit(artisan=artisan) if field != "email"
        ],
        "studio_section": "dashboard",
    }


@login_required
def studio_dashboard(request: HttpRequest) -> HttpResponse:
    artisan = selectors.artisan_for_user(user=request.user)
    if artisan is None:
        return redirect("apply")
    return render(request, "studio/dashboard.html", dashboard_context(artisan))


@require_http_methods(["GET", "POST"])
@artisan_required
def studio_profile(request: HttpRequest) -> HttpResponse:
    artisan: Artisan = request.artisan
    if request.method == "POST":
        status_before = artisan.status
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.artisan_update(artisan=artisan, by=request.user, data=form.profile_data())
                    services.artisan_photos_set(artisan=artisan, by=request.user, photos=form.photos())
            except ValidationError as exc:
                add_service_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                if status_before == Artisan.Status.VERIFIED and artisan.status == Artisan.Status.SUBMITTED:
                    messages.info(request, _("Your legal details changed, so Dekranas will review your profile again."))
                messages.success(request, _("Your profile is saved."))
                return redirect("studio:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(artisan))
    photos = {photo.kind: photo for photo in artisan.photo_list}
    return render(
        request,
        "studio/profile.html",
        {"artisan": artisan, "form": form, "photos": photos, "studio_section": "profile"},
    )


@require_POST
@artisan_required
def studio_submit(request: HttpRequest) -> HttpResponse:
    try:
        services.artisan_submit(artisan=request.artisan, by=request.user)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                label = _profile_label(field) if field in _profile_field_names() else _("Email")
                messages.error(request, f"{label}: {error}")
        return redirect("studio:profile")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("studio:dashboard")
    messages.success(request, _("Thank you! Your profile is submitted for review."))
    return redirect("studio:dashboard")


def _profile_field_names() -> set[str]:
    return {f.name for f in Artisan._meta.get_fields()}


def _profile_label(field: str) -> str:
    return capfirst(str(Artisan._meta.get_field(field).verbose_name))


@artisan_required
def studio_certifications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "studio/certifications.html",
        {
            "artisan": request.artisan,
            "certifications": selectors.certifications_for_artisan(artisan=request.artisan),
            "studio_section": "certifications",
        },
    )


def _own_certification(request: HttpRequest, pk: int) -> Certification:
    certification = selectors.certifications_for_artisan(artisan=request.artisan).filter(pk=pk).first()
    if certification is None:
        raise Http404("No such certification.")
    certification.artisan = request.artisan
    return certification


@require_http_methods(["GET", "POST"])
@artisan_required
def studio_certification_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    certification = _own_certification(request, pk) if pk is not None else None
    if request.method == "POST":
        form = CertificationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                if certification is None:
                    services.certification_create(
                        artisan=request.artisan,
                        by=request.user,
                        data=form.certification_data(),
                        document=form.cleaned_data["document"],
                    )
                else:
                    services.certification_update(
                        certification=certification,
                        by=request.user,
                        data=form.certification_data(),
                        document=form.cleaned_data["document"],
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The certification is saved. Dekranas will check it."))
                return redirect("studio:certifications")
    elif certification is not None:
        form = CertificationForm(
            initial={n: getattr(certification, n) for n in ("name", "issuer", "number", "valid_until")}
        )
    else:
        form = CertificationForm()
    return render(
        request,
        "studio/certification_form.html",
        {"form": form, "certification": certification, "studio_section": "certifications"},
    )


@require_POST
@artisan_required
def studio_certification_delete(request: HttpRequest, pk: int) -> HttpResponse:
    certification = _own_certification(request, pk)
    services.certification_delete(certification=certification, by=request.user)
    messages.success(request, _("The certification is deleted."))
    return redirect("studio:certifications")


@never_cache
@login_required
def certification_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The private document, as an attachment, for its owner or staff with the view permission (404 otherwise)."""
    certification = selectors.certification_for_download(pk=pk, user=request.user)
    try:
        handle = certification.document.open("rb")
    except StorageUnavailable:
        raise  # a 503 from StorageUnavailableMiddleware: the document exists, the store is down
    except (FileNotFoundError, OSError):
        raise Http404("The document is missing.")
    extension = certification.document.name.rsplit(".", 1)[-1].lower() if "." in certification.document.name else ""
    filename = f"certification-{certification.pk}.{extension}" if extension else f"certification-{certification.pk}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=certification.document_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""A style guide page of every component, served only by tests and local previews (never by the real URLconf).

Tests: ``@override_settings(ROOT_URLCONF="tests.web.styleguide")``. Local preview: run the server with
``DJANGO_SETTINGS_MODULE=tests.web.styleguide_settings`` and open /styleguide/ and /styleguide/studio/.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from craftmarket.urls import handler400, handler403, handler404, handler500
from craftmarket.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

STATUSES = [
    "draft", "pending", "published", "rejected", "archived", "submitted", "verified", "suspended",
    "changes_requested", "awaiting_payment", "paid", "processing", "shipped", "delivered", "completed", "cancelled",
]  # fmt: skip


class SampleForm(forms.Form):
    name = forms.CharField(label="Product name", help_text="As buyers will see it.")
    price = forms.IntegerField(label="Price (IDR)")
    category = forms.ChoiceField(label="Category", choices=[("logam", "Metal"), ("anyaman", "Woven")])
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    made_to_order = forms.BooleanField(label="Made to order", required=False)
    shipping = forms.ChoiceField(
        label="Shipping", widget=forms.RadioSelect, choices=[("jne", "JNE REG"), ("pos", "Pos Indonesia")]
    )
    photo = forms.ImageField(label="Photo", required=False)

    def clean(self):
        raise forms.ValidationError("Please fix the fields marked below.")


def styleguide(request, studio: bool = False):
    form = SampleForm({"name": "", "price": "-5", "category": "logam"})
    form.is_valid()
    page = Paginator(list(range(100)), 24).get_page(2)
    template = "styleguide_studio.html" if studio else "styleguide.html"
    context = {"form": form, "statuses": STATUSES, "page_obj": page, "cart_count": request.session.get("cart", 0)}
    return render(request, template, context)


@require_POST
def fake_cart_add(request):
    """Stands in for the orders area's add-to-cart: JSON for fetch, a redirect for a plain form post."""
    request.session["cart"] = request.session.get("cart", 0) + int(request.POST.get("quantity", 1))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"cart_count": request.session["cart"], "message": "Added to your cart."})
    from django.shortcuts import redirect

    return redirect("/styleguide/?added=1")


def fake_image_status(request):
    """Stands in for the catalogue's rendition status fragment: pending twice, then ready."""
    polls = request.session["polls"] = request.session.get("polls", 0) + 1
    if polls < 3:
        return render(request, "styleguide_image_status.html", {"pending": True})
    return render(request, "styleguide_image_status.html", {"pending": False})


@require_POST
def fake_upload(request):
    """Stands in for an image upload: stores nothing, redirects like a real form view."""
    from django.shortcuts import redirect

    size = request.FILES["photo"].size if "photo" in request.FILES else 0
    return redirect(f"/styleguide/?uploaded={size}")


urlpatterns = [
    path("styleguide/image-status/", fake_image_status, name="styleguide-image-status"),
    path("styleguide/upload/", fake_upload, name="styleguide-upload"),
    path("styleguide/cart/", fake_cart_add, name="styleguide-cart"),
    path("styleguide/", styleguide, name="styleguide"),
    path("styleguide/studio/", styleguide, {"studio": True}, name="styleguide-studio"),
    *site_urlpatterns,
]

"""A style guide page of every component, served only by tests and local previews (never by the real URLconf).

Tests: ``@override_settings(ROOT_URLCONF="tests.web.styleguide")``. Local preview: run the server with
``DJANGO_SETTINGS_MODULE=tests.web.styleguide_settings`` and open /styleguide/ and /styleguide/studio/.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

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
    photo = forms.ImageField(label="Photo", required=False)

    def clean(self):
        raise forms.ValidationError("Please fix the fields marked below.")


def styleguide(request, studio: bool = False):
    form = SampleForm({"name": "", "price": "-5", "category": "logam"})
    form.is_valid()
    page = Paginator(list(range(100)), 24).get_page(2)
    template = "styleguide_studio.html" if studio else "styleguide.html"
    return render(request, template, {"form": form, "statuses": STATUSES, "page_obj": page})


urlpatterns = [
    path("styleguide/", styleguide, name="styleguide"),
    path("styleguide/studio/", styleguide, {"studio": True}, name="styleguide-studio"),
    *site_urlpatterns,
]

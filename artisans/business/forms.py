from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BusinessProfile


class BusinessProfileForm(forms.ModelForm):
    """Shape only; the service checks the rules (NPWP for Indonesia) and its messages come back at the fields."""

    class Meta:
        model = BusinessProfile
        fields = ["company_name", "country", "business_type", "tax_id", "website", "document"]
        widgets = {"country": forms.TextInput(attrs={"maxlength": 2, "autocapitalize": "characters"})}
        help_texts = {"document": _("Optional: a registration or tax document (PDF or image), seen only by staff.")}

    def _post_clean(self) -> None:  # the service validates the model (one place for the rules)
        pass

"""The packages form of the artisan's order page: one row per group of identical packages, weights in kg."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DIMENSION_MAX, DIMENSION_MIN, PACKAGE_COUNT_MAX, PACKAGE_ROWS_MAX, OriginDocument
from .services import PackageInput

KG_MAX = Decimal(1000)


class PackageForm(forms.Form):
    count = forms.IntegerField(label=_("Packages"), min_value=1, max_value=PACKAGE_COUNT_MAX)
    contents = forms.CharField(label=_("Contents of each package"), max_length=200)
    length_cm = forms.DecimalField(
        label=_("Length (cm)"), min_value=DIMENSION_MIN, max_value=DIMENSION_MAX, decimal_places=1
    )
    width_cm = forms.DecimalField(
        label=_("Width (cm)"), min_value=DIMENSION_MIN, max_value=DIMENSION_MAX, decimal_places=1
    )
    height_cm = forms.DecimalField(
        label=_("Height (cm)"), min_value=DIMENSION_MIN, max_value=DIMENSION_MAX, decimal_places=1
    )
    net_kg = forms.DecimalField(
        label=_("Net weight per package (kg)"), min_value=Decimal("0.001"), max_value=KG_MAX, decimal_places=3
    )
    gross_kg = forms.DecimalField(
        label=_("Gross weight per package (kg)"), min_value=Decimal("0.001"), max_value=KG_MAX, decimal_places=3
    )

    def as_input(self) -> PackageInput:
        data = self.cleaned_data
        return PackageInput(
            count=data["count"],
            length_cm=data["length_cm"],
            width_cm=data["width_cm"],
            height_cm=data["height_cm"],
            net_weight_grams=int(data["net_kg"] * 1000),
            gross_weight_grams=int(data["gross_kg"] * 1000),
            contents=data["contents"],
        )


PackageFormSet = forms.formset_factory(
    PackageForm, extra=1, max_num=PACKAGE_ROWS_MAX, validate_max=True, absolute_max=PACKAGE_ROWS_MAX
)


def initial_rows(packages) -> list[dict]:
    return [
        {
            "count": p.count,
            "contents": p.contents,
            "length_cm": p.length_cm,
            "width_cm": p.width_cm,
            "height_cm": p.height_cm,
            "net_kg": Decimal(p.net_weight_grams) / 1000,
            "gross_kg": Decimal(p.gross_weight_grams) / 1000,
        }
        for p in packages
    ]


class OriginDocumentForm(forms.Form):
    """One paper of the e-SKA checklist: which, its number, and its scan (optional)."""

    kind = forms.ChoiceField(label=_("Document"), choices=OriginDocument.Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=60)
    scan = forms.FileField(
        label=_("Scan (PDF or photo)"), required=False, help_text=_("Private: only the buyer, you and Dekranas see it.")
    )

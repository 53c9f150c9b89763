"""Browser forms of RFQs and quotes: shapes and widgets only; the services decide (their field messages are put
back on these forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.forms import MultipleImageField
from craftmarket.common.validators import PRICE_MAX, QUANTITY_MAX

from .models import LEAD_DAYS_MAX, MAX_LADDER_ROWS, MAX_TEXT, Incoterm, Unit

DATE = forms.DateInput(attrs={"type": "date"})


class RFQForm(forms.Form):
    title = forms.CharField(label=_("What do you need?"), max_length=140)
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=QUANTITY_MAX)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.PIECES)
    sizes = forms.CharField(label=_("Sizes"), max_length=200, required=False)
    colours = forms.CharField(label=_("Colours"), max_length=200, required=False)
    materials = forms.CharField(label=_("Materials"), max_length=200, required=False)
    custom_logo = forms.BooleanField(label=_("With our logo"), required=False)
    custom_packaging = forms.BooleanField(label=_("With our packaging"), required=False)
    target_unit_price = forms.DecimalField(
        label=_("Target unit price (optional)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    target_currency = forms.CharField(label=_("Currency"), max_length=3, required=False, initial="EUR")
    destination_country = forms.CharField(
        label=_("Destination country"), max_length=2, help_text=_("Two-letter code, e.g. NL.")
    )
    destination_place = forms.CharField(label=_("Destination city or port"), max_length=120)
    incoterm = forms.ChoiceField(label=_("Incoterm"), choices=Incoterm.choices, initial=Incoterm.FOB)
    incoterm_place = forms.CharField(label=_("Named place of the Incoterm"), max_length=120)
    wanted_by = forms.DateField(label=_("Wanted by"), required=False, widget=DATE)
    sample_wanted = forms.BooleanField(label=_("I want a sample first"), required=False)
    closes_on = forms.DateField(label=_("Quotes until"), widget=DATE)
    photos = MultipleImageField(
        label=_("Reference photos (optional)"),
        required=False,
        help_text=_(
            "A design, a product you have, your logo: JPEG, PNG or WebP, at most 6. Only the workshops you ask "
            "and Dekranas see them."
        ),
    )


class QuoteForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity quoted"), min_value=1, max_value=QUANTITY_MAX)
    production_lead_days = forms.IntegerField(label=_("Production time (days)"), min_value=1, max_value=LEAD_DAYS_MAX)
    incoterm = forms.ChoiceField(label=_("Incoterm"), choices=Incoterm.choices)
    incoterm_place = forms.CharField(label=_("Named place"), max_length=120)
    freight_estimate = forms.IntegerField(
        label=_("Freight estimate (Rp)"), required=False, min_value=0, max_value=PRICE_MAX
    )
    insurance_estimate = forms.IntegerField(
        label=_("Insurance estimate (Rp)"), required=False, min_value=0, max_value=PRICE_MAX
    )
    sample_included = forms.BooleanField(label=_("Sample first"), required=False)
    sample_price = forms.IntegerField(label=_("Sample price (Rp)"), required=False, min_value=0, max_value=PRICE_MAX)
    sample_lead_days = forms.IntegerField(
        label=_("Sample time (days)"), required=False, min_value=1, max_value=LEAD_DAYS_MAX
    )
    deposit_percent = forms.IntegerField(label=_("Deposit (%)"), initial=50, min_value=1, max_value=100)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for i in range(MAX_LADDER_ROWS):
            self.fields[f"ladder_q_{i}"] = forms.IntegerField(
                label=_("From (pcs)"), required=False, min_value=1, max_value=QUANTITY_MAX
            )
            self.fields[f"ladder_p_{i}"] = forms.IntegerField(
                label=_("Price each (Rp)"), required=False, min_value=1, max_value=PRICE_MAX
            )

    def ladder_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"ladder_q_{i}"], self[f"ladder_p_{i}"]) for i in range(MAX_LADDER_ROWS)]

    def terms(self) -> dict:
        data = dict(self.cleaned_data)
        ladder = []
        for i in range(MAX_LADDER_ROWS):
            q, p = data.pop(f"ladder_q_{i}", None), data.pop(f"ladder_p_{i}", None)
            if q is not None or p is not None:
                ladder.append({"min_quantity": q, "unit_price": p})
        data["ladder"] = ladder
        return data


class CounterForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), required=False, min_value=1, max_value=QUANTITY_MAX)
    unit_price = forms.IntegerField(label=_("Unit price (Rp)"), required=False, min_value=1, max_value=PRICE_MAX)
    wanted_by = forms.DateField(label=_("Wanted by"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Message"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))

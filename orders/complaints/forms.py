"""Browser forms of complaints: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.forms import MultipleImageField
from craftmarket.common.validators import int_max

from .models import MAX_TEXT, Complaint, Remedy


class ComplaintForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What went wrong?"), choices=[("", _("Choose a reason")), *Complaint.Reason.choices]
    )
    request = forms.ChoiceField(label=_("What do you ask for?"), choices=Remedy.choices, widget=forms.RadioSelect)
    requested_amount = forms.IntegerField(
        label=_("Refund amount (Rp), for a partial refund"),
        required=False,
        min_value=1,
        max_value=int_max(Complaint, "requested_amount"),
    )
    description = forms.CharField(
        label=_("Describe the problem"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5})
    )
    photos = MultipleImageField(
        label=_("Photos of the problem (optional)"),
        required=False,
        help_text=_("Up to 5 photos: JPEG, PNG or WebP, at most 10 MB each."),
    )


class AnswerForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("accept", _("Accept the buyer's request")),
            ("offer", _("Offer something else")),
            ("dispute", _("Dispute the complaint")),
        ],
        widget=forms.RadioSelect,
    )
    offer = forms.ChoiceField(label=_("Your offer"), choices=[("", "—"), *Remedy.choices], required=False)
    offer_amount = forms.IntegerField(
        label=_("Offered refund (Rp), for a partial refund"),
        required=False,
        min_value=1,
        max_value=int_max(Complaint, "offer_amount"),
    )
    message = forms.CharField(
        label=_("Message to the buyer"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

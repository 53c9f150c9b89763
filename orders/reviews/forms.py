"""Browser forms of reviews: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.forms import MultipleImageField

from .models import MAX_TEXT, ReviewReport

STAR_CHOICES = [
    ("5", _("5 stars: excellent")),
    ("4", _("4 stars: good")),
    ("3", _("3 stars: fair")),
    ("2", _("2 stars: poor")),
    ("1", _("1 star: bad")),
]


class ReviewForm(forms.Form):
    """Stars as radio inputs (they work without JavaScript and are large enough to tap), text, photos."""

    rating = forms.ChoiceField(
        label=_("Your rating"),
        choices=STAR_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose from 1 to 5 stars."), "invalid_choice": _("Choose from 1 to 5 stars.")},
    )
    text = forms.CharField(
        label=_("Your review (optional)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What did you like, and what could be better? Others read it on the product page."),
    )
    photos = MultipleImageField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to 3 photos in all: JPEG, PNG or WebP, at most 10 MB each."),
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your public reply"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("You can reply once; buyers see it under the review."),
    )


class ReviewReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this review?"),
        choices=[("", _("Choose a reason")), *ReviewReport.Reason.choices],
    )
    note = forms.CharField(
        label=_("Note for the moderators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

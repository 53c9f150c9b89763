from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_BODY, Report


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is only checked to be a file here, the service checks what it is."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class MessageForm(forms.Form):
    """Only parses the input; the service decides (empty message, masking, attachments)."""

    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_BODY}),
    )
    attachments = MultipleFileField(
        label=_("Photos or PDF documents"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        help_text=_("Up to 5 files: JPEG, PNG or WebP photos or PDF documents, 10 MB each."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this conversation?"), choices=Report.Reason.choices)
    note = forms.CharField(
        label=_("What happened?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A moderator of Dekranasda will read the conversation."),
    )

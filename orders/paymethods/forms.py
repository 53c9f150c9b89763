from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import methods


class MethodForm(forms.Form):
    """The buyer's choice among the offered methods (the service refuses one that is not offered)."""

    method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(code, methods.label(code)) for code in methods.offered()]

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .banks import BANK_CHOICES
from .models import Account


class StatementFilterForm(forms.Form):
    account = forms.ChoiceField(
        label=_("Account"),
        required=False,
        choices=[("", _("All accounts")), *[(k, Account.Kind(k).label) for k in Account.ARTISAN_KINDS]],
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data


class BankAccountForm(forms.Form):
    bank = forms.ChoiceField(label=_("Bank"), choices=[("", "—"), *BANK_CHOICES])
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    holder_name = forms.CharField(
        label=_("Account holder"), max_length=100, help_text=_("The name exactly as the bank has it.")
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Changing where your money goes needs your password again."),
    )


class ReconciliationForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), max_length=7)

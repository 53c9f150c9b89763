"""Browser forms: they parse input only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from craftmarket.common.regions import PROVINCE_CHOICES

from .models import Purchase, ShippingZone
from .paymethods import methods


class AddToCartForm(forms.Form):
    variant = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)


class AddressForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=40, required=False)
    recipient = forms.CharField(label=_("Recipient"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    country = forms.CharField(
        label=_("Country code"), max_length=2, initial="ID", help_text=_("ID for Indonesia; e.g. SG, NL, JP.")
    )
    street = forms.CharField(label=_("Street address"), max_length=255)
    rt_rw = forms.CharField(label=_("RT/RW"), max_length=15, required=False)
    kelurahan = forms.CharField(label=_("Kelurahan / desa"), max_length=80, required=False)
    kecamatan = forms.CharField(label=_("Kecamatan"), max_length=80, required=False)
    city = forms.CharField(label=_("Kabupaten / kota (or city)"), max_length=80)
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *PROVINCE_CHOICES], required=False)
    region = forms.CharField(label=_("State / region (abroad)"), max_length=80, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=12)


class PaymentMethodForm(forms.Form):
    payment_method = forms.ChoiceField(
        label=_("Payment method"),
        choices=Purchase.Method.choices,
        initial=Purchase.Method.BANK_TRANSFER,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what PAYMENT_METHODS offers: the bank transfer, and the gateway when one of its methods is offered.
        offered = methods.purchase_methods_offered()
        field = self.fields["payment_method"]
        field.choices = [(code, label) for code, label in Purchase.Method.choices if code in offered]
        if field.choices and field.initial not in dict(field.choices):
            field.initial = field.choices[0][0]


class ProofForm(forms.Form):
    proof = forms.FileField(label=_("Transfer proof (PDF or photo)"))


class ShipForm(forms.Form):
    courier = forms.CharField(label=_("Courier"), max_length=40, required=False)
    tracking = forms.CharField(label=_("Tracking number"), max_length=60)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class CountryCodesField(forms.CharField):
    """ISO 3166 country codes typed as ``"MY SG TH"`` (spaces or commas), kept as an upper-case list."""

    def prepare_value(self, value: Any) -> Any:
        return " ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value)
        return [c.upper() for c in text.replace(",", " ").split()]


class ShippingZoneForm(forms.ModelForm):
    """The admin's zone form; the model's ``clean`` refuses unknown codes and a country already in another zone."""

    countries = CountryCodesField(
        label=_("countries"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("ISO 3166 country codes separated by spaces, e.g. MY SG TH. A country belongs to one zone."),
    )

    class Meta:
        model = ShippingZone
        fields = ("code", "name_en", "name_id", "countries")

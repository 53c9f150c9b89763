"""Exchange rates for national moderators (the "Dekranas moderator" group holds the model permissions; regional
moderators do not). Saving and deleting go through the services, which check and retire the cached rates."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from craftmarket.common.errors import DomainError

from . import services
from .display import currencies
from .models import ExchangeRate
from .money import IDR


class ExchangeRateForm(forms.ModelForm):
    currency = forms.ChoiceField(choices=())

    class Meta:
        model = ExchangeRate
        fields = ["currency", "idr_per_unit", "rate_date", "source"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(c, c) for c in currencies() if c != IDR]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services._check_currency(data.get("currency"))
            services._check_rate(data.get("idr_per_unit"))
            services._check_date(data.get("rate_date"))
        except DomainError as exc:
            raise ValidationError({exc.field: exc.message}) from None
        return data


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    form = ExchangeRateForm
    list_display = ["currency", "idr_per_unit", "rate_date", "source", "entered_by", "created_at"]
    list_filter = ["currency"]
    date_hierarchy = "rate_date"
    list_select_related = ["entered_by"]
    readonly_fields = ["entered_by", "created_at"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.exchange_rate_save(
            currency=data["currency"],
            idr_per_unit=data["idr_per_unit"],
            rate_date=data["rate_date"],
            source=data.get("source", ""),
            by=request.user,
            rate=obj if change else None,
        )

    def delete_model(self, request, obj):
        services.exchange_rate_delete(rate=obj)

    def delete_queryset(self, request, queryset):
        for rate in queryset:
            services.exchange_rate_delete(rate=rate)

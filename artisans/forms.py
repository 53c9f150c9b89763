"""Browser forms. They parse input; the services validate the rules and write."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan, Certification
from craftmarket.common.regions import PROVINCE_CHOICES
from craftmarket.common.validators import int_bounds, int_max


class LoginForm(AuthenticationForm):
    """Email and password. The field keeps the name ``username``: django-axes reads it."""

    username = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits, not a common password."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("id", "Bahasa Indonesia"), ("en", "English")], initial="id"
    )


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` at the form's fields (unknown fields go to the top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class CommaListField(forms.CharField):
    """A list typed as words separated by commas."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [item.strip() for item in value.split(",") if item.strip()] if value else []


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ApplyForm(forms.Form):
    """A buyer applies to become an artisan: the first few facts; the rest comes in the studio."""

    business_name = forms.CharField(label=_("Business name"), max_length=120)
    business_type = forms.ChoiceField(label=_("Business type"), choices=Artisan.BusinessType.choices)
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *PROVINCE_CHOICES])
    regency = forms.CharField(label=_("Regency / city"), max_length=80)


class ProfileForm(forms.Form):
    """Every profile field the owner edits, plus the logo and the cover photo."""

    business_name = forms.CharField(label=_("Business name"), max_length=120)
    business_type = forms.ChoiceField(
        label=_("Business type"), choices=[("", "—"), *Artisan.BusinessType.choices], required=False
    )
    nib = forms.CharField(
        label=_("NIB"), max_length=20, required=False, help_text=_("13 digits, from OSS. Never shown publicly.")
    )
    rex_number = forms.CharField(
        label=_("REX number"),
        max_length=40,
        required=False,
        help_text=_("Registered Exporter number, for the statement on origin to the EU and the UK. Optional."),
    )
    year_founded = forms.IntegerField(
        label=_("Year founded"), required=False, max_value=int_max(Artisan, "year_founded")
    )
    workers = forms.IntegerField(label=_("Number of workers"), required=False, **int_bounds(Artisan, "workers"))
    story = forms.CharField(
        label=_("Your story"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text. Who you are, what you make and how."),
    )
    categories = CategoryChoiceField(
        label=_("Craft categories"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    techniques = CommaListField(
        label=_("Techniques"), required=False, help_text=_("Separated by commas, e.g. batik tulis, anyam")
    )
    materials = CommaListField(
        label=_("Materials"), required=False, help_text=_("Separated by commas, e.g. rotan, pandan")
    )
    capacity_per_month = forms.IntegerField(
        label=_("Production capacity (units a month)"), required=False, **int_bounds(Artisan, "capacity_per_month")
    )
    lead_time_days = forms.IntegerField(
        label=_("Typical lead time (days)"), required=False, **int_bounds(Artisan, "lead_time_days")
    )
    export_experience = forms.BooleanField(label=_("We have exported before"), required=False)
    export_markets = CommaListField(
        label=_("Export markets"), required=False, help_text=_("Countries, separated by commas")
    )
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *PROVINCE_CHOICES])
    regency = forms.CharField(label=_("Regency / city"), max_length=80, required=False)
    district = forms.CharField(label=_("District (kecamatan)"), max_length=80, required=False)
    address = forms.CharField(
        label=_("Street address"),
        max_length=255,
        required=False,
        help_text=_("Street and number, RT/RW, kelurahan/desa. Private."),
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=25, required=False, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    whatsapp = forms.CharField(label=_("WhatsApp"), max_length=25, required=False)
    logo = forms.FileField(label=_("Logo"), required=False, help_text=_("JPEG, PNG or WebP, up to 10 MB."))
    cover = forms.FileField(label=_("Cover photo"), required=False, help_text=_("JPEG, PNG or WebP, up to 10 MB."))

    PHOTO_FIELDS = ("logo", "cover")
    GROUPS = (
        (_("Your business"), ("business_name", "business_type", "nib", "year_founded", "workers")),
        (_("Your story and crafts"), ("story", "categories", "techniques", "materials")),
        (
            _("Production and export"),
            ("capacity_per_month", "lead_time_days", "export_experience", "export_markets", "rex_number"),
        ),
        (
            _("Address and contact (private)"),
            ("province", "regency", "district", "address", "postal_code", "phone", "whatsapp"),
        ),
        (_("Logo and cover photo"), PHOTO_FIELDS),
    )

    def fieldsets(self):
        """(legend, [bound fields]) in the order the studio shows them."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        category_model = apps.get_model("catalog", "Category")
        self.fields["categories"].queryset = category_model.objects.select_related("parent").order_by(
            "parent__position", "position", "name_id"
        )
        for name in ("logo", "cover"):
            self.fields[name].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    @classmethod
    def initial_for(cls, artisan: Artisan) -> dict:
        initial = {
            name: getattr(artisan, name) for name in cls.base_fields if name not in ("categories", "logo", "cover")
        }
        initial["categories"] = list(artisan.categories.values_list("pk", flat=True))
        return initial

    def photos(self) -> dict:
        """The uploaded logo and/or cover, by kind."""
        return {kind: self.cleaned_data[kind] for kind in self.PHOTO_FIELDS if self.cleaned_data.get(kind)}

    def profile_data(self) -> dict:
        """The cleaned profile fields for ``artisan_update`` (without the photos)."""
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.PHOTO_FIELDS}
        data["categories"] = [c.pk for c in data["categories"]]
        return data


class CertificationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=Certification._meta.get_field("name").help_text)
    issuer = forms.CharField(label=_("Issuer"), max_length=120)
    number = forms.CharField(label=_("Certificate number"), max_length=80, required=False)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty if it never expires."),
    )
    document = forms.FileField(
        label=_("Document"), required=False, help_text=_("PDF or photo, up to 10 MB. Only you and moderators see it.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png,image/webp"

    def certification_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "issuer", "number", "valid_until")}


class ResendVerificationForm(forms.Form):
    pass

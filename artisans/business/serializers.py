from __future__ import annotations

from rest_framework import serializers

from .models import BusinessProfile


class BusinessProfileOutput(serializers.Serializer):
    company_name = serializers.CharField()
    country = serializers.CharField()
    business_type = serializers.ChoiceField(choices=BusinessProfile.Type.choices)
    tax_id = serializers.CharField()
    website = serializers.CharField()
    has_document = serializers.SerializerMethodField()
    status = serializers.CharField()
    verified = serializers.BooleanField(source="is_verified")
    verified_at = serializers.DateTimeField(allow_null=True)

    def get_has_document(self, profile: BusinessProfile) -> bool:
        return bool(profile.document)


class BusinessProfileInput(serializers.Serializer):
    """Shapes and lengths; the service checks the rules (NPWP for Indonesian companies) and answers 400 at the
    field."""

    company_name = serializers.CharField(max_length=140)
    country = serializers.CharField(max_length=2)
    business_type = serializers.ChoiceField(choices=BusinessProfile.Type.choices)
    tax_id = serializers.CharField(max_length=40)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")

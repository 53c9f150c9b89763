"""Input and output shapes of the documents API."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from .models import DIMENSION_MAX, DIMENSION_MIN, PACKAGE_COUNT_MAX, PACKAGE_ROWS_MAX, Document, Package


class DocumentOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Document
        fields = ["kind", "label", "number", "version", "created_at", "url"]

    def get_url(self, document: Document) -> str:
        path = reverse("api-document-file", kwargs={"pk": document.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Document.Kind.choices)


def _size() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=4, decimal_places=1, min_value=DIMENSION_MIN, max_value=DIMENSION_MAX)


class PackageSerializer(serializers.ModelSerializer):
    count = serializers.IntegerField(min_value=1, max_value=PACKAGE_COUNT_MAX)
    length_cm = _size()
    width_cm = _size()
    height_cm = _size()

    class Meta:
        model = Package
        fields = ["count", "length_cm", "width_cm", "height_cm", "net_weight_grams", "gross_weight_grams", "contents"]


class PackagesInput(serializers.Serializer):
    packages = PackageSerializer(many=True, allow_empty=True, max_length=PACKAGE_ROWS_MAX)

"""Input and output shapes of the reviews API (no rule lives here: the services decide)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import MAX_PHOTOS, MAX_TEXT, Review, ReviewPhoto, ReviewReport


class PhotoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    alt_text = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    thumb_url = serializers.CharField(allow_blank=True)


class ReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.SerializerMethodField()
    rating = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True)
    author = serializers.CharField(source="author_name")
    verified_purchase = serializers.BooleanField()
    status = serializers.CharField()
    edited = serializers.SerializerMethodField()
    can_be_edited = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    reply = serializers.CharField(allow_blank=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    photos = serializers.SerializerMethodField()

    def get_product(self, review: Review) -> str:
        return review.product.slug

    def get_edited(self, review: Review) -> bool:
        return review.edit_count > 0

    def get_photos(self, review: Review) -> list[dict[str, Any]]:
        photos: list[ReviewPhoto] = list(review.photos.all())
        return PhotoOutput(photos, many=True).data

    class Meta:
        fields = "__all__"


# The photos field of both inputs: a list of files (multipart, field ``photos`` repeated).
def _photos_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.FileField(), required=False, max_length=MAX_PHOTOS + 1, allow_empty=True
    )


class ReviewCreateInput(serializers.Serializer):
    order = serializers.CharField(max_length=20, help_text="The number of the buyer's completed order.")
    product = serializers.SlugField(max_length=160, help_text="The slug of a product of that order.")
    rating = serializers.IntegerField(help_text="1 to 5 stars.")
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT, trim_whitespace=True)
    photos = _photos_field()


class ReviewEditInput(serializers.Serializer):
    rating = serializers.IntegerField(help_text="1 to 5 stars.")
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT, trim_whitespace=True)
    photos = _photos_field()


class ReplyInput(serializers.Serializer):
    reply = serializers.CharField(max_length=MAX_TEXT)


class ReportInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReviewReport.Reason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    status = serializers.CharField()

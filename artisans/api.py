"""Account endpoints (register, token) and the artisan profile endpoints."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from artisans import selectors, services
from artisans.models import Artisan
from craftmarket.common.api import error_response
from craftmarket.common.errors import ConflictError
from craftmarket.common.image_api import RenditionsOutput
from craftmarket.common.regions import PROVINCES
from craftmarket.common.validators import int_bounds, int_max

NO_PROFILE = error_response("You have no artisan profile yet")


class RegisterInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, style={"input_type": "password"})
    name = serializers.CharField(max_length=150)
    language = serializers.ChoiceField(choices=["id", "en"], default="id")


class UserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    language = serializers.CharField()


class TokenInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, style={"input_type": "password"})


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class RegisterView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_scope = "auth"
    throttle_classes = [AnonRateThrottle, UserRateThrottle, ScopedRateThrottle]

    @extend_schema(request=RegisterInput, responses={201: UserOutput})
    def post(self, request):
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_register(**data.validated_data)
        return Response(UserOutput(user).data, status=status.HTTP_201_CREATED)


class TokenView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_scope = "auth"
    throttle_classes = [AnonRateThrottle, UserRateThrottle, ScopedRateThrottle]

    @extend_schema(request=TokenInput, responses={200: TokenOutput})
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request=request._request, username=data.validated_data["email"], password=data.validated_data["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [_("Email or password is not correct.")]})
        # A success clears this account's failed attempts, as a browser login does (AXES_RESET_ON_SUCCESS). Axes'
        # handler is called directly: a token request is not a session login (no cart merge, no last_login).
        AxesProxyHandler.user_logged_in(type(user), request._request, user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


# --- Artisan profiles ----------------------------------------------------------------------------------------


class ArtisanCategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name_id = serializers.CharField()
    name_en = serializers.CharField()


class BadgeOutput(serializers.Serializer):
    name = serializers.CharField()
    issuer = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PhotoUrlField(serializers.Field):
    """The public rendition URL of the logo or the cover, or null while none is ready."""

    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def photo(self, artisan):
        photos = getattr(artisan, "photo_list", None)
        if photos is None:
            photos = list(artisan.photos.all())
        return next((p for p in photos if p.kind == self.kind), None)

    def to_representation(self, artisan):
        photo = self.photo(artisan)
        return (photo.url or None) if photo else None


@extend_schema_field(RenditionsOutput(allow_null=True))
class PhotoRenditionsField(PhotoUrlField):
    """The rendition status and WebP/JPEG renditions of the logo or the cover; null when there is no such photo."""

    def to_representation(self, artisan):
        photo = self.photo(artisan)
        return RenditionsOutput(photo).data if photo else None


class ArtisanPublicOutput(serializers.Serializer):
    """What anyone may see. Never the NIB, the address or the phone numbers."""

    slug = serializers.CharField()
    business_name = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")
    story = serializers.CharField()
    business_type = serializers.CharField()
    year_founded = serializers.IntegerField(allow_null=True)
    workers = serializers.IntegerField(allow_null=True)
    province = serializers.CharField()
    province_name = serializers.CharField()
    regency = serializers.CharField()
    categories = ArtisanCategoryOutput(many=True, source="categories.all")
    techniques = serializers.ListField(child=serializers.CharField())
    materials = serializers.ListField(child=serializers.CharField())
    capacity_per_month = serializers.IntegerField(allow_null=True)
    lead_time_days = serializers.IntegerField(allow_null=True)
    export_experience = serializers.BooleanField()
    export_markets = serializers.ListField(child=serializers.CharField())
    badges = BadgeOutput(many=True)
    logo = PhotoUrlField("logo")
    cover = PhotoUrlField("cover")
    logo_image = PhotoRenditionsField("logo")
    cover_image = PhotoRenditionsField("cover")
    verified_at = serializers.DateTimeField(allow_null=True)
    # The stored aggregate of the visible reviews of the artisan's products (0 without reviews).
    rating_average = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)
    rating_count = serializers.IntegerField()
    # The "Perajin Unggulan / Outstanding artisan" badge (README "Artisan performance"), set by the nightly job.
    outstanding = serializers.BooleanField(source="is_outstanding")
    outstanding_since = serializers.DateField(allow_null=True)


class ArtisanOwnOutput(serializers.Serializer):
    """The owner's view of their profile, private fields included."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    status = serializers.CharField()
    business_name = serializers.CharField()
    story = serializers.CharField()
    business_type = serializers.CharField()
    year_founded = serializers.IntegerField(allow_null=True)
    workers = serializers.IntegerField(allow_null=True)
    province = serializers.CharField()
    regency = serializers.CharField()
    categories = serializers.SerializerMethodField()
    techniques = serializers.ListField(child=serializers.CharField())
    materials = serializers.ListField(child=serializers.CharField())
    capacity_per_month = serializers.IntegerField(allow_null=True)
    lead_time_days = serializers.IntegerField(allow_null=True)
    export_experience = serializers.BooleanField()
    export_markets = serializers.ListField(child=serializers.CharField())
    nib = serializers.CharField()
    rex_number = serializers.CharField()
    address = serializers.CharField()
    district = serializers.CharField()
    postal_code = serializers.CharField()
    phone = serializers.CharField()
    whatsapp = serializers.CharField()
    logo = PhotoUrlField("logo")
    cover = PhotoUrlField("cover")
    logo_image = PhotoRenditionsField("logo")
    cover_image = PhotoRenditionsField("cover")
    verified_at = serializers.DateTimeField(allow_null=True)

    def get_categories(self, artisan) -> list[int]:
        return sorted(c.pk for c in artisan.categories.all())


class ArtisanInput(serializers.Serializer):
    """Shapes only; the service checks NIB, phones, postal code, province, categories and the story."""

    business_name = serializers.CharField(max_length=120, required=False)
    story = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    business_type = serializers.CharField(max_length=12, required=False, allow_blank=True)
    year_founded = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=int_max(Artisan, "year_founded")
    )
    workers = serializers.IntegerField(**int_bounds(Artisan, "workers"), required=False, allow_null=True)
    province = serializers.CharField(max_length=5, required=False)
    regency = serializers.CharField(max_length=80, required=False, allow_blank=True)
    categories = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62), required=False, max_length=50
    )
    techniques = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=50)
    materials = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=50)
    capacity_per_month = serializers.IntegerField(
        **int_bounds(Artisan, "capacity_per_month"), required=False, allow_null=True
    )
    lead_time_days = serializers.IntegerField(**int_bounds(Artisan, "lead_time_days"), required=False, allow_null=True)
    export_experience = serializers.BooleanField(required=False)
    export_markets = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=50)
    nib = serializers.CharField(max_length=20, required=False, allow_blank=True)
    rex_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    district = serializers.CharField(max_length=80, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=25, required=False, allow_blank=True)
    whatsapp = serializers.CharField(max_length=25, required=False, allow_blank=True)
    logo = serializers.FileField(required=False, write_only=True)
    cover = serializers.FileField(required=False, write_only=True)


class ArtisanListView(generics.ListAPIView):
    """Verified artisans. Filters: ``province`` (ISO 3166-2:ID code, e.g. ID-YO), ``category`` (slug)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ArtisanPublicOutput
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("province", str, description="ISO 3166-2:ID code, e.g. ID-YO"),
            OpenApiParameter("category", str, description="Category slug; includes its subcategories"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        province = self.request.query_params.get("province", "").strip().upper()
        if province and province not in PROVINCES:
            raise serializers.ValidationError({"province": [_("Unknown province code.")]})
        category = self.request.query_params.get("category", "").strip()[:80]
        return selectors.artisan_list_public(province=province, category=category)


class ArtisanDetailView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: ArtisanPublicOutput})
    def get(self, request, slug: str):
        artisan = selectors.artisan_public_detail(slug=slug, products=False)
        return Response(ArtisanPublicOutput(artisan).data)


def _own_output(user) -> dict:
    artisan = selectors.artisan_for_user(user=user)
    return ArtisanOwnOutput(artisan).data


class ArtisanMeView(APIView):
    """The signed-in user's own profile. The first PATCH (or a POST) creates it as a draft."""

    permission_classes = [permissions.IsAuthenticated]
    # The default parsers: the JSON one turns deep nesting and invalid Unicode into a 400.

    @extend_schema(responses={200: ArtisanOwnOutput, 404: NO_PROFILE})
    def get(self, request):
        if selectors.artisan_for_user(user=request.user) is None:
            raise NotFound(_("You have no artisan profile yet."))
        return Response(_own_output(request.user))

    @extend_schema(request=ArtisanInput, responses={200: ArtisanOwnOutput, 201: ArtisanOwnOutput})
    def patch(self, request):
        return self._save(request, create_only=False)

    @extend_schema(request=ArtisanInput, responses={201: ArtisanOwnOutput})
    def post(self, request):
        return self._save(request, create_only=True)

    def _save(self, request, *, create_only: bool) -> Response:
        data = ArtisanInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        photos = {kind: fields.pop(kind) for kind in ("logo", "cover") if kind in fields}
        artisan = selectors.artisan_for_user(user=request.user)
        if artisan is not None and create_only:
            raise ConflictError(_("You already have an artisan profile."), code="exists")
        with transaction.atomic():
            if artisan is None:
                artisan = services.artisan_create(user=request.user, data=fields)
                created = True
            else:
                services.artisan_update(artisan=artisan, by=request.user, data=fields)
                created = False
            if photos:
                services.artisan_photos_set(artisan=artisan, by=request.user, photos=photos)
        return Response(_own_output(request.user), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ArtisanMeSubmitView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: ArtisanOwnOutput, 404: NO_PROFILE})
    def post(self, request):
        artisan = selectors.artisan_for_user(user=request.user)
        if artisan is None:
            raise NotFound(_("You have no artisan profile yet."))
        services.artisan_submit(artisan=artisan, by=request.user)
        return Response(_own_output(request.user))


# --- The owner's certifications ----------------------------------------------------------------------------


class CertificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    issuer = serializers.CharField()
    number = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)
    document_type = serializers.CharField()
    checked = serializers.SerializerMethodField()
    is_badge = serializers.BooleanField()
    document_url = serializers.SerializerMethodField()

    def get_checked(self, certification) -> bool:
        return certification.checked_at is not None

    def get_document_url(self, certification) -> str:
        return reverse("studio:certification-document", kwargs={"pk": certification.pk})


class CertificationInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    issuer = serializers.CharField(max_length=120, required=False)
    number = serializers.CharField(max_length=80, required=False, allow_blank=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    document = serializers.FileField(required=False, write_only=True)


def _own_artisan(user):
    artisan = selectors.artisan_for_user(user=user)
    if artisan is None:
        raise NotFound(_("You have no artisan profile yet."))
    return artisan


def _own_certification(user, pk: int):
    artisan = _own_artisan(user)
    certification = selectors.certifications_for_artisan(artisan=artisan).filter(pk=pk).first()
    if certification is None:
        raise NotFound()
    certification.artisan = artisan
    return certification


class CertificationListView(APIView):
    """The signed-in artisan's certifications; POST (multipart, with ``document``) adds one."""

    permission_classes = [permissions.IsAuthenticated]
    # The default parsers: the JSON one turns deep nesting and invalid Unicode into a 400.

    @extend_schema(responses={200: CertificationOutput(many=True), 404: NO_PROFILE})
    def get(self, request):
        artisan = _own_artisan(request.user)
        return Response(CertificationOutput(selectors.certifications_for_artisan(artisan=artisan), many=True).data)

    @extend_schema(request=CertificationInput, responses={201: CertificationOutput, 404: NO_PROFILE})
    def post(self, request):
        artisan = _own_artisan(request.user)
        data = CertificationInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        document = fields.pop("document", None)
        certification = services.certification_create(artisan=artisan, by=request.user, data=fields, document=document)
        return Response(CertificationOutput(certification).data, status=status.HTTP_201_CREATED)


class CertificationDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    # The default parsers: the JSON one turns deep nesting and invalid Unicode into a 400.

    @extend_schema(responses={200: CertificationOutput})
    def get(self, request, pk: int):
        return Response(CertificationOutput(_own_certification(request.user, pk)).data)

    @extend_schema(request=CertificationInput, responses={200: CertificationOutput})
    def patch(self, request, pk: int):
        certification = _own_certification(request.user, pk)
        data = CertificationInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        document = fields.pop("document", None)
        services.certification_update(certification=certification, by=request.user, data=fields, document=document)
        return Response(CertificationOutput(certification).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.certification_delete(certification=_own_certification(request.user, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""``/api/v1/account/business/``: the signed-in buyer's own business profile (GET, PUT). Nobody else's: the
fields are private to the buyer, the artisans they order from (on the order pages) and staff (admin)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from craftmarket.common.errors import NotFound

from . import selectors, services
from .serializers import BusinessProfileInput, BusinessProfileOutput


class BusinessProfileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BusinessProfileOutput, summary="My business profile (404 when I have none).")
    def get(self, request: Request) -> Response:
        profile = selectors.business_profile_for(user=request.user)
        if profile is None:
            raise NotFound()
        return Response(BusinessProfileOutput(profile).data)

    @extend_schema(
        request=BusinessProfileInput,
        responses=BusinessProfileOutput,
        summary="Create or replace my business profile; a change of company, country or tax id asks Dekranas "
        "to verify it again.",
    )
    def put(self, request: Request) -> Response:
        data = BusinessProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile = services.business_profile_save(user=request.user, data=data.validated_data)
        return Response(BusinessProfileOutput(profile).data)

"""The RFQ and quote API: the buyer posts and follows RFQs and answers quotes; the artisan reads the RFQs sent to
them and quotes. Thin views: parse, call one service or selector, shape the output. What a caller may not see is
a 404, never a 403 that would confirm it exists."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import Artisan
from catalog.models import Category, Product
from craftmarket.common.errors import NotFound

from . import photos, production, selectors, serializers, services
from .models import RFQ


def _artisan(request: Request) -> Artisan | None:
    return Artisan.objects.filter(user=request.user).first() if request.user.is_authenticated else None


def _terms(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    values.pop("send", None)
    values["ladder"] = [services.Rung(**row) for row in values.get("ladder", [])]
    return values


def _quote_out(request: Request, quote) -> dict[str, Any]:
    fresh = selectors.quote_for_user(user=request.user, public_id=quote.public_id)
    return serializers.QuoteOutput(fresh).data


class RFQsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: serializers.BuyerRFQOutput(many=True)}, summary="My RFQs, with their quotes.")
    def get(self, request: Request) -> Response:
        rfqs = selectors.rfqs_for_buyer(user=request.user)[:100]
        return Response(serializers.BuyerRFQOutput(rfqs, many=True).data)

    @extend_schema(
        request=serializers.RFQCreateInput,
        responses={201: serializers.BuyerRFQOutput},
        summary="Post an RFQ (needs a business profile): to one artisan (artisan slug) or open to matching ones.",
    )
    def post(self, request: Request) -> Response:
        data = serializers.RFQCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lookups = {
            "category": lambda slug: Category.objects.filter(slug=slug).first(),
            "reference_product": lambda slug: Product.objects.public().filter(slug=slug).first(),
            "artisan": lambda slug: Artisan.objects.public().filter(slug=slug).first(),
        }
        for name, lookup in lookups.items():
            slug = values.pop(name, "") or ""
            values[name] = None
            if slug:
                values[name] = lookup(slug)
                if values[name] is None:
                    raise NotFound(field=name)
        if values["artisan"] is None and values["reference_product"] is not None and request.data.get("direct"):
            values["artisan"] = values["reference_product"].artisan
        rfq = services.rfq_create(buyer=request.user, **values)
        fresh = selectors.rfq_for_buyer(user=request.user, public_id=rfq.public_id)
        return Response(serializers.BuyerRFQOutput(fresh).data, status=status.HTTP_201_CREATED)


class RFQView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: serializers.BuyerRFQOutput},
        summary="One RFQ: its buyer sees the quotes; an artisan it was sent to sees it (no buyer contact) and "
        "their own quote.",
    )
    def get(self, request: Request, public_id: str) -> Response:
        rfq = selectors.rfq_for_buyer(user=request.user, public_id=public_id)
        if rfq is not None:
            return Response(serializers.BuyerRFQOutput(rfq).data)
        rfq = selectors.rfq_for_artisan(artisan=_artisan(request), public_id=public_id)
        if rfq is None:
            raise NotFound()
        return Response(serializers.ArtisanRFQOutput(rfq).data)


class RFQCloseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=serializers.QuoteReasonInput,
        responses={200: serializers.BuyerRFQOutput},
        summary="The buyer closes a running RFQ without an award.",
    )
    def post(self, request: Request, public_id: str) -> Response:
        rfq = selectors.rfq_for_buyer(user=request.user, public_id=public_id)
        if rfq is None:
            raise NotFound()
        data = serializers.QuoteReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.rfq_close(rfq=rfq, by=request.user, reason=data.validated_data.get("reason", ""))
        return Response(
            serializers.BuyerRFQOutput(selectors.rfq_for_buyer(user=request.user, public_id=public_id)).data
        )


class RFQPhotosView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request={"multipart/form-data": serializers.RFQPhotosInput},
        responses={201: serializers.BuyerRFQOutput},
        summary="The buyer adds reference photos to a running RFQ (at most 6 in all; private to the parties and "
        "staff).",
    )
    def post(self, request: Request, public_id: str) -> Response:
        rfq = selectors.rfq_for_buyer(user=request.user, public_id=public_id)
        if rfq is None:
            raise NotFound()
        data = serializers.RFQPhotosInput(data=request.data)
        data.is_valid(raise_exception=True)
        photos.rfq_add_photos(rfq=rfq, by=request.user, photos=data.validated_data["photos"])
        fresh = selectors.rfq_for_buyer(user=request.user, public_id=public_id)
        return Response(serializers.BuyerRFQOutput(fresh).data, status=status.HTTP_201_CREATED)


class RFQInviteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=serializers.InviteInput,
        responses={201: serializers.InviteInput},
        summary="A Dekranasda moderator sends an open RFQ to one more verified artisan of their province.",
    )
    def post(self, request: Request, public_id: str) -> Response:
        if not request.user.is_staff:
            raise NotFound()
        rfq = RFQ.objects.filter(public_id=selectors._uuid(public_id)).first() if selectors._uuid(public_id) else None
        data = serializers.InviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        artisan = Artisan.objects.filter(slug=data.validated_data["artisan"]).first()
        if rfq is None or artisan is None:
            raise NotFound()
        services.rfq_invite(rfq=rfq, artisan=artisan, by=request.user)
        return Response({"artisan": artisan.slug}, status=status.HTTP_201_CREATED)


class StudioRFQsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: serializers.ArtisanRFQOutput(many=True)}, summary="The RFQs sent to my workshop.")
    def get(self, request: Request) -> Response:
        rfqs = selectors.rfqs_for_artisan(artisan=_artisan(request))[:100]
        return Response(serializers.ArtisanRFQOutput(rfqs, many=True).data)


class RFQQuotesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=serializers.QuoteCreateInput,
        responses={201: serializers.QuoteOutput},
        summary="Quote on an RFQ sent to me: revision 1 as a draft, or sent at once with send=true.",
    )
    def post(self, request: Request, public_id: str) -> Response:
        artisan = _artisan(request)
        rfq = selectors.rfq_for_artisan(artisan=artisan, public_id=public_id)
        if rfq is None:
            raise NotFound()
        data = serializers.QuoteCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        quote = services.quote_draft(rfq=rfq, by=request.user, **_terms(data.validated_data))
        if data.validated_data.get("send"):
            quote = services.quote_send(quote=quote, by=request.user)
        return Response(_quote_out(request, quote), status=status.HTTP_201_CREATED)


class StudioQuotesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: serializers.QuoteOutput(many=True)}, summary="My workshop's quotes.")
    def get(self, request: Request) -> Response:
        quotes = selectors.quotes_for_artisan(artisan=_artisan(request))[:100]
        return Response(serializers.QuoteOutput(quotes, many=True).data)


class QuoteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: serializers.QuoteOutput}, summary="A quote with every revision (its buyer or its artisan)."
    )
    def get(self, request: Request, public_id: str) -> Response:
        quote = selectors.quote_for_user(user=request.user, public_id=public_id)
        if quote is None:
            raise NotFound()
        return Response(serializers.QuoteOutput(quote).data)


class _BuyerAction(APIView):
    permission_classes = [IsAuthenticated]

    def _quote(self, request: Request, public_id: str):
        quote = selectors.quote_for_buyer(user=request.user, public_id=public_id)
        if quote is None:
            raise NotFound()
        return quote


class _ArtisanAction(APIView):
    permission_classes = [IsAuthenticated]

    def _quote(self, request: Request, public_id: str):
        quote = selectors.quote_for_artisan(artisan=_artisan(request), public_id=public_id)
        if quote is None:
            raise NotFound()
        return quote


class QuoteSendView(_ArtisanAction):
    @extend_schema(request=None, responses={200: serializers.QuoteOutput}, summary="Send my draft quote.")
    def post(self, request: Request, public_id: str) -> Response:
        quote = services.quote_send(quote=self._quote(request, public_id), by=request.user)
        return Response(_quote_out(request, quote))


class QuoteReviseView(_ArtisanAction):
    @extend_schema(
        request=serializers.QuoteTermsInput,
        responses={200: serializers.QuoteOutput},
        summary="Answer the buyer's counter with a new revision.",
    )
    def post(self, request: Request, public_id: str) -> Response:
        quote = self._quote(request, public_id)
        data = serializers.QuoteTermsInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.quote_revise(quote=quote, by=request.user, **_terms(data.validated_data))
        return Response(_quote_out(request, quote))


class QuoteWithdrawView(_ArtisanAction):
    @extend_schema(
        request=serializers.QuoteReasonInput, responses={200: serializers.QuoteOutput}, summary="Withdraw my quote."
    )
    def post(self, request: Request, public_id: str) -> Response:
        quote = self._quote(request, public_id)
        data = serializers.QuoteReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.quote_withdraw(quote=quote, by=request.user, reason=data.validated_data.get("reason", ""))
        return Response(_quote_out(request, quote))


class QuoteCounterView(_BuyerAction):
    @extend_schema(
        request=serializers.CounterInput,
        responses={200: serializers.QuoteOutput},
        summary="Counter a quote (quantity, unit price, wanted-by date): a new numbered revision.",
    )
    def post(self, request: Request, public_id: str) -> Response:
        quote = self._quote(request, public_id)
        data = serializers.CounterInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.quote_counter(quote=quote, by=request.user, **data.validated_data)
        return Response(_quote_out(request, quote))


class QuoteAcceptView(_BuyerAction):
    @extend_schema(
        request=serializers.AcceptInput,
        responses={200: serializers.QuoteOutput},
        summary="Accept the latest revision of a quote (idempotent: accepting again changes nothing).",
    )
    def post(self, request: Request, public_id: str) -> Response:
        quote = self._quote(request, public_id)
        data = serializers.AcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.quote_accept(quote=quote, by=request.user, revision=data.validated_data.get("revision"))
        return Response(_quote_out(request, quote))


class QuoteDeclineView(_BuyerAction):
    @extend_schema(
        request=serializers.QuoteReasonInput,
        responses={200: serializers.QuoteOutput},
        summary="Decline a quote, with a reason the artisan reads.",
    )
    def post(self, request: Request, public_id: str) -> Response:
        quote = self._quote(request, public_id)
        data = serializers.QuoteReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.quote_decline(quote=quote, by=request.user, reason=data.validated_data.get("reason", ""))
        return Response(_quote_out(request, quote))


class QuoteOrderView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: serializers.QuoteOrderOutput},
        summary="A sample or production order of an accepted quote, with its payment milestones.",
    )
    def get(self, request: Request, pk: int) -> Response:
        found = selectors.quote_order_for_user(user=request.user, pk=pk)
        if found is None:
            raise NotFound()
        return Response(serializers.QuoteOrderOutput(found).data)


class QuoteProductionView(_BuyerAction):
    @extend_schema(
        request=None,
        responses={201: serializers.QuoteOrderOutput},
        summary="Order production from an accepted quote once its sample is approved (idempotent).",
    )
    def post(self, request: Request, public_id: str) -> Response:
        made = production.production_order(quote=self._quote(request, public_id), by=request.user)
        return Response(serializers.QuoteOrderOutput(made).data, status=status.HTTP_201_CREATED)


def _milestone_view(action, summary: str, *, reason: bool = False) -> type[APIView]:
    class MilestoneView(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            request=serializers.QuoteReasonInput if reason else None,
            responses={200: serializers.QuoteOrderOutput},
            summary=summary,
        )
        def post(self, request: Request, pk: int) -> Response:
            found = selectors.quote_order_for_user(user=request.user, pk=pk)
            if found is None:
                raise NotFound()
            kwargs: dict[str, Any] = {}
            if reason:
                data = serializers.QuoteReasonInput(data=request.data)
                data.is_valid(raise_exception=True)
                kwargs["reason"] = data.validated_data.get("reason", "")
            action(quote_order=found, by=request.user, **kwargs)
            fresh = selectors.quote_order_for_user(user=request.user, pk=pk)
            return Response(serializers.QuoteOrderOutput(fresh).data)

    MilestoneView.__name__ = f"Milestone{action.__name__.title().replace('_', '')}View"
    return MilestoneView


SampleApproveView = _milestone_view(production.sample_approve, "The buyer approves the delivered sample.")
SampleChangesView = _milestone_view(
    production.sample_request_changes, "The buyer asks for changes to the sample, with the reason.", reason=True
)
ProductionStartView = _milestone_view(
    production.production_start, "The artisan starts production once the deposit is paid."
)


class GoodsReadyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request={"multipart/form-data": serializers.GoodsPhotosInput},
        responses={200: serializers.QuoteOrderOutput},
        summary="The artisan marks the finished goods ready, with their photos (at least one in all).",
    )
    def post(self, request: Request, pk: int) -> Response:
        found = selectors.quote_order_for_user(user=request.user, pk=pk)
        if found is None:
            raise NotFound()
        data = serializers.GoodsPhotosInput(data=request.data)
        data.is_valid(raise_exception=True)
        production.production_goods_ready(
            quote_order=found, by=request.user, photos=data.validated_data.get("photos") or []
        )
        fresh = selectors.quote_order_for_user(user=request.user, pk=pk)
        return Response(serializers.QuoteOrderOutput(fresh).data)


GoodsApproveView = _milestone_view(
    production.production_goods_approve, "Pre-shipment approval by the buyer: the balance becomes due."
)
GoodsRejectView = _milestone_view(
    production.production_goods_reject, "The buyer asks for changes to the finished goods.", reason=True
)
BalancePaidView = _milestone_view(
    production.production_balance_paid, "Once the balance is paid: ready to ship (checks the payment)."
)
QuoteOrderCancelView = _milestone_view(
    production.quote_order_cancel, "Cancel before shipping; paid milestones become refunds.", reason=True
)

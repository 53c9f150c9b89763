"""The complaints API for the parties: my complaints (as buyer or artisan), open one, the artisan's answer, the
buyer's reply to an offer, escalation, one appeal and withdrawal. Moderators decide in the admin. Thin views:
parse, call one service or selector, shape the output."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from craftmarket.common.api import Pagination
from craftmarket.common.errors import NotFound
from orders import selectors as order_selectors

from . import selectors, serializers, services
from .models import Complaint


def _mine(request: Request, pk: int) -> Complaint:
    complaint = selectors.complaint_for_party(user=request.user, pk=pk)
    if complaint is None:
        raise NotFound()
    return complaint


def _out(request: Request, complaint: Complaint) -> dict[str, Any]:
    return serializers.ComplaintOutput(_mine(request, complaint.pk)).data


class ComplaintsView(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination  # read by drf-spectacular: the response is documented as the paginated envelope

    @extend_schema(responses={200: serializers.ComplaintOutput(many=True)}, summary="My complaints, newest first.")
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        rows = selectors.complaints_for_user(user=request.user).prefetch_related("transitions")
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(serializers.ComplaintOutput(page, many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": serializers.ComplaintCreateInput,
            "application/json": serializers.ComplaintCreateInput,
        },
        responses={201: serializers.ComplaintOutput},
        summary="Report a problem with my delivered order (within COMPLAINT_OPEN_WINDOW of delivery).",
    )
    def post(self, request: Request) -> Response:
        data = serializers.ComplaintCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        order = order_selectors.order_for_buyer(user=request.user, number=values["order"])
        if order is None:
            raise NotFound(field="order")
        complaint = services.complaint_open(
            order=order,
            by=request.user,
            reason=values["reason"],
            request=values["request"],
            requested_amount=values.get("requested_amount"),
            description=values["description"],
            photos=values.get("photos") or [],
        )
        return Response(_out(request, complaint), status=status.HTTP_201_CREATED)


class ComplaintView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: serializers.ComplaintOutput}, summary="One of my complaints, with its history.")
    def get(self, request: Request, pk: int) -> Response:
        return Response(serializers.ComplaintOutput(_mine(request, pk)).data)


class AnswerView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=serializers.AnswerInput,
        responses={200: serializers.ComplaintOutput},
        summary="The artisan answers: accept the request, offer something else, or dispute.",
    )
    def post(self, request: Request, pk: int) -> Response:
        complaint = _mine(request, pk)
        data = serializers.AnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = services.complaint_answer(complaint=complaint, by=request.user, **data.validated_data)
        return Response(_out(request, complaint))


class _ReasonAction(APIView):
    permission_classes = [IsAuthenticated]
    action_name = ""

    def post(self, request: Request, pk: int) -> Response:
        complaint = _mine(request, pk)
        data = serializers.ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data.get("reason", "")
        if self.action_name == "accept-offer":
            complaint = services.complaint_accept_offer(complaint=complaint, by=request.user)
        elif self.action_name == "decline-offer":
            complaint = services.complaint_decline_offer(complaint=complaint, by=request.user, reason=reason)
        elif self.action_name == "escalate":
            complaint = services.complaint_escalate(complaint=complaint, by=request.user, reason=reason)
        elif self.action_name == "appeal":
            complaint = services.complaint_appeal(complaint=complaint, by=request.user, reason=reason)
        else:
            complaint = services.complaint_withdraw(complaint=complaint, by=request.user)
        return Response(_out(request, complaint))


def _action(name: str, summary: str) -> type[APIView]:
    view = type(f"Complaint{name.title().replace('-', '')}View", (_ReasonAction,), {"action_name": name})
    view.post = extend_schema(
        request=serializers.ReasonInput, responses={200: serializers.ComplaintOutput}, summary=summary
    )(_ReasonAction.post)
    return view


AcceptOfferView = _action("accept-offer", "The buyer accepts the artisan's offer (applied at once).")
DeclineOfferView = _action("decline-offer", "The buyer declines the artisan's offer.")
EscalateView = _action("escalate", "Either party asks Dekranas to decide.")
AppealView = _action("appeal", "Either party appeals a moderator's decision, once, within the appeal window.")
WithdrawView = _action("withdraw", "The buyer withdraws the complaint before it is escalated.")

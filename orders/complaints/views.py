"""Browser pages of complaints: the buyer's "Report a problem" form (from the order page) and one complaint page
for both parties (the buyer replies to an offer, escalates, appeals or withdraws; the artisan answers from the
studio's order page link). Moderators decide in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from craftmarket.common.errors import DomainError
from orders import selectors as order_selectors

from . import selectors, services
from .forms import AnswerForm, ComplaintForm, ReasonForm
from .models import Complaint, ComplaintEvidence


def _add_errors(form: Any, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return
    found = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, problems in found.items():
        form.add_error(field if field in form.fields else None, problems)


def _status(exc: ValidationError | DomainError) -> int:
    return exc.status if isinstance(exc, DomainError) else 400


@never_cache
@login_required
def complaint_new(request: HttpRequest, number: str) -> HttpResponse:
    """The buyer reports a problem with their own delivered order."""
    order = order_selectors.order_for_buyer(user=request.user, number=number)
    if order is None:
        raise Http404
    existing = selectors.open_complaint_for_order(order=order)
    if existing is not None:
        return redirect("complaints:detail", pk=existing.pk)
    form = ComplaintForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_open(
                    order=order,
                    by=request.user,
                    reason=data["reason"],
                    request=data["request"],
                    requested_amount=data["requested_amount"],
                    description=data["description"],
                    photos=data["photos"],
                )
            except (ValidationError, DomainError) as exc:
                _add_errors(form, exc)
                status = _status(exc)
            else:
                messages.success(request, _("Your complaint was sent to the artisan."))
                return redirect("complaints:detail", pk=complaint.pk)
        else:
            status = 400
    return render(request, "complaints/complaint_form.html", {"order": order, "form": form}, status=status)


_ACTIONS = {
    "answer": ("artisan", AnswerForm),
    "accept_offer": ("buyer", ReasonForm),
    "decline_offer": ("buyer", ReasonForm),
    "escalate": (None, ReasonForm),
    "appeal": (None, ReasonForm),
    "withdraw": ("buyer", ReasonForm),
}


def _run(action: str, complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    if action == "answer":
        services.complaint_answer(complaint=complaint, by=user, **data)
    elif action == "accept_offer":
        services.complaint_accept_offer(complaint=complaint, by=user)
    elif action == "decline_offer":
        services.complaint_decline_offer(complaint=complaint, by=user, reason=data["reason"])
    elif action == "escalate":
        services.complaint_escalate(complaint=complaint, by=user, reason=data["reason"])
    elif action == "appeal":
        services.complaint_appeal(complaint=complaint, by=user, reason=data["reason"])
    else:
        services.complaint_withdraw(complaint=complaint, by=user)


@never_cache
@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_for_party(user=request.user, pk=pk)
    if complaint is None:
        raise Http404
    role = "buyer" if complaint.buyer_id == request.user.pk else "artisan"
    answer_form, reason_form, status = AnswerForm(), ReasonForm(), 200
    if request.method == "POST":
        action = request.POST.get("action_kind", "")
        if action not in _ACTIONS:
            raise Http404
        form = _ACTIONS[action][1](request.POST)
        if action == "answer":
            answer_form = form
        else:
            reason_form = form
        if form.is_valid():
            try:
                _run(action, complaint, request.user, form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                _add_errors(form, exc)
                status = _status(exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("complaints:detail", pk=complaint.pk)
        else:
            status = 400
    S = Complaint.Status
    context = {
        "complaint": complaint,
        "order": complaint.order,
        "role": role,
        "answer_form": answer_form,
        "reason_form": reason_form,
        "transitions": complaint.transitions.select_related("actor"),
        "can_answer": role == "artisan" and complaint.status in (S.OPEN, S.UNANSWERED),
        "can_reply_offer": role == "buyer" and complaint.status == S.OFFERED,
        "can_escalate": complaint.status in (S.OFFERED, S.DECLINED, S.DISPUTED, S.UNANSWERED),
        "can_appeal": complaint.status == S.DECIDED,
        "can_withdraw": role == "buyer"
        and complaint.status in (S.OPEN, S.UNANSWERED, S.OFFERED, S.DECLINED, S.DISPUTED),
    }
    return render(request, "complaints/complaint_detail.html", context, status=status)


@require_GET
@login_required
def evidence(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    """A private evidence photo, for the parties and the moderators who may decide the complaint; 404 otherwise."""
    photo = ComplaintEvidence.objects.select_related("complaint__artisan").filter(pk=evidence_id, complaint_id=pk)
    photo = photo.first()
    if photo is None:
        raise Http404
    complaint = photo.complaint
    party = request.user.pk in (complaint.buyer_id, complaint.artisan.user_id)
    if not (party or services.is_moderator_for(user=request.user, complaint=complaint)):
        raise Http404
    response = FileResponse(photo.original.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

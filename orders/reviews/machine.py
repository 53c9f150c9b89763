"""The review moderation machine: a moderator hides a review or restores it, always with a reason."""

from __future__ import annotations

from craftmarket.common.statemachine import StateMachine, table

from .models import Review

S = Review.Status

REVIEW_MACHINE = StateMachine(
    name="Review",
    field="status",
    transitions=table({S.VISIBLE: [S.HIDDEN], S.HIDDEN: [S.VISIBLE]}),
    history_model="reviews.ReviewStatusChange",
    subject_field="review",
    labels=dict(S.choices),
)

"""State machines as tables.

Each machine (artisan verification, listing status, order status) is one ``StateMachine`` with a dict of allowed
transitions. ``apply`` is the only way a status changes: it refuses a transition that is not in the table,
saves the new status and writes a history row (who, when, from, to, why). Notifications are sent by the calling
service, explicitly, not from here.

The history model of a machine has the fields ``<subject_field>``, ``from_status``, ``to_status``, ``actor``,
``reason`` and ``created_at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from craftmarket.common.errors import TransitionNotAllowed


@dataclass(frozen=True)
class StateMachine:
    name: str
    field: str
    transitions: Mapping[str, frozenset[str]]
    history_model: str  # "app_label.ModelName"
    subject_field: str
    labels: Mapping[str, Any] | None = None

    def allowed(self, current: str) -> frozenset[str]:
        return self.transitions.get(current, frozenset())

    def can(self, current: str, target: str) -> bool:
        return target in self.allowed(current)

    def _label(self, status: str) -> str:
        return str(self.labels.get(status, status)) if self.labels else status

    def check(self, *, instance: models.Model, target: str) -> str:
        current = getattr(instance, self.field)
        if not self.can(current, target):
            raise TransitionNotAllowed(
                f"{self.name}: cannot go from '{self._label(current)}' to '{self._label(target)}'.",
                field=self.field,
            )
        return current

    @transaction.atomic
    def apply(
        self,
        *,
        instance: models.Model,
        target: str,
        by: Any = None,
        reason: str = "",
        update_fields: Iterable[str] = (),
    ) -> models.Model:
        """Move ``instance`` to ``target`` and record it. The caller holds the row lock where races matter."""
        current = self.check(instance=instance, target=target)
        setattr(instance, self.field, target)
        fields = {self.field, *update_fields}
        if any(f.name == "updated_at" for f in instance._meta.fields):
            fields.add("updated_at")
        instance.save(update_fields=sorted(fields))
        history = apps.get_model(self.history_model)
        actor = by if getattr(by, "is_authenticated", False) else None
        return history.objects.create(
            **{self.subject_field: instance},
            from_status=current,
            to_status=target,
            actor=actor,
            reason=reason or "",
            created_at=timezone.now(),
        )


def table(pairs: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    return {source: frozenset(targets) for source, targets in pairs.items()}

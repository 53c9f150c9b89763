"""Invariants checked over the whole database, discovered from the model registry so that every app (including
those added later) is covered without a change here.

Three kinds of rule:
- every ``CheckConstraint`` declared on a model (evaluated like the database does: NULL passes);
- every ``UniqueConstraint`` on plain fields (with its condition) and every ``unique=True`` field;
- no negative value in a numeric field named like a quantity of goods or money: ``stock``, ``quantity``,
  ``*amount*``, ``*total*``, ``*price*``, ``*fee*``, ``*cost*``.

Apps add rules of their own that span rows (a ledger's transactions sum to zero) in an ``invariants`` module with
a ``violations()`` function returning ``(model, rule, count, sample)`` tuples; it is found here by name, so this
layer imports no app.

The database enforces the first two already; they can still break after a constraint was dropped, added
``NOT VALID``, or bypassed by a restore. The third catches fields whose model forgot its constraint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils.module_loading import module_has_submodule

NON_NEGATIVE_NAME = re.compile(r"^(stock|quantity)$|amount|total|price|fee|cost")
NUMERIC_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)
SAMPLE = 10


@dataclass(frozen=True)
class Violation:
    model: str
    rule: str
    count: int
    sample: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.model}: {self.rule}: {self.count} row(s), e.g. {', '.join(self.sample)}"


def _project_apps():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts and "site-packages" not in path.parts:
            yield config


def project_models() -> Iterator[type[models.Model]]:
    """Concrete, managed models of the project's own apps (not Django's or third-party ones)."""
    for config in _project_apps():
        for model in config.get_models():
            if model._meta.managed and not model._meta.proxy:
                yield model


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _check_constraints(model: type[models.Model]) -> Iterator[tuple[str, models.QuerySet]]:
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            ok = ExpressionWrapper(constraint.condition, output_field=BooleanField())
            yield f"check {constraint.name}", model._base_manager.alias(_ok=ok).filter(_ok=False)


def _unique_rules(model: type[models.Model]) -> Iterator[tuple[str, list[str], Q | None]]:
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and not constraint.expressions:
            yield f"unique {constraint.name}", list(constraint.fields), constraint.condition
    for fields in model._meta.unique_together:
        yield f"unique together {'+'.join(fields)}", list(fields), None
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            yield f"unique {field.name}", [field.name], None


def _non_negative(model: type[models.Model]) -> Iterator[tuple[str, models.QuerySet]]:
    for field in model._meta.concrete_fields:
        if isinstance(field, NUMERIC_FIELDS) and not field.primary_key and NON_NEGATIVE_NAME.search(field.name):
            if isinstance(field, models.ForeignKey):
                continue
            yield f"{field.name} >= 0", model._base_manager.filter(**{f"{field.name}__lt": 0})


def find_violations() -> tuple[list[Violation], int]:
    """All violations, and how many rules were checked."""
    violations: list[Violation] = []
    rules = 0
    for model in project_models():
        for rule, queryset in [*_check_constraints(model), *_non_negative(model)]:
            rules += 1
            count = queryset.count()
            if count:
                sample = tuple(f"pk={pk}" for pk in queryset.order_by("pk").values_list("pk", flat=True)[:SAMPLE])
                violations.append(Violation(_label(model), rule, count, sample))
        for rule, fields, condition in _unique_rules(model):
            rules += 1
            queryset = model._base_manager.all()
            if condition is not None:
                queryset = queryset.filter(condition)
            for name in fields:
                queryset = queryset.exclude(**{f"{name}__isnull": True})
            duplicates = queryset.values(*fields).annotate(_n=Count("pk")).filter(_n__gt=1).order_by()
            count = sum(row["_n"] for row in duplicates)
            if count:
                sample = tuple("+".join(f"{name}={row[name]!r}" for name in fields) for row in duplicates[:SAMPLE])
                violations.append(Violation(_label(model), rule, count, sample))
    for config in _project_apps():
        if not module_has_submodule(config.module, "invariants"):
            continue
        hook = getattr(import_module(f"{config.name}.invariants"), "violations", None)
        if callable(hook):  # (this module is craftmarket.common's own "invariants" and has none)
            rules += 1
            violations.extend(Violation(model, rule, count, sample) for model, rule, count, sample in hook())
    return violations, rules

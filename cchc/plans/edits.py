"""Edits of an imported plan: a task or a target, one at a time.

Kept apart from drafts.py and plan_import.py (the import). Both functions check the edit permission
themselves (views also 404 before calling them) and refuse stale edits: a task carries
`version`; a target has no version column, so the form carries a fingerprint of the
values it started from and the edit is refused when the stored values differ.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cchc.audit.services import changed_fields, record_change
from cchc.docparse.deadlines import parse_deadline
from cchc.org.access import can_edit_unit
from cchc.org.models import Unit
from cchc.plans.models import Assignment, Target, Task

TASK_FIELDS = frozenset({"code", "title", "products", "deadline_text", "due"})
TARGET_FIELDS = frozenset(
    {"code", "text", "indicator", "op", "value", "unit_label", "base_year", "implied_value", "scope"}
)

# (wording as written, unit or None) for each lead / supporting unit, in order.
AssignmentSpec = tuple[str, Unit | None]


class StaleEditError(ValidationError):
    """Someone saved the task or target after this edit started; nothing was written."""


STALE_TASK_MESSAGE = _(
    "Someone else saved this task after you opened it. Your changes were not saved; "
    "the form now shows the current version, please make your changes again."
)
STALE_TARGET_MESSAGE = _(
    "Someone else saved this target after you opened it. Your changes were not saved; "
    "the form now shows the current version, please make your changes again."
)


def update_task(
    *,
    task: Task,
    user: AbstractBaseUser,
    version: int,
    lead: Sequence[AssignmentSpec] | None = None,
    support: Sequence[AssignmentSpec] | None = None,
    **fields: object,
) -> Task:
    """Change a task's fields and, when given, its lead / supporting units.

    `version` is the task version the edit started from; a different stored version
    raises StaleEditError and writes nothing. A changed `deadline_text` re-derives the
    deadline kind, due date, recurrence and event (parse_deadline with the plan year);
    a `due` that differs from the stored one is the person's own date and wins.
    `lead` / `support` replace that role's assignments: (wording, unit or None) pairs.
    """
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise TypeError(f"update_task() cannot change {', '.join(sorted(unknown))}")
    plan = task.plan
    if not can_edit_unit(user, plan.issuer):
        raise PermissionDenied
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if current.version != version:
            raise StaleEditError(STALE_TASK_MESSAGE, code="stale")
        old_due, old_text = current.due, current.deadline_text
        before = {name: getattr(current, name) for name in _TASK_COLUMNS}
        for name, value in fields.items():
            setattr(current, name, value)
        if "products" in fields:
            current.products = [str(p).strip() for p in current.products or [] if str(p).strip()]
        current.deadline_text = " ".join((current.deadline_text or "").split())
        if current.deadline_text != old_text:
            _derive_deadline(current, year=plan.year)
            own_due = fields.get("due", old_due)
            if "due" in fields and own_due != old_due:
                current.due = own_due
        elif "due" in fields and current.due != old_due:
            _own_due(current, current.due)
        current.full_clean(exclude=["plan", "section", "source_ref"])
        values = {name: getattr(current, name) for name in _TASK_COLUMNS}
        written = Task.objects.filter(pk=current.pk, version=version).update(**values, version=version + 1)
        if not written:  # a concurrent writer won between our read and write
            raise StaleEditError(STALE_TASK_MESSAGE, code="stale")
        current.version = version + 1
        for role, specs in ((Assignment.Role.LEAD, lead), (Assignment.Role.SUPPORT, support)):
            if specs is not None:
                before[role] = _wordings(current, role)
                values[role] = _replace_assignments(current, role, specs)
        changes = changed_fields(before, values, fields=[*_TASK_COLUMNS, "lead", "support"])
        if changes:
            record_change(
                actor=user,
                action="task.update",
                subject_type="task",
                subject_id=current.pk,
                task_id=current.pk,
                changes=changes,
            )
    current.plan = plan
    return current


_TASK_COLUMNS = (
    "code",
    "title",
    "products",
    "deadline_text",
    "deadline_kind",
    "due",
    "recurrence",
    "event",
    "offset_working_days",
)


def _derive_deadline(task: Task, *, year: int | None) -> None:
    deadline = parse_deadline(task.deadline_text or None, year=year)
    task.deadline_kind = deadline.kind
    task.due = deadline.due
    task.recurrence = deadline.recurrence or ""
    task.event = deadline.event or ""
    task.offset_working_days = deadline.offset_working_days


def _own_due(task: Task, due: date | None) -> None:
    """A date typed by a person: a task whose deadline was not understood becomes dated."""
    task.due = due
    if due is not None and task.deadline_kind == Task.DeadlineKind.UNKNOWN:
        task.deadline_kind = Task.DeadlineKind.BY_DATE


def _wordings(task: Task, role: str) -> list[str]:
    return list(
        Assignment.objects.filter(task=task, role=role)
        .order_by("position", "pk")
        .values_list("wording", flat=True)
    )


def _replace_assignments(task: Task, role: str, specs: Iterable[AssignmentSpec]) -> list[str]:
    """Replace the task's `role` assignments; the wordings written, in order."""
    rows = []
    for wording, unit in specs:
        text = " ".join((wording or "").split()) or (unit.name if unit is not None else "")
        if text:
            rows.append(
                Assignment(
                    task=task,
                    plan_id=task.plan_id,
                    unit=unit,
                    role=role,
                    wording=text[:500],
                    position=len(rows),
                )
            )
    Assignment.objects.filter(task=task, role=role).delete()
    Assignment.objects.bulk_create(rows)
    return [row.wording for row in rows]


def target_fingerprint(target: Target) -> str:
    """A short digest of a target's editable values: the stand-in for a version column."""
    values = {name: _plain(getattr(target, name)) for name in sorted(TARGET_FIELDS)}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:32]


def _plain(value: object) -> object:
    if value is None or isinstance(value, int | str):
        return value
    # Decimals from the database (98.5000) and from a form (98.5) must digest alike.
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def update_target(
    *, target: Target, user: AbstractBaseUser, fingerprint: str | None = None, **fields: object
) -> Target:
    """Change a target's fields. With `fingerprint` (target_fingerprint of the values the
    edit started from), a target changed meanwhile raises StaleEditError and nothing is written."""
    unknown = set(fields) - TARGET_FIELDS
    if unknown:
        raise TypeError(f"update_target() cannot change {', '.join(sorted(unknown))}")
    plan = target.plan
    if not can_edit_unit(user, plan.issuer):
        raise PermissionDenied
    with transaction.atomic():
        current = Target.objects.select_for_update().get(pk=target.pk)
        if fingerprint is not None and fingerprint != target_fingerprint(current):
            raise StaleEditError(STALE_TARGET_MESSAGE, code="stale")
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean(exclude=["plan", "source_ref"])
        current.save(update_fields=sorted(TARGET_FIELDS))
    current.plan = plan
    return current

"""What a new version of a plan changes in its tasks: added, removed, changed (code, title,
lead, deadline), as the review page shows it and as the confirmation will write it.

The pairing is cchc.plans.version_match.match_tasks over the plan's current tasks (those not
withdrawn), the same call the import makes, so the review shows what confirming does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Max

from cchc.plans.draft_payload import payload_date
from cchc.plans.models import Assignment, ImportDraft, Plan, Task
from cchc.plans.version_match import FILE, match_tasks, normalise_text, task_key

TITLE, CODE, LEAD, DEADLINE = "title", "code", "lead", "deadline"


@dataclass(frozen=True)
class Deadline:
    """A task's deadline as the review shows it: the date, the kind, the words of the plan."""

    text: str
    kind: str
    due: date | None

    @property
    def kind_label(self) -> str:
        return str(Task.DeadlineKind(self.kind).label) if self.kind in Task.DeadlineKind.values else ""

    def key(self) -> tuple[str, str, date | None]:
        return normalise_text(self.text), self.kind, self.due


@dataclass(frozen=True)
class Change:
    """One field of a task that the new version changes (`before` and `after` of its type)."""

    field: str
    before: Any
    after: Any


@dataclass
class TaskRow:
    """A task on one side of the diff; `index` is the row of the new document, `task_id` the
    stored task (None for an added task), `has_work` filled in by the tracking side."""

    code: str
    title: str
    lead: list[str]
    deadline: Deadline
    index: int | None = None
    task_id: int | None = None
    changes: list[Change] = field(default_factory=list)
    has_work: bool = False


@dataclass
class VersionDiff:
    """The tasks of `plan` against a new document: added, removed, changed and unchanged."""

    plan: Plan
    match: str  # how the plan was recognised: version_match.FILE, NUMBER or TITLE
    added: list[TaskRow]
    removed: list[TaskRow]
    changed: list[TaskRow]
    unchanged: int
    next_number: int = 1  # the number the new version will get

    @property
    def same_file(self) -> bool:
        return self.match == FILE

    @property
    def needs_decision(self) -> list[TaskRow]:
        """Removed tasks with recorded work: keep or withdraw each, explicitly."""
        return [row for row in self.removed if row.has_work]

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }


def draft_version_diff(*, draft: ImportDraft) -> VersionDiff | None:
    """The diff of a draft against the plan it updates; None for a draft of a new plan."""
    if draft.existing_plan is None:
        return None
    return plan_version_diff(
        plan=draft.existing_plan, payload=draft.payload or {}, match=draft.existing_match
    )


def plan_version_diff(*, plan: Plan, payload: Mapping[str, Any], match: str = "") -> VersionDiff:
    """The tasks of `payload` (a plan-schema dict) against the current tasks of `plan`.
    Four queries whatever the number of tasks."""
    latest = plan.versions.aggregate(n=Max("number"))["n"] or 0
    stored = current_tasks(plan=plan)
    leads = _stored_leads(stored)
    rows = list(payload.get("tasks") or [])
    pairs = match_tasks([task_key(t.code, t.title) for t in stored], [_row_key(r) for r in rows])
    added, changed, unchanged = [], [], 0
    for index, (row, j) in enumerate(zip(rows, pairs, strict=True)):
        new = _payload_row(row, index=index)
        if j is None:
            added.append(new)
            continue
        old = _stored_row(stored[j], leads)
        new.task_id = old.task_id
        new.changes = _changes(old, new)
        if new.changes:
            changed.append(new)
        else:
            unchanged += 1
    kept = set(pairs)
    removed = [_stored_row(task, leads) for j, task in enumerate(stored) if j not in kept]
    return VersionDiff(plan, match, added, removed, changed, unchanged, next_number=latest + 1)


def current_tasks(*, plan: Plan) -> list[Task]:
    """The plan's tasks a new version is matched against: not withdrawn, in document order."""
    return list(Task.objects.filter(plan=plan, withdrawn_in=None).order_by("position", "pk"))


def _row_key(row: Mapping[str, Any]) -> tuple[str, str]:
    return task_key(row.get("code"), row.get("title"))


def _stored_leads(tasks: Sequence[Task]) -> dict[int, list[str]]:
    leads: dict[int, list[str]] = {}
    rows = Assignment.objects.filter(task__in=[t.pk for t in tasks], role=Assignment.Role.LEAD)
    for task_id, wording in rows.order_by("task_id", "position", "pk").values_list("task_id", "wording"):
        leads.setdefault(task_id, []).append(wording)
    return leads


def _stored_row(task: Task, leads: Mapping[int, list[str]]) -> TaskRow:
    return TaskRow(
        code=task.code,
        title=task.title,
        lead=leads.get(task.pk, []),
        deadline=Deadline(task.deadline_text, task.deadline_kind, task.due),
        task_id=task.pk,
    )


def _payload_row(row: Mapping[str, Any], *, index: int) -> TaskRow:
    code, title = _row_key(row)
    deadline = row.get("deadline") or {}
    return TaskRow(
        code=code,
        title=title,
        lead=[w for w in row.get("lead") or [] if w],
        deadline=Deadline(
            str(deadline.get("text") or "").strip(),
            deadline.get("kind") or Task.DeadlineKind.UNKNOWN,
            payload_date(deadline.get("due")),
        ),
        index=index,
    )


def _changes(old: TaskRow, new: TaskRow) -> list[Change]:
    changes = []
    if old.code != new.code:
        changes.append(Change(CODE, old.code, new.code))
    if normalise_text(old.title) != normalise_text(new.title):
        changes.append(Change(TITLE, old.title, new.title))
    if [normalise_text(w) for w in old.lead] != [normalise_text(w) for w in new.lead]:
        changes.append(Change(LEAD, old.lead, new.lead))
    if old.deadline.key() != new.deadline.key():
        changes.append(Change(DEADLINE, old.deadline, new.deadline))
    return changes

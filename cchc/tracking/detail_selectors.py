"""Reads of the pages where people act: one obligation, and one task with its history.

Nothing here decides access: callers fetch the obligation through
cchc.tracking.access.obligation_get_for_user and the task through
cchc.plans.selectors.task_get_for_user; the task's obligations are read through
obligations_for_user, and its history is limited to what the reader may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc import clock
from cchc.audit.models import Entry
from cchc.audit.selectors import entries_for_task
from cchc.org.access import units_for_user
from cchc.plans.models import Assignment, Task
from cchc.tracking.access import Action, allowed_actions, obligations_for_user
from cchc.tracking.calendar import working_calendar
from cchc.tracking.due_states import DueState, due_state, overdue_working_days
from cchc.tracking.extensions import MAX_EXTENSIONS
from cchc.tracking.models import Evidence, ExtensionRequest, Obligation, ProgressUpdate
from cchc.tracking.selectors import period_label

User = AbstractBaseUser | AnonymousUser


def user_label(user: AbstractBaseUser | None) -> str:
    """A person as pages name them: full name, else user name ("—" for a deleted account)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


# --- One obligation -----------------------------------------------------------------------------


@dataclass
class ObligationPage:
    """Everything the obligation page shows, and which of its forms the reader gets."""

    obligation: Obligation
    actions: frozenset[Action]
    state: DueState
    overdue_days: int
    period: str
    updates: list[ProgressUpdate]
    loose_evidence: list[Evidence]
    extensions: list[ExtensionRequest]
    max_extensions: int = MAX_EXTENSIONS

    @property
    def latest(self) -> ProgressUpdate | None:
        return self.updates[0] if self.updates else None

    @property
    def pending_update(self) -> ProgressUpdate | None:
        """The latest update when it awaits a leader's approval."""
        latest = self.latest
        return latest if latest is not None and latest.review == Obligation.Review.PENDING else None

    @property
    def pending_extension(self) -> ExtensionRequest | None:
        return next((x for x in self.extensions if x.status == ExtensionRequest.Status.PENDING), None)

    @property
    def is_open(self) -> bool:
        return self.obligation.status in Obligation.OPEN_STATUSES

    @property
    def awaits_event(self) -> bool:
        """An event task whose event nobody has recorded yet (so it has no due date)."""
        ob = self.obligation
        return ob.period == "event" and ob.due is None

    @property
    def can_record(self) -> bool:
        return Action.RECORD in self.actions and self.obligation.active

    @property
    def can_record_event(self) -> bool:
        may = Action.RECORD in self.actions or Action.DECIDE in self.actions
        return may and self.obligation.active and self.awaits_event

    @property
    def can_review(self) -> bool:
        return Action.REVIEW in self.actions and self.pending_update is not None

    @property
    def can_request_extension(self) -> bool:
        """Recorders of an open obligation with a due date, no request pending, under the limit."""
        ob = self.obligation
        return (
            self.can_record
            and self.is_open
            and ob.due is not None
            and self.pending_extension is None
            and ob.extensions_granted < self.max_extensions
        )

    @property
    def can_decide(self) -> bool:
        return Action.DECIDE in self.actions and self.pending_extension is not None

    @property
    def extended(self) -> bool:
        ob = self.obligation
        return ob.due is not None and ob.base_due is not None and ob.due != ob.base_due


def obligation_page(*, obligation: Obligation, user: User) -> ObligationPage:
    """The obligation page's data: updates newest first (authors, reviewers, evidence), the
    evidence added without an update, extension requests, due state and the reader's actions."""
    today = clock.today()
    calendar = working_calendar()
    state = due_state(status=obligation.status, due=obligation.due, today=today, calendar=calendar)
    late = overdue_working_days(due=obligation.due, today=today, calendar=calendar) if obligation.due else 0
    updates = list(
        obligation.updates.select_related("author", "reviewed_by").prefetch_related("evidence__uploaded_by")
    )
    return ObligationPage(
        obligation=obligation,
        actions=allowed_actions(user, obligation),
        state=state,
        overdue_days=late if state is DueState.OVERDUE else 0,
        period=period_label(obligation.period),
        updates=updates,
        loose_evidence=list(obligation.evidence.filter(update=None).select_related("uploaded_by")),
        extensions=list(obligation.extensions.select_related("requested_by", "decided_by")),
    )


# --- One task -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One changed field of a history entry, as shown: label, old → new."""

    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    """One audit entry in words."""

    at: Any
    actor: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""


@dataclass
class TaskPage:
    """A task's units, the obligations the reader may see (with their due state) and history."""

    task: Task
    leads: list[Assignment]
    supports: list[Assignment]
    obligations: list[Obligation]
    history: list[HistoryRow]
    max_extensions: int = MAX_EXTENSIONS


def task_page(*, task: Task, user: User) -> TaskPage:
    """The task page's data. `task` comes from task_get_for_user (its plan is set)."""
    assignments = list(task.assignments.select_related("unit").order_by("role", "position", "pk"))
    obligations = _task_obligations(task=task, user=user)
    return TaskPage(
        task=task,
        leads=[a for a in assignments if a.role == Assignment.Role.LEAD],
        supports=[a for a in assignments if a.role == Assignment.Role.SUPPORT],
        obligations=obligations,
        history=task_history(task=task, user=user),
    )


def _task_obligations(*, task: Task, user: User) -> list[Obligation]:
    """The task's obligations the user may read, lead first, by due date, each with
    `due_state`, `overdue_days` and `period_label` set."""
    rows = list(
        obligations_for_user(user)
        .filter(task=task)
        .select_related("unit")
        .order_by("role", F("due").asc(nulls_last=True), "unit__path", "period", "pk")
    )
    today, calendar = clock.today(), working_calendar()
    for ob in rows:
        ob.due_state = due_state(status=ob.status, due=ob.due, today=today, calendar=calendar)
        overdue = ob.due_state is DueState.OVERDUE
        ob.overdue_days = overdue_working_days(due=ob.due, today=today, calendar=calendar) if overdue else 0
        ob.period_label = period_label(ob.period)
    return rows


# Subjects of history entries that belong to an obligation, and how to find which one.
_SUBJECT_MODELS = {"progress": ProgressUpdate, "evidence": Evidence, "extension": ExtensionRequest}


def task_history(*, task: Task, user: User) -> list[HistoryRow]:
    """The task's audit history in words, newest first.

    The issuing side of the plan sees all of it; a unit that only reads the plan because it
    is assigned there sees the task's own changes and those of the obligations it may read
    (not another unit's progress). A fixed number of queries (at most seven).
    """
    entries = list(entries_for_task(task_id=task.pk))
    owners = _obligation_of_entries(entries)
    obligations = {ob.pk: ob for ob in Obligation.objects.filter(task=task).select_related("unit")}
    if not _issuer_side(user, task):
        readable = set(obligations_for_user(user).filter(task=task).values_list("pk", flat=True))
        entries = [e for e in entries if e.subject_type == "task" or owners.get(e.pk) in readable]
    return [_history_row(e, obligations.get(owners.get(e.pk))) for e in entries]


def _issuer_side(user: User, task: Task) -> bool:
    return user.is_superuser or units_for_user(user).filter(pk=task.plan.issuer_id).exists()


def _obligation_of_entries(entries: list[Entry]) -> dict[int, int | None]:
    """{entry id: id of the obligation it is about} (None for the task's own entries)."""
    ids: dict[str, set[int]] = {}
    for e in entries:
        if e.subject_type in _SUBJECT_MODELS:
            ids.setdefault(e.subject_type, set()).add(e.subject_id)
    owner_of = {
        kind: dict(_SUBJECT_MODELS[kind].objects.filter(pk__in=pks).values_list("pk", "obligation_id"))
        for kind, pks in ids.items()
    }
    result: dict[int, int | None] = {}
    for e in entries:
        if e.subject_type == "obligation":
            result[e.pk] = e.subject_id
        else:
            result[e.pk] = owner_of.get(e.subject_type, {}).get(e.subject_id)
    return result


ACTION_LABELS = {
    "task.update": gettext_lazy("Task changed"),
    "obligation.create": gettext_lazy("Obligation created"),
    "obligation.due_change": gettext_lazy("Due date changed"),
    "obligation.deactivate": gettext_lazy("Obligation no longer asked for"),
    "obligation.event": gettext_lazy("Event recorded"),
    "progress.record": gettext_lazy("Progress recorded"),
    "progress.approve": gettext_lazy("Update approved"),
    "progress.return": gettext_lazy("Update returned"),
    "evidence.add": gettext_lazy("Evidence file added"),
    "extension.request": gettext_lazy("Extension requested"),
    "extension.grant": gettext_lazy("Extension granted"),
    "extension.refuse": gettext_lazy("Extension refused"),
}

FIELD_LABELS = {
    "code": gettext_lazy("Code"),
    "obligations": gettext_lazy("Obligations"),
    "title": gettext_lazy("Task"),
    "products": gettext_lazy("Products"),
    "deadline_text": gettext_lazy("Deadline as written"),
    "deadline_kind": gettext_lazy("Deadline kind"),
    "due": gettext_lazy("Due date"),
    "base_due": gettext_lazy("Due date from the plan"),
    "recurrence": gettext_lazy("Recurrence"),
    "event_on": gettext_lazy("Event date"),
    "leads": gettext_lazy("Lead unit"),
    "lead": gettext_lazy("Lead unit"),
    "supports": gettext_lazy("Supporting units"),
    "support": gettext_lazy("Supporting units"),
    "status": gettext_lazy("Status"),
    "review": gettext_lazy("Review"),
    "account": gettext_lazy("Account of the work"),
    "product_number": gettext_lazy("Product document number"),
    "product_date": gettext_lazy("Product document date"),
    "completed_on": gettext_lazy("Completed on"),
    "late_working_days": gettext_lazy("Working days late"),
    "reason": gettext_lazy("Reason"),
    "comment": gettext_lazy("Comment"),
    "review_comment": gettext_lazy("Comment"),
    "requested_due": gettext_lazy("Requested due date"),
    "extensions_granted": gettext_lazy("Extensions granted"),
    "active": gettext_lazy("Active"),
    "file": gettext_lazy("File"),
    "original_name": gettext_lazy("File name"),
    "kind": gettext_lazy("File type"),
    "size": gettext_lazy("Size"),
}

# Fields whose stored codes have labels (the choices of the models).
_CHOICES = {
    "status": {**dict(Obligation.Status.choices), **dict(ExtensionRequest.Status.choices)},
    "review": dict(Obligation.Review.choices),
    "role": dict(Obligation.Role.choices),
    "deadline_kind": dict(Task.DeadlineKind.choices),
    "recurrence": dict(Task.Recurrence.choices),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HIDDEN_FIELDS = {"version", "sha256"}


def _history_row(entry: Entry, obligation: Obligation | None) -> HistoryRow:
    changes = [
        Change(str(FIELD_LABELS.get(name, name)), show_value(name, old), show_value(name, new))
        for name, (old, new) in (entry.changes or {}).items()
        if name not in _HIDDEN_FIELDS
    ]
    return HistoryRow(
        at=entry.at,
        actor=user_label(entry.actor),
        action=str(ACTION_LABELS.get(entry.action, entry.action)),
        subject=_subject_label(entry, obligation),
        changes=changes,
        note=entry.note,
    )


def _subject_label(entry: Entry, obligation: Obligation | None) -> str:
    if entry.subject_type == "task" or obligation is None:
        return ""
    period = period_label(obligation.period)
    return f"{obligation.unit.name} · {period}" if period else obligation.unit.name


def show_value(name: str, value: Any) -> str:
    """A stored old/new value as people read it: dates dd/mm/yyyy, codes as their labels,
    lists one per line, nothing as "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "\n".join(show_value(name, v) for v in value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if name in _CHOICES and value in _CHOICES[name]:
        return str(_CHOICES[name][value])
    return str(value)

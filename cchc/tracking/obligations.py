"""Obligations from tasks, kept in step with the plan: what each unit owes, and by when.

`sync_plan_obligations` / `sync_task_obligations` make the stored obligations match what the
tasks ask now: one per unit with an assignment (a unit that both leads and supports a task
leads it; a unit named twice counts once) per occurrence (cchc.tracking.periods). Missing ones
are created; open ones are recomputed; ones no longer asked for are deleted when nothing hangs
on them (no update, evidence or extension request), else deactivated so that their history
stays; deactivated ones asked for again come back. A second run changes nothing. Rows are read
once and written in bulk: the query count does not grow with the number of tasks, beyond the
batches the database's parameter limit imposes on bulk writes (SQLite: ~50 obligations per
INSERT; PostgreSQL: one). Audit: one "obligation.create" summary per task that gained
obligations (not one per obligation: an import creates thousands); one entry per obligation
recomputed, deactivated, deleted, brought back or given its event date. A task withdrawn in a
new version of its plan asks nothing: its obligations go the way of those no longer asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.clock import today
from cchc.plans.models import Assignment, Plan, Task
from cchc.tracking import periods
from cchc.tracking.access import Action, allowed_actions
from cchc.tracking.calendar import working_calendar
from cchc.tracking.errors import ObligationInactive, StaleObligation, TrackingError
from cchc.tracking.models import Evidence, ExtensionRequest, Obligation, ProgressUpdate
from cchc.tracking.obligation_audit import created_entries, row_entry, save_entries
from cchc.tracking.periods import EVENT, support_due
from cchc.workdays import Calendar

LEAD, SUPPORT = Obligation.Role.LEAD, Obligation.Role.SUPPORT
# What a recompute may change on an open obligation.
_RECOMPUTED = ("role", "period_end", "base_due", "due", "event_on")
# Up to this many distinct sets of new values are saved with one UPDATE each (see _update_rows).
_GROUPED_UPDATES = 20
_TASK_FIELDS = (
    "pk",
    "plan_id",
    "deadline_kind",
    "due",
    "recurrence",
    "offset_working_days",
    "withdrawn_in_id",
)

Key = tuple[int, str]  # (unit id, period)


class InvalidEvent(TrackingError):
    """An event cannot be recorded (wrong kind of obligation, closed, dates)."""

    default_code = "event"


@dataclass
class SyncResult:
    """How many obligations a sync created, recomputed (or brought back), deactivated, deleted."""

    created: int = 0
    updated: int = 0
    deactivated: int = 0
    deleted: int = 0


@dataclass(frozen=True)
class _Want:
    """One obligation a task asks for (a new row starts with due = base_due)."""

    role: str
    period_end: date | None
    base_due: date | None
    event_on: date | None = None


@dataclass
class _Plan:
    """What every task of one plan shares while its obligations are computed."""

    year: int
    reports: list[tuple[str, date | None]]
    calendar: Calendar
    names: dict[int, str]  # unit id → name, for the audit notes


@dataclass
class _Changes:
    create: list[Obligation] = field(default_factory=list)
    update: list[tuple[Obligation, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    remove: list[Obligation] = field(default_factory=list)


# --- sync ----------------------------------------------------------------------------------------


def sync_plan_obligations(*, plan: Plan, actor: AbstractBaseUser | None = None) -> SyncResult:
    """Make the obligations of every task of `plan` match what the tasks ask now."""
    with transaction.atomic():
        tasks = list(Task.objects.filter(plan=plan).only(*_TASK_FIELDS))
        assignments, existing = Assignment.objects.filter(plan=plan), Obligation.objects.filter(plan=plan)
        return _sync(plan, tasks, assignments, existing, actor=actor)


def sync_task_obligations(*, task: Task, actor: AbstractBaseUser | None = None) -> SyncResult:
    """Make one task's obligations match its current deadline and units."""
    with transaction.atomic():
        task = Task.objects.select_related("plan").get(pk=task.pk)
        assignments, existing = Assignment.objects.filter(task=task), Obligation.objects.filter(task=task)
        return _sync(task.plan, [task], assignments, existing, actor=actor)


def _sync(
    plan: Plan,
    tasks: Sequence[Task],
    assignments: QuerySet[Assignment],
    existing: QuerySet[Obligation],
    *,
    actor: AbstractBaseUser | None,
) -> SyncResult:
    units = _units_by_task(assignments)
    stored: dict[int, dict[Key, Obligation]] = defaultdict(dict)
    # Locked in primary-key order, as every writer locks them, so two syncs cannot deadlock.
    for row in existing.select_for_update(of=("self",)).select_related("unit").order_by("pk"):
        stored[row.task_id][(row.unit_id, row.period)] = row
    context = _Plan(
        year=plan.year,
        reports=list(plan.report_deadlines.order_by("position", "pk").values_list("period", "due")),
        calendar=working_calendar(),
        names={row.unit_id: row.unit.name for rows in stored.values() for row in rows.values()},
    )
    changes = _Changes()
    for task in tasks:
        roles: dict[int, str] = {}
        # A task withdrawn in a new version of the plan asks nothing of its units any more.
        for unit_id, role, name in units.get(task.pk, ()) if task.withdrawn_in_id is None else ():
            roles[unit_id] = LEAD if role == LEAD else roles.get(unit_id, SUPPORT)
            context.names[unit_id] = name
        rows = stored.get(task.pk, {})
        _compare(task, _wanted(task, roles, rows, context), rows, changes)
    return _write(changes, context=context, actor=actor)


def _units_by_task(assignments: QuerySet[Assignment]) -> dict[int, list[tuple[int, str, str]]]:
    units: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    rows = assignments.exclude(unit=None).order_by("task_id", "role", "position", "pk")
    for task_id, unit_id, role, name in rows.values_list("task_id", "unit_id", "role", "unit__name"):
        units[task_id].append((unit_id, role, name))
    return units


def _wanted(
    task: Task, roles: Mapping[int, str], rows: Mapping[Key, Obligation], context: _Plan
) -> dict[Key, _Want]:
    """The obligations `task` asks of units with `roles`, by (unit, period)."""
    if task.deadline_kind == Task.DeadlineKind.EVENT:
        return _wanted_for_event(task, roles, rows, context)
    found = periods.occurrences(
        kind=task.deadline_kind,
        due=task.due,
        recurrence=task.recurrence,
        year=context.year,
        report_periods=context.reports,
        calendar=context.calendar,
    )
    wants: dict[Key, _Want] = {}
    for occurrence in found:
        start = periods.period_start(occurrence.period, year=context.year)
        lead_due = occurrence.due
        support = support_due(lead_due=lead_due, period_start=start, calendar=context.calendar)
        for unit_id, role in roles.items():
            base = lead_due if role == LEAD else support
            wants[(unit_id, occurrence.period)] = _Want(role, occurrence.period_end, base)
    return wants


def _wanted_for_event(
    task: Task, roles: Mapping[int, str], rows: Mapping[Key, Obligation], context: _Plan
) -> dict[Key, _Want]:
    """Each unit's event obligation, due once its event is recorded; a supporting unit without
    an event date of its own follows the task's first lead obligation whose event was recorded."""
    leads = sorted((r.pk, r.event_on) for r in rows.values() if r.role == LEAD and r.event_on)
    wants: dict[Key, _Want] = {}
    for unit_id, role in roles.items():
        row = rows.get((unit_id, EVENT))
        event_on = row.event_on if row is not None else None
        if event_on is None and role == SUPPORT and leads:
            event_on = leads[0][1]
        due = periods.event_due(event_on=event_on, offset=task.offset_working_days, calendar=context.calendar)
        if role == SUPPORT and event_on is not None:
            due = support_due(lead_due=due, period_start=event_on, calendar=context.calendar)
        wants[(unit_id, EVENT)] = _Want(role, None, due, event_on)
    return wants


def _compare(
    task: Task, wants: Mapping[Key, _Want], rows: Mapping[Key, Obligation], changes: _Changes
) -> None:
    for key, want in wants.items():
        row = rows.get(key)
        if row is None:
            changes.create.append(_new_obligation(task, key, want))
        else:
            _refresh(row, want, changes)
    changes.remove.extend(row for key, row in rows.items() if key not in wants and row.active)


def _new_obligation(task: Task, key: Key, want: _Want) -> Obligation:
    return Obligation(
        task_id=task.pk, plan_id=task.plan_id, unit_id=key[0], period=key[1], due=want.base_due, **vars(want)
    )


def _refresh(row: Obligation, want: _Want, changes: _Changes) -> None:
    """Bring an existing row in line with `want`: only open rows are recomputed."""
    diff: dict[str, tuple[Any, Any]] = {}
    if not row.active:
        diff["active"] = (False, True)
    if row.status in Obligation.OPEN_STATUSES:
        due = periods.recomputed_due(
            due=row.due,
            base_due=row.base_due,
            new_base_due=want.base_due,
            extended=row.extensions_granted > 0,
        )
        new = {**vars(want), "due": due}
        diff.update(
            {name: (getattr(row, name), new[name]) for name in _RECOMPUTED if getattr(row, name) != new[name]}
        )
        if "due" in diff and row.escalated_on is not None:  # a new date: late (and escalated) afresh
            diff["escalated_on"] = (row.escalated_on, None)
    if diff:
        for name, (_old, value) in diff.items():
            setattr(row, name, value)
        row.version += 1
        changes.update.append((row, diff))


def _write(changes: _Changes, *, context: _Plan, actor: AbstractBaseUser | None) -> SyncResult:
    kept = _with_history([row.pk for row in changes.remove])
    deactivated = [row for row in changes.remove if row.pk in kept]
    deleted = [row for row in changes.remove if row.pk not in kept]
    for row in deactivated:
        row.active, row.version = False, row.version + 1
    diffs = [*changes.update, *((r, {"active": (True, False)}) for r in deactivated)]
    Obligation.objects.bulk_create(changes.create)
    _update_rows(diffs)
    if deleted:
        Obligation.objects.filter(pk__in=[row.pk for row in deleted]).delete()
    diffs += [(row, {"deleted": (False, True)}) for row in deleted]
    entries = created_entries(changes.create, names=context.names)
    entries += [row_entry(row, diff, unit_name=context.names.get(row.unit_id, "")) for row, diff in diffs]
    save_entries(entries, actor=actor)
    return SyncResult(len(changes.create), len(changes.update), len(deactivated), len(deleted))


def _update_rows(diffs: Sequence[tuple[Obligation, Mapping[str, tuple[Any, Any]]]]) -> None:
    """Save changed rows (their versions already bumped in memory, the rows locked).

    Rows moved to the same values (a whole plan's deadline moves) share one UPDATE; when the
    values are too varied for that, one bulk_update of the changed columns."""
    now = timezone.now()
    groups: dict[tuple, list[int]] = defaultdict(list)
    for row, diff in diffs:
        row.updated_at = now
        groups[tuple((name, new) for name, (_old, new) in sorted(diff.items()))].append(row.pk)
    if len(groups) <= _GROUPED_UPDATES:
        for values, pks in groups.items():
            Obligation.objects.filter(pk__in=pks).update(
                **dict(values), version=F("version") + 1, updated_at=now
            )
        return
    columns = {name for _row, diff in diffs for name in diff}
    Obligation.objects.bulk_update(
        [row for row, _diff in diffs], fields=[*sorted(columns), "version", "updated_at"]
    )


def _with_history(pks: Sequence[int]) -> set[int]:
    """Those of `pks` with a progress update, an evidence file or an extension request."""
    if not pks:
        return set()
    has = (
        Exists(ProgressUpdate.objects.filter(obligation=OuterRef("pk")))
        | Exists(Evidence.objects.filter(obligation=OuterRef("pk")))
        | Exists(ExtensionRequest.objects.filter(obligation=OuterRef("pk")))
    )
    return set(Obligation.objects.filter(has, pk__in=pks).values_list("pk", flat=True))


# --- events ----------------------------------------------------------------------------------------


def record_event(
    *,
    obligation: Obligation,
    user: AbstractBaseUser,
    event_on: date,
    due: date | None = None,
    version: int | None = None,
) -> Obligation:
    """Record that an event task's event happened on `event_on`: the obligation (and, for a
    lead obligation, the task's open supporting obligations of the same period) become due
    `offset_working_days` working days later, supporting units 2 working days before the lead.

    `due` is a date a leader of the issuing side sets instead (Action.DECIDE); `version`, when
    given, is the obligation's version the form started from (StaleObligation if it moved).
    """
    actions = allowed_actions(user, obligation)
    if not actions & {Action.RECORD, Action.DECIDE}:
        raise PermissionDenied
    if due is not None and Action.DECIDE not in actions:
        raise InvalidEvent(
            _("Only a leader of the unit that issued the plan may set the due date of an event task.")
        )
    if event_on > today():
        raise InvalidEvent(_("The event date cannot be in the future."))
    if due is not None and due < event_on:
        raise InvalidEvent(_("The due date cannot be before the event date."))
    calendar = working_calendar()
    with transaction.atomic():
        locked = Obligation.objects.select_for_update(of=("self",)).select_related("task", "unit")
        current = locked.get(pk=obligation.pk)
        _check_recordable(current, version=version)
        base = periods.event_due(
            event_on=event_on, offset=current.task.offset_working_days, calendar=calendar
        )
        lead_due = periods.next_working_day(due, calendar) or base
        rows, entries = [current, *_event_supports(current)], []
        for row in rows:
            new = {"event_on": event_on, "base_due": base, "due": lead_due}
            if row.role == SUPPORT:
                new["base_due"] = support_due(lead_due=base, period_start=event_on, calendar=calendar)
                new["due"] = support_due(lead_due=lead_due, period_start=event_on, calendar=calendar)
            diff = {name: (getattr(row, name), value) for name, value in new.items()}
            entries.append(row_entry(row, diff, unit_name=row.unit.name, action="obligation.event"))
            for name, value in new.items():
                setattr(row, name, value)
            row.version, row.updated_at = row.version + 1, timezone.now()
        Obligation.objects.bulk_update(rows, fields=[*new, "version", "updated_at"])
        save_entries(entries, actor=user)
    return current


def _check_recordable(obligation: Obligation, *, version: int | None) -> None:
    if version is not None and obligation.version != version:
        raise StaleObligation()
    if not obligation.active:
        raise ObligationInactive()
    if obligation.period != EVENT:
        raise InvalidEvent(_("This task does not wait for an event; its due date comes from the plan."))
    if obligation.status not in Obligation.OPEN_STATUSES:
        raise InvalidEvent(_("This obligation is closed; its event date can no longer be changed."))


def _event_supports(obligation: Obligation) -> list[Obligation]:
    if obligation.role != LEAD:
        return []
    return list(
        Obligation.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(task_id=obligation.task_id, period=EVENT, role=SUPPORT, active=True)
        .filter(status__in=Obligation.OPEN_STATUSES)
        .order_by("pk")
    )

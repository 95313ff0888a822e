"""Audit entries for obligations, written in bulk (one INSERT per database batch) because a
sync may touch thousands of obligations; cchc.audit.services.record_change writes one row
per call. Same row shape as record_change: changes are {field: [old, new]} in JSON."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from cchc.audit.models import Entry
from cchc.tracking.models import Obligation
from cchc.tracking.period_labels import period_label


def created_entries(rows: Iterable[Obligation], *, names: Mapping[int, str]) -> list[Entry]:
    """One "obligation.create" summary per task: "Phòng Nội vụ: Q1, Q2, Q3, Q4; …"."""
    by_task: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_task[row.task_id][row.unit_id].append(row.period)
    return [
        Entry(
            action="obligation.create",
            subject_type="task",
            subject_id=task_id,
            task_id=task_id,
            changes={"obligations": [None, sum(map(len, units.values()))]},
            note="; ".join(_unit_periods(names.get(u, str(u)), p) for u, p in units.items()),
        )
        for task_id, units in by_task.items()
    ]


def row_entry(
    row: Obligation, diff: Mapping[str, tuple[Any, Any]], *, unit_name: str, action: str = ""
) -> Entry:
    """An entry about one obligation; the action follows from `diff` unless given: a row
    deactivated or deleted ("deleted" in diff), brought back, or recomputed."""
    if not action and ("deleted" in diff or diff.get("active") == (True, False)):
        action = "obligation.deactivate"
    elif not action:
        action = "obligation.create" if "active" in diff else "obligation.due_change"
    return Entry(
        action=action,
        subject_type="obligation",
        subject_id=row.pk,
        task_id=row.task_id,
        changes={name: [_plain(old), _plain(new)] for name, (old, new) in diff.items()},
        note=f"{unit_name} · {row.period}",
    )


def save_entries(entries: list[Entry], *, actor: AbstractBaseUser | None) -> None:
    """Store the entries, all by `actor` (None for the system or an anonymous caller)."""
    for entry in entries:
        entry.actor = actor if actor is not None and actor.is_authenticated else None
    Entry.objects.bulk_create(entries)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _unit_periods(unit: str, codes: list[str]) -> str:
    """ "Phòng Nội vụ: Quý I, Quý II" as people read it; a one-off task shows the unit alone."""
    periods = ", ".join(filter(None, (period_label(code) for code in codes)))
    return f"{unit}: {periods}" if periods else unit

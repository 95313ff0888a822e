"""Writing the audit history. Services call `record_change` inside their own transaction,
so a change and its history entry are saved together or not at all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from cchc.audit.models import Entry


def record_change(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    subject_type: str,
    subject_id: int,
    task_id: int | None = None,
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
    note: str = "",
) -> Entry:
    """Store one history entry; values are turned into JSON-friendly text."""
    return Entry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        task_id=task_id,
        changes={name: [_plain(old), _plain(new)] for name, (old, new) in (changes or {}).items()},
        note=note,
    )


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any], *, fields: Iterable[str]) -> dict:
    """{field: (old, new)} for the fields whose value differs between two snapshots."""
    return {name: (old.get(name), new.get(name)) for name in fields if old.get(name) != new.get(name)}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)

"""The official calendar table: yearly Government notices on days off and make-up Saturdays.

Data lives in ``data/official_<year>.yaml`` (see ``data/README.md`` for the schema and for which
entries are from memory and must be checked by an admin).  This module only reads and validates
it; :mod:`cchc.workdays.calendar` combines it with the statutory holidays.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

Confidence = Literal["high", "medium", "low"]
Kind = Literal["day_off", "working_saturday"]

_FILE_RE = re.compile(r"^official_(\d{4})\.yaml$")
_CONFIDENCES: frozenset[str] = frozenset({"high", "medium", "low"})
SATURDAY = 5  # datetime.date.weekday()
_PACKAGE = "cchc.workdays"


class OfficialDataError(ValueError):
    """A data file of the official calendar is malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class OfficialEntry:
    """One row of the official calendar: a day off or a make-up working Saturday."""

    date: dt.date
    kind: Kind
    reason: str
    source: str
    from_memory: bool
    confidence: Confidence


def available_years() -> tuple[int, ...]:
    """The years for which an ``official_<year>.yaml`` file is shipped, ascending."""
    names = (entry.name for entry in resources.files(_PACKAGE).joinpath("data").iterdir())
    return tuple(sorted(int(m.group(1)) for name in names if (m := _FILE_RE.match(name))))


@cache
def load_year(year: int) -> tuple[OfficialEntry, ...]:
    """Read and validate ``data/official_<year>.yaml``; entries sorted by date."""
    path = resources.files(_PACKAGE).joinpath("data", f"official_{year}.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("year") != year:
        raise OfficialDataError(f"official_{year}.yaml: missing or wrong 'year'")
    entries = [_parse_entry(row, "day_off", year) for row in raw.get("days_off") or []]
    entries += [_parse_entry(row, "working_saturday", year) for row in raw.get("working_saturdays") or []]
    validate(entries)
    return tuple(sorted(entries, key=lambda e: e.date))


def load_all() -> tuple[OfficialEntry, ...]:
    """All shipped official entries, every year, sorted by date."""
    return tuple(entry for year in available_years() for entry in load_year(year))


def validate(entries: Iterable[OfficialEntry]) -> None:
    """Raise :class:`OfficialDataError` on duplicate dates or a working "Saturday" that is not one."""
    seen: dict[dt.date, OfficialEntry] = {}
    for entry in entries:
        if entry.date in seen:
            raise OfficialDataError(f"{entry.date} listed twice ({seen[entry.date].kind}, {entry.kind})")
        if entry.kind == "working_saturday" and entry.date.weekday() != SATURDAY:
            raise OfficialDataError(f"working Saturday {entry.date} is not a Saturday")
        seen[entry.date] = entry


def _parse_entry(row: Any, kind: Kind, year: int) -> OfficialEntry:
    if not isinstance(row, dict):
        raise OfficialDataError(f"official_{year}.yaml: entry is not a mapping: {row!r}")
    date = row.get("date")
    if type(date) is not dt.date or date.year != year:
        raise OfficialDataError(f"official_{year}.yaml: bad date {date!r}")
    for key in ("reason", "source"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise OfficialDataError(f"official_{year}.yaml: {date}: missing {key!r}")
    if not isinstance(row.get("from_memory"), bool) or row.get("confidence") not in _CONFIDENCES:
        raise OfficialDataError(f"official_{year}.yaml: {date}: needs from_memory and confidence")
    return OfficialEntry(date, kind, row["reason"], row["source"], row["from_memory"], row["confidence"])

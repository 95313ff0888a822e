"""Vietnamese calendar dates in the forms documents print them.

`ngày 03 tháng 02 năm 2022`, `03/02/2022`, `3-2-2022`, `28/2` (with a default year).
Impossible dates (`31/02/2022`) give None, never an exception.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_WORDY = re.compile(
    r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})(?:\s*năm\s*(?P<y>\d{4}))?", re.IGNORECASE
)
_NUMERIC = re.compile(
    r"(?<![\d/])(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?![\d/])"
)


def make_date(year: int | None, month: int, day: int) -> date | None:
    """date(year, month, day), or None when any part is missing or impossible."""
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def find_date(text: str, *, default_year: int | None = None) -> date | None:
    """The first date written in `text` (wordy or numeric form), or None."""
    for pattern in (_WORDY, _NUMERIC):
        m = pattern.search(text)
        if m:
            year = int(m.group("y")) if m.group("y") else default_year
            return make_date(year, int(m.group("m")), int(m.group("d")))
    return None


def find_dates(text: str, *, default_year: int | None = None) -> list[date]:
    """All valid dates in `text`, in order of appearance (wordy and numeric forms)."""
    found: list[tuple[int, int, date]] = []
    for pattern in (_WORDY, _NUMERIC):
        for m in pattern.finditer(text):
            if any(start <= m.start() < end for start, end, _ in found):
                continue
            year = int(m.group("y")) if m.group("y") else default_year
            d = make_date(year, int(m.group("m")), int(m.group("d")))
            if d:
                found.append((m.start(), m.end(), d))
    return [d for _, _, d in sorted(found, key=lambda x: x[0])]


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every written date, valid or not, with or without its year."""
    spans = [m.span() for m in _WORDY.finditer(text)]
    spans += [m.span() for m in _NUMERIC.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    return sorted(spans)

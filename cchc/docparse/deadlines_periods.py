"""Calendar periods inside a deadline phrase: dates, weeks, months, quarters, halves, years.

`scan_periods(text)` finds every period mention, most specific form first, and
`resolve_periods(mentions, year)` turns them into one due date:

- a mention without a year takes the last year written in the phrase, else the
  plan year (`Từ tháng 3 đến tháng 6 năm 2023` → both in 2023);
- several mentions (`Tháng 3/2021 và tháng 9/2021`, `Từ … đến …`) give the latest
  due, since a task with two milestones is done at the last one;
- any dated mention makes the deadline `by_date`; year-only mentions give `year`.

A period is due on its last day (`Quý I` → 03-31). `Trước` shifts a month, quarter
or year to the end of the period before (`Trước tháng 10` → 09-30), but not a full
date: officials write `trước ngày 30/11` for "by 30/11".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from cchc.docparse.dates import make_date, month_end
from cchc.docparse.vocab import load

_YEAR = r"(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
_YEAR_TAIL = rf"(?:\s*(?:năm|[/\-–.])\s*{_YEAR})?"
_LIST_SEP = r"\s*(?:,|-|–|và|đến|hoặc)\s*"


def alternation(words: Iterable[str], name: str | None = None) -> str:
    """A regex group (named `name` if given) matching any of `words` as whole words, longest first."""
    ordered = sorted(words, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)
    group = f"?P<{name}>" if name else "?:"
    return rf"(?<!\w)({group}{body})(?!\w)"


def _vocab() -> dict[str, Any]:
    return load("deadlines")


@dataclass(frozen=True)
class Mention:
    """One period in the phrase: `due(year)` is its due date in a given year."""

    start: int
    kind: str  # "by_date" or "year"
    year: int | None
    due: Callable[[int], date | None]


def safe_month_end(year: int, month: int) -> date | None:
    """The last day of the month, or None for a month that does not exist."""
    return month_end(year, month) if 1 <= month <= 12 and 1 <= year <= 9999 else None


def _previous_month_end(year: int, month: int) -> date | None:
    # "Trước tháng 1/2022" is the end of December 2021.
    return safe_month_end(year - 1, 12) if month == 1 else safe_month_end(year, month - 1)


def _year_of(m: re.Match[str]) -> int | None:
    written = m.groupdict().get("y")
    return int(written) if written else None


@cache
def _before_pattern() -> re.Pattern[str]:
    return re.compile(alternation(_vocab()["before_words"]) + r"\s*$", re.IGNORECASE)


def _is_before(text: str, start: int) -> bool:
    return _before_pattern().search(text[:start]) is not None


def _quarter_numeral() -> str:
    return "(?:" + "|".join(sorted(_vocab()["quarter_numerals"], key=len, reverse=True)) + r")(?!\w)"


def _date(m: re.Match[str], text: str) -> Mention:
    day, month = int(m.group("d")), int(m.group("m"))
    return Mention(m.start(), "by_date", _year_of(m), lambda y: make_date(y, month, day))


def _week(m: re.Match[str], text: str) -> Mention:
    month = int(m.group("m"))
    nth = 1 if m.group("first") else int(m.group("n") or 0)

    def due(y: int) -> date | None:
        end = safe_month_end(y, month)
        # Week N of a month ends on day 7·N; the last week ends with the month.
        return end.replace(day=min(7 * nth, end.day)) if end and nth else end

    return Mention(m.start(), "by_date", _year_of(m), due)


def _cumulative(m: re.Match[str], text: str) -> Mention:
    months = int(_vocab()["cumulative_months"][m.group("n").lower()])
    last = 12 if (m.group("part") or "").lower() == "cuối" else months
    return Mention(m.start(), "by_date", _year_of(m), lambda y: safe_month_end(y, last))


def _month(m: re.Match[str], text: str) -> Mention:
    month = int(m.group("m2") or m.group("m"))
    shift = _previous_month_end if _is_before(text, m.start()) else safe_month_end
    return Mention(m.start(), "by_date", _year_of(m), lambda y: shift(y, month))


def _quarter(m: re.Match[str], text: str) -> Mention:
    numerals = {k.upper(): v for k, v in _vocab()["quarter_numerals"].items()}
    last_month = 3 * numerals[(m.group("q2") or m.group("q")).upper()]
    if _is_before(text, m.start()):
        return Mention(m.start(), "by_date", _year_of(m), lambda y: _previous_month_end(y, last_month - 2))
    return Mention(m.start(), "by_date", _year_of(m), lambda y: safe_month_end(y, last_month))


def _part_of_year(m: re.Match[str], text: str) -> Mention:
    month, day = _vocab()["part_of_year"][m.group("p").lower()]
    return Mention(m.start(), "by_date", _year_of(m), lambda y: make_date(y, month, day))


def _year(m: re.Match[str], text: str) -> Mention:
    if _is_before(text, m.start()):
        # "Trước năm 2023" is a fixed date: the last day of 2022.
        return Mention(m.start(), "by_date", _year_of(m), lambda y: make_date(y - 1, 12, 31))
    return Mention(m.start(), "year", _year_of(m), lambda y: make_date(y, 12, 31))


Scanner = tuple[re.Pattern[str], Callable[[re.Match[str], str], Mention]]


@cache
def _scanners() -> list[Scanner]:
    """The period patterns, most specific first: a later one never re-reads an earlier match."""
    v = _vocab()
    q = _quarter_numeral()
    raw: list[tuple[str, Callable[[re.Match[str], str], Mention]]] = [
        (
            rf"(?<!\w)ngày\s*(?P<d>[0-9]{{1,2}})\s*(?:tháng\s*|[/.\-]\s*)(?P<m>[0-9]{{1,2}})(?![0-9]){_YEAR_TAIL}",
            _date,
        ),
        (
            r"(?<!\w)tuần\s+(?:(?P<first>đầu)|cuối|thứ\s*(?P<n>[1-5]))\s+(?:của\s+)?tháng\s*(?P<m>[0-9]{1,2})"
            rf"(?![0-9]){_YEAR_TAIL}",
            _week,
        ),
        (
            rf"(?<![0-9]){alternation(v['cumulative_months'], 'n')}"
            rf"\s+tháng(?:\s+(?P<part>đầu|cuối))?(?:\s+năm)?(?:\s*[/\-]?\s*{_YEAR})?(?!\s*/)",
            _cumulative,
        ),
        (
            rf"(?<!\w)tháng\s*(?P<m>[0-9]{{1,2}})(?![0-9])(?:{_LIST_SEP}(?:tháng\s*)?(?P<m2>[0-9]{{1,2}})(?![0-9]))*"
            + _YEAR_TAIL,
            _month,
        ),
        (rf"(?<!\w)qu[ýí]\s*(?P<q>{q})(?:{_LIST_SEP}(?:qu[ýí]\s*)?(?P<q2>{q}))*{_YEAR_TAIL}", _quarter),
        (
            r"(?<![0-9/])(?P<d>[0-9]{1,2})\s*[/.\-]\s*(?P<m>[0-9]{1,2})(?![0-9])"
            rf"(?:\s*[/.\-]\s*{_YEAR})?(?![0-9/])",
            _date,
        ),
        (alternation(v["part_of_year"], "p") + rf"\s+năm(?:\s*{_YEAR})?", _part_of_year),
        (
            rf"(?:(?:giai\s+đoạn|từ\s+năm|năm)\s*)?(?:19|20)[0-9]{{2}}\s*(?:-|–|đến)\s*(?:năm\s*)?{_YEAR}",
            _year,
        ),
        (rf"(?<!\w)năm\s*{_YEAR}", _year),
        (rf"(?<![0-9/\-.]){_YEAR}(?![/\-.][0-9])", _year),
        (alternation(v["plan_year_words"]) + r"(?!\s*[0-9])", _year),
    ]
    return [(re.compile(p, re.IGNORECASE), build) for p, build in raw]


def scan_periods(text: str) -> list[Mention]:
    """Every period mention in `text`, in the order of the scanners."""
    work, found = text, []
    for pattern, build in _scanners():
        for m in pattern.finditer(work):
            found.append(build(m, text))
            # Blank the match so a later, vaguer scanner cannot read it again.
            work = work[: m.start()] + "\x00" * (m.end() - m.start()) + work[m.end() :]
    return found


def resolve_periods(mentions: list[Mention], year: int | None) -> tuple[str, date] | None:
    """(kind, due) for the mentions, or None when none gives a valid date."""
    written = [m.year for m in sorted(mentions, key=lambda m: m.start) if m.year is not None]
    default = written[-1] if written else year
    dues: dict[str, list[date]] = {"by_date": [], "year": []}
    for m in mentions:
        y = m.year if m.year is not None else default
        due = m.due(y) if y is not None else None
        if due is not None:
            # "Năm 2026" is the plan year's end only in a 2026 plan; otherwise a fixed date.
            other_year = m.kind == "year" and year is not None and y != year
            dues["by_date" if other_year else m.kind].append(due)
    for kind in ("by_date", "year"):
        if dues[kind]:
            return kind, max(dues[kind])
    return None

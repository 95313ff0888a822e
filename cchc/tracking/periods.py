"""When a task falls due: its occurrences in the plan year (pure Python, no Django).

One occurrence per period the task asks a unit to deliver for:

* by_date / year → one, "once", due the task's date; unknown → one, "once", no due date;
* recurring monthly / quarterly / semiannual / annual → "M01"…"M12", "Q1"…"Q4", "H1", "H2",
  "YEAR", each due at the end of its period in the plan year;
* continuous, and recurring without a recurrence → one per reporting period of the plan
  ("R:" + its code; a monthly reporting deadline gives "R:M01"…"R:M12"), due that
  deadline's date; a plan without a reporting calendar → quarterly "Q1"…"Q4";
* event → one, "event", no due date until the event is recorded, then the event date plus
  the stated working days.

A due date on a day off moves to the next working day (Bộ luật Dân sự 2015, Điều 148 k5:
when the last day of a period is a day off, the period ends on the next working day).
Supporting units deliver SUPPORT_LEAD_WORKING_DAYS working days before the lead unit, so
that the lead can put their contribution into its own report.
"""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cchc.workdays import Calendar

SUPPORT_LEAD_WORKING_DAYS = 2
ONCE = "once"
EVENT = "event"
REPORT_PREFIX = "R:"

# Months a recurring task's period spans → how its periods are named.
_RECURRENCE_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
# Plan reporting periods (ReportDeadline.period): first and last month of the data they cover.
_REPORT_MONTHS = {"Q1": (1, 3), "H1": (1, 6), "Q3": (7, 9), "9M": (1, 9), "YEAR": (1, 12)}
_MONTHLY_REPORT = "MONTH"
# The first month of every named period (the recurring ones and the reporting ones).
_FIRST_MONTH = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "9M": 1, "YEAR": 1}


@dataclass(frozen=True)
class Occurrence:
    """One period of a task: its name, the last day it covers (None for "once" and "event")
    and the due date (None when there is none yet)."""

    period: str
    period_end: date | None
    due: date | None


def occurrences(
    *,
    kind: str,
    due: date | None,
    recurrence: str,
    year: int,
    report_periods: Sequence[tuple[str, date | None]],
    calendar: Calendar,
    event_on: date | None = None,
    offset_working_days: int | None = None,
) -> list[Occurrence]:
    """The occurrences of a task with this deadline in plan `year` (see the module docstring).

    `report_periods` are the plan's reporting deadlines as (period code, due) in order;
    `event_on` / `offset_working_days` give an event task's due once the event is recorded.
    """
    if kind in ("by_date", "year"):
        return [Occurrence(ONCE, None, next_working_day(due, calendar))]
    if kind == EVENT:
        return [
            Occurrence(
                EVENT, None, event_due(event_on=event_on, offset=offset_working_days, calendar=calendar)
            )
        ]
    if kind == "recurring" and recurrence in _RECURRENCE_MONTHS:
        return _periodic(year, _RECURRENCE_MONTHS[recurrence], calendar)
    if kind in ("recurring", "continuous"):
        return _reporting(year, report_periods, calendar) or _periodic(year, 3, calendar)
    return [Occurrence(ONCE, None, None)]


def event_due(*, event_on: date | None, offset: int | None, calendar: Calendar) -> date | None:
    """An event task's due: `offset` working days after the event (the event day itself,
    or the next working day, when there is no offset); None before the event."""
    if event_on is None:
        return None
    return _shift(event_on, offset or 0, calendar)


def support_due(*, lead_due: date | None, period_start: date, calendar: Calendar) -> date | None:
    """A supporting unit's due: SUPPORT_LEAD_WORKING_DAYS working days before the lead's.

    Never before the (first working day of the) period: a contribution to the third
    quarter's report cannot be due in June, nor a January report's in the year before;
    never after the lead's due either, so when the lead is due on the period's first working
    day both are due that day.
    """
    if lead_due is None:
        return None
    earlier = _shift(lead_due, -SUPPORT_LEAD_WORKING_DAYS, calendar)
    floor = next_working_day(period_start, calendar) or period_start
    return min(lead_due, max(earlier, floor))


def recomputed_due(
    *, due: date | None, base_due: date | None, new_base_due: date | None, extended: bool
) -> date | None:
    """An open obligation's due date when the task's own date moves from `base_due` to
    `new_base_due`: a granted extension keeps the later of its date and the new one; a date a
    person set (a leader's date for an event: `due` differs from `base_due`) stays."""
    if new_base_due == base_due:
        return due
    if extended:
        return max((d for d in (due, new_base_due) if d is not None), default=None)
    return due if due != base_due else new_base_due


def period_start(period: str, *, year: int, event_on: date | None = None) -> date:
    """The first day a period covers: a month, quarter, half or reporting period of `year`;
    the event date for "event"; the plan year's first day for "once" and anything unknown."""
    if period == EVENT and event_on is not None:
        return event_on
    code = period.removeprefix(REPORT_PREFIX)
    if len(code) == 3 and code[0] == "M" and code[1:].isdigit() and 1 <= int(code[1:]) <= 12:
        return date(year, int(code[1:]), 1)
    return date(year, _FIRST_MONTH.get(code, 1), 1)


def next_working_day(day: date | None, calendar: Calendar) -> date | None:
    """`day` if it is a working day, else the next one (a date outside the calendar stays)."""
    if day is None:
        return None
    return _shift(day, 0, calendar)


def _shift(day: date, n: int, calendar: Calendar) -> date:
    if not calendar.first_day <= day <= calendar.last_day:
        return day  # a misread year (1900, 2200): kept as written rather than refused
    try:
        return calendar.add_working_days(day, n)
    except ValueError:  # the result would fall outside the calendar
        return day


def _periodic(year: int, months: int, calendar: Calendar) -> list[Occurrence]:
    out = []
    for index, last_month in enumerate(range(months, 13, months), start=1):
        end = _month_end(year, last_month)
        out.append(Occurrence(_periodic_name(months, index), end, next_working_day(end, calendar)))
    return out


def _periodic_name(months: int, index: int) -> str:
    if months == 1:
        return f"M{index:02d}"
    if months == 12:
        return "YEAR"
    return f"{'Q' if months == 3 else 'H'}{index}"


def _reporting(
    year: int, report_periods: Sequence[tuple[str, date | None]], calendar: Calendar
) -> list[Occurrence]:
    """One occurrence per reporting period (each name once, the first deadline wins)."""
    out: dict[str, Occurrence] = {}
    for code, due in report_periods:
        if code == _MONTHLY_REPORT:
            for month in range(1, 13):
                name = f"{REPORT_PREFIX}M{month:02d}"
                out.setdefault(name, _monthly_report(year, month, due, calendar, name))
        elif code in _REPORT_MONTHS:
            end = _month_end(year, _REPORT_MONTHS[code][1])
            out.setdefault(
                REPORT_PREFIX + code, Occurrence(REPORT_PREFIX + code, end, next_working_day(due, calendar))
            )
    return list(out.values())


def _monthly_report(year: int, month: int, due: date | None, calendar: Calendar, name: str) -> Occurrence:
    """Month `month`'s report: due on the same day of the month as the plan's deadline
    (the 28th–31st are cut to the month's length), or the month's end when none is given."""
    end = _month_end(year, month)
    day = end if due is None else end.replace(day=min(due.day, end.day))
    return Occurrence(name, end, next_working_day(day, calendar))


def _month_end(year: int, month: int) -> date:
    return date(year, month, _gregorian.monthrange(year, month)[1])

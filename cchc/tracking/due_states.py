"""Where an obligation stands against its deadline today: overdue, due soon, open or done.

One definition for every page, export and reminder: "due soon" is within
DUE_SOON_WORKING_DAYS working days (today included), "overdue" is past the due date,
both in the working-day calendar of cchc.tracking.calendar.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from cchc.tracking.models import Obligation
from cchc.workdays import Calendar

DUE_SOON_WORKING_DAYS = 5
_ONE_DAY = timedelta(days=1)


class DueState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OPEN = "open"
    DONE = "done"


def due_state(*, status: str, due: date | None, today: date, calendar: Calendar) -> DueState:
    """The state of one obligation with `status` and `due` on `today`."""
    if status in Obligation.CLOSED_STATUSES:
        return DueState.DONE
    if due is None:
        return DueState.OPEN
    if due < today:
        return DueState.OVERDUE
    if calendar.count_working_days(today, due) <= DUE_SOON_WORKING_DAYS:
        return DueState.DUE_SOON
    return DueState.OPEN


def soon_horizon(*, today: date, calendar: Calendar) -> date:
    """The last calendar day that is still "due soon" on `today` (for database filters):
    due dates in [today, soon_horizon] are due soon."""
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS + 1) - _ONE_DAY


def overdue_working_days(*, due: date, today: date, calendar: Calendar) -> int:
    """How many working days an obligation due on `due` is late on `today` (0 if not late)."""
    return max(0, calendar.count_working_days(due, today)) if due < today else 0

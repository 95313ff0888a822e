"""The working-day calendar every tracking computation uses: cchc.workdays plus the
official days admins enter (OfficialDay rows: extra days off, make-up working Saturdays).

Built once per process and rebuilt when the rows change: each call asks the database one
small question (how many rows, and when was the last one saved) and reuses the calendar
while the answer is the same, so an admin's edit is seen at once without a restart.

Limits of cchc.workdays.Calendar.with_overrides, and what is done about them:

* a make-up working day must be a Saturday: a WORKING_DAY row on any other day (a Sunday,
  or a weekday holiday an admin wants to cancel) cannot be expressed and is ignored, with a
  warning in the log; statutory holidays of ``holidays.VN`` cannot be cancelled at all;
* the calendar covers 2000–2099: rows outside that range are ignored the same way.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.db.models import Count, Max

from cchc.tracking.models import OfficialDay
from cchc.workdays import Calendar, default_calendar

log = logging.getLogger(__name__)

_SATURDAY = 5
_Key = tuple[int, datetime | None]
# One entry; replacing it is a single dict store, safe across threads.
_cache: dict[str, tuple[_Key, Calendar]] = {}


def working_calendar() -> Calendar:
    """The shared calendar with the OfficialDay rows layered on top (cached per process)."""
    stats = OfficialDay.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    key: _Key = (stats["n"], stats["last"])
    cached = _cache.get("calendar")
    if cached is not None and cached[0] == key:
        return cached[1]
    calendar = _build(key)
    _cache["calendar"] = (key, calendar)
    return calendar


def _build(key: _Key) -> Calendar:
    base = default_calendar()
    if key[0] == 0:
        return base
    days_off: list[date] = []
    saturdays: list[date] = []
    for day, kind in OfficialDay.objects.values_list("date", "kind"):
        if not base.first_day <= day <= base.last_day:
            log.warning("official day %s is outside the calendar's range; ignored", day)
        elif kind == OfficialDay.Kind.DAY_OFF:
            days_off.append(day)
        elif day.weekday() == _SATURDAY:
            saturdays.append(day)
        else:
            log.warning("official working day %s is not a Saturday; the calendar cannot use it", day)
    return base.with_overrides(days_off=days_off, working_saturdays=saturdays)

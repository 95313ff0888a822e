"""Working days (ngày làm việc) of Vietnamese state bodies, for every deadline computation.

Pure Python + numpy, no Django.  One calendar, built once (:func:`default_calendar`):
Mon–Fri, minus the public holidays of ``holidays.VN`` (lunar Tết included), minus the official
extra days off, plus the make-up working Saturdays, both shipped per year in
``cchc/workdays/data/official_<year>.yaml`` from the Government notices.  The Django side can
layer admin-edited rows on top with :meth:`Calendar.with_overrides`.

Conventions (identical in the scalar and vectorised functions):

* ``count_working_days(start, end)`` counts working days in ``(start, end]``: after ``start``,
  up to and including ``end``; negative when ``end < start``.
* ``add_working_days(d, n)``: ``n > 0`` → the ``n``-th working day after ``d``; ``n < 0`` → the
  ``|n|``-th working day before ``d``; ``n == 0`` → ``d`` if it is a working day, else the next
  one.  The result is always a working day and ``count_working_days(d, add_working_days(d, n))
  == n`` for ``n > 0``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy.typing as npt

from cchc.workdays.calendar import (
    DEFAULT_FIRST_YEAR,
    DEFAULT_LAST_YEAR,
    BoolArray,
    Calendar,
    DateArray,
    DateLike,
    IntArray,
    statutory_holidays,
)
from cchc.workdays.official import OfficialDataError, OfficialEntry, available_years, load_all, load_year

__all__ = [
    "DEFAULT_FIRST_YEAR",
    "DEFAULT_LAST_YEAR",
    "Calendar",
    "OfficialDataError",
    "OfficialEntry",
    "add_working_days",
    "add_working_days_array",
    "available_years",
    "count_working_days",
    "count_working_days_array",
    "default_calendar",
    "is_working_day",
    "is_working_day_array",
    "load_all",
    "load_year",
    "statutory_holidays",
]


@lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    """The shared calendar: statutory holidays + shipped official notices, 2000–2099."""
    return Calendar.official()


def is_working_day(d: DateLike) -> bool:
    """True when ``d`` is a working day of the default calendar."""
    return default_calendar().is_working_day(d)


def add_working_days(d: DateLike, n: int) -> dt.date:
    """Move ``n`` working days from ``d`` (see the module docstring for ``n <= 0``)."""
    return default_calendar().add_working_days(d, n)


def count_working_days(start: DateLike, end: DateLike) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end < start``)."""
    return default_calendar().count_working_days(start, end)


def is_working_day_array(dates: DateArray) -> BoolArray:
    """Vectorised :func:`is_working_day` over a ``datetime64`` array."""
    return default_calendar().is_working_day_array(dates)


def add_working_days_array(dates: DateArray, n: int | npt.ArrayLike) -> DateArray:
    """Vectorised :func:`add_working_days`; ``n`` is an int or an int array broadcasting with ``dates``."""
    return default_calendar().add_working_days_array(dates, n)


def count_working_days_array(starts: DateArray, ends: DateArray) -> IntArray:
    """Vectorised :func:`count_working_days` (broadcasting)."""
    return default_calendar().count_working_days_array(starts, ends)

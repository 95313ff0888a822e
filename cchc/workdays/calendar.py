"""The working-day calendar: an immutable day-number → cumulative working-day table.

A day is a working day (ngày làm việc) when it is Monday–Friday, is not a public holiday of the
``holidays`` package (``holidays.VN``: Bộ luật Lao động 2019 Điều 112 k1 with the compensatory
rule of Điều 111 k3 — domain-notes §7), and is not an official extra day off; a make-up Saturday
(``working_saturdays``) is a working day.  The 40-hour Mon–Fri week of state bodies is
QĐ 188/1999/QĐ-TTg [UNVERIFIED in domain-notes §7].

Over a fixed range of days (default 2000-01-01 … 2099-12-31) the calendar keeps
``prefix[k]`` = number of working days among the first ``k`` days of the range, and
``positions[j]`` = the day number of the ``(j+1)``-th working day.  Counting is then
two look-ups and adding is a look-up in the list of working-day positions (the ``k``-th working
day of the range), exact for make-up Saturdays (which
``numpy.busdaycalendar`` cannot express) and vectorised over numpy arrays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays
import numpy as np
import numpy.typing as npt

from cchc.workdays.official import SATURDAY, load_all

DateLike = dt.date | np.datetime64
DateArray = npt.NDArray[np.datetime64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

DEFAULT_FIRST_YEAR = 2000
DEFAULT_LAST_YEAR = 2099
_DAY = "datetime64[D]"


@lru_cache(maxsize=8)
def statutory_holidays(first_year: int, last_year: int) -> tuple[dt.date, ...]:
    """Public holidays (with observed/compensatory days) of ``holidays.VN`` in the years, sorted."""
    return tuple(sorted(holidays.country_holidays("VN", years=range(first_year, last_year + 1)).keys()))


class Calendar:
    """An immutable working-day calendar over ``first_year``–``last_year`` (inclusive).

    ``days_off`` are extra non-working dates; ``working_saturdays`` are make-up Saturdays that are
    working days.  Dates outside the range raise :class:`ValueError` in every method.
    """

    __slots__ = (
        "_days_off",
        "_first_year",
        "_last_year",
        "_origin",
        "_positions_of_working",
        "_prefix",
        "_size",
        "_statutory",
        "_working",
        "_working_saturdays",
    )

    def __init__(
        self,
        first_year: int = DEFAULT_FIRST_YEAR,
        last_year: int = DEFAULT_LAST_YEAR,
        *,
        days_off: Iterable[dt.date] = (),
        working_saturdays: Iterable[dt.date] = (),
        statutory: bool = True,
    ) -> None:
        if not 1 <= first_year <= last_year <= 9999:
            raise ValueError(f"bad year range {first_year}–{last_year}")
        self._first_year, self._last_year, self._statutory = first_year, last_year, statutory
        self._origin = np.datetime64(dt.date(first_year, 1, 1), "D")
        self._size = (dt.date(last_year, 12, 31) - dt.date(first_year, 1, 1)).days + 1
        self._days_off = frozenset(_as_date(d) for d in days_off)
        self._working_saturdays = frozenset(_as_date(d) for d in working_saturdays)
        self._check_overrides(self._days_off, self._working_saturdays)
        self._working = self._build_mask()
        self._prefix: IntArray = np.concatenate(([0], np.cumsum(self._working, dtype=np.int64)))
        self._positions_of_working: IntArray = np.flatnonzero(self._working).astype(np.int64)
        for array in (self._working, self._prefix, self._positions_of_working):
            array.flags.writeable = False

    @classmethod
    def official(cls, first_year: int = DEFAULT_FIRST_YEAR, last_year: int = DEFAULT_LAST_YEAR) -> Calendar:
        """Statutory holidays plus the shipped official notices (``data/official_<year>.yaml``)."""
        entries = [e for e in load_all() if first_year <= e.date.year <= last_year]
        off = [e.date for e in entries if e.kind == "day_off"]
        saturdays = [e.date for e in entries if e.kind == "working_saturday"]
        return cls(first_year, last_year, days_off=off, working_saturdays=saturdays)

    def with_overrides(
        self, *, days_off: Iterable[dt.date] = (), working_saturdays: Iterable[dt.date] = ()
    ) -> Calendar:
        """A new calendar with these rows layered on top (e.g. admin-edited rows from the database).

        A date given here wins over this calendar's own rows: a new day off cancels an existing
        make-up Saturday and vice versa.  A date in both arguments raises :class:`ValueError`.
        """
        new_off = frozenset(_as_date(d) for d in days_off)
        new_sat = frozenset(_as_date(d) for d in working_saturdays)
        self._check_overrides(new_off, new_sat)
        return Calendar(
            self._first_year,
            self._last_year,
            days_off=(self._days_off - new_sat) | new_off,
            working_saturdays=(self._working_saturdays - new_off) | new_sat,
            statutory=self._statutory,
        )

    # -- description ---------------------------------------------------------------------------

    @property
    def first_day(self) -> dt.date:
        """The first date the calendar covers."""
        return dt.date(self._first_year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        """The last date the calendar covers."""
        return dt.date(self._last_year, 12, 31)

    @property
    def days_off(self) -> frozenset[dt.date]:
        """The extra days off this calendar was built with (not the statutory holidays)."""
        return self._days_off

    @property
    def working_saturdays(self) -> frozenset[dt.date]:
        """The make-up Saturdays this calendar was built with."""
        return self._working_saturdays

    @property
    def non_working_dates(self) -> DateArray:
        """Every non-working date in the range (weekends included), sorted."""
        return self._origin + np.flatnonzero(~self._working).astype("timedelta64[D]")

    # -- scalar API ----------------------------------------------------------------------------

    def is_working_day(self, d: DateLike) -> bool:
        """True when ``d`` is a working day."""
        return bool(self.is_working_day_array(np.asarray(_as_day(d))))

    def add_working_days(self, d: DateLike, n: int) -> dt.date:
        """Move ``n`` working days from ``d``; see :meth:`add_working_days_array`."""
        result = self.add_working_days_array(np.asarray(_as_day(d)), n)
        return _to_date(result)

    def count_working_days(self, start: DateLike, end: DateLike) -> int:
        """Working days after ``start`` up to and including ``end``; see :meth:`count_working_days_array`."""
        return int(self.count_working_days_array(np.asarray(_as_day(start)), np.asarray(_as_day(end))))

    # -- vectorised API ------------------------------------------------------------------------

    def is_working_day_array(self, dates: DateArray) -> BoolArray:
        """Element-wise :meth:`is_working_day` over a ``datetime64`` array (any shape)."""
        return self._working[self._index(dates)]

    def add_working_days_array(self, dates: DateArray, n: int | npt.ArrayLike) -> DateArray:
        """Element-wise working-day arithmetic; ``n`` broadcasts against ``dates``.

        * ``n > 0``: the ``n``-th working day strictly after ``d``
          (so ``count_working_days(d, result) == n``);
        * ``n < 0``: the ``|n|``-th working day strictly before ``d``;
        * ``n == 0``: ``d`` itself if it is a working day, else the next working day.

        The result is always a working day.
        """
        index = self._index(dates)
        steps = _int_array(n)
        target = np.where(steps > 0, self._prefix[index + 1] + steps, self._prefix[index] + steps + 1)
        if target.size and (target.min() < 1 or target.max() > self._positions_of_working.size):
            raise ValueError(f"result outside the calendar range {self.first_day}–{self.last_day}")
        result: DateArray = self._origin + self._positions_of_working[target - 1].astype("timedelta64[D]")
        return result

    def count_working_days_array(self, starts: DateArray, ends: DateArray) -> IntArray:
        """Element-wise count of working days in ``(start, end]`` (broadcasting).

        Negative when ``end < start``: ``count(a, b) == -count(b, a)``, and counts are additive:
        ``count(a, b) + count(b, c) == count(a, c)`` for any ``a``, ``b``, ``c``.
        """
        return self._prefix[self._index(ends) + 1] - self._prefix[self._index(starts) + 1]

    # -- internals -----------------------------------------------------------------------------

    def _index(self, dates: DateArray) -> IntArray:
        array = np.asarray(dates)
        if array.dtype.kind != "M":
            raise TypeError(f"expected a datetime64 array, got dtype {array.dtype}")
        index = (array.astype(_DAY) - self._origin).astype(np.int64)
        if index.size and (index.min() < 0 or index.max() >= self._size):
            raise ValueError(f"date outside the calendar range {self.first_day}–{self.last_day} (or NaT)")
        return index

    def _build_mask(self) -> BoolArray:
        weekday = (
            np.arange(self._size, dtype=np.int64) + self._origin.astype(np.int64) + 3
        ) % 7  # 1970-01-01: Thu
        working: BoolArray = weekday < 5
        statutory = statutory_holidays(self._first_year, self._last_year) if self._statutory else ()
        working[self._positions(statutory)] = False
        working[self._positions(self._days_off)] = False
        working[self._positions(self._working_saturdays)] = True
        return working

    def _positions(self, dates: Iterable[dt.date]) -> IntArray:
        array = np.array(sorted(dates), dtype=_DAY)
        return self._index(array) if array.size else np.empty(0, dtype=np.int64)

    def _check_overrides(self, days_off: frozenset[dt.date], saturdays: frozenset[dt.date]) -> None:
        if both := sorted(days_off & saturdays):
            raise ValueError(f"dates both off and working: {both}")
        if wrong := sorted(d for d in saturdays if d.weekday() != SATURDAY):
            raise ValueError(f"working Saturdays that are not Saturdays: {wrong}")
        if outside := sorted(d for d in days_off | saturdays if not self.first_day <= d <= self.last_day):
            raise ValueError(f"dates outside the calendar range: {outside}")

    def __repr__(self) -> str:
        return (
            f"Calendar({self._first_year}–{self._last_year}, {len(self._days_off)} days off, "
            f"{len(self._working_saturdays)} working Saturdays)"
        )


def _as_date(d: DateLike) -> dt.date:
    if isinstance(d, np.datetime64):
        return _to_date(d)
    return d.date() if isinstance(d, dt.datetime) else d


def _as_day(d: DateLike) -> np.datetime64:
    return np.datetime64(_as_date(d), "D")


def _to_date(value: np.datetime64 | DateArray) -> dt.date:
    result = np.asarray(value).astype(_DAY).item()
    if not isinstance(result, dt.date):
        raise ValueError(f"not a date in range: {value!r}")
    return result


def _int_array(n: int | npt.ArrayLike) -> IntArray:
    steps = np.asarray(n)
    if steps.dtype.kind not in "iu":
        raise TypeError(f"n must be an integer or an integer array, got dtype {steps.dtype}")
    return steps.astype(np.int64)

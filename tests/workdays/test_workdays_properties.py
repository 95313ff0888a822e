"""Property tests: round trips, never landing on a day off, additivity, vectorised == scalar."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.workdays import (
    add_working_days,
    add_working_days_array,
    count_working_days,
    count_working_days_array,
    default_calendar,
    is_working_day,
    is_working_day_array,
)

# Far enough inside 2000–2099 that adding up to 1000 working days stays in range.
dates = st.dates(dt.date(2005, 1, 1), dt.date(2094, 12, 31))
# Dense around the years with official notices, where the interesting days are.
recent = st.dates(dt.date(2021, 12, 1), dt.date(2027, 1, 31))
any_date = st.one_of(recent, dates)
steps = st.integers(-1000, 1000)
FAST = settings(max_examples=150, deadline=None)


@FAST
@given(any_date, steps)
def test_add_never_lands_on_a_day_off(d: dt.date, n: int) -> None:
    assert is_working_day(add_working_days(d, n))


@FAST
@given(any_date, st.integers(1, 1000))
def test_add_then_count_round_trips(d: dt.date, n: int) -> None:
    assert count_working_days(d, add_working_days(d, n)) == n


@FAST
@given(any_date, steps)
def test_add_then_subtract_returns_to_a_working_day(d: dt.date, n: int) -> None:
    start = add_working_days(d, 0)
    assert add_working_days(add_working_days(start, n), -n) == start
    if n < 0:
        assert count_working_days(add_working_days(start, n), start) == -n


@FAST
@given(any_date)
def test_zero_is_itself_or_next_working_day(d: dt.date) -> None:
    result = add_working_days(d, 0)
    assert (result == d) is is_working_day(d)
    assert count_working_days(d, result) == (0 if is_working_day(d) else 1)


@FAST
@given(any_date, any_date, any_date)
def test_count_is_additive_and_antisymmetric(a: dt.date, b: dt.date, c: dt.date) -> None:
    assert count_working_days(a, b) + count_working_days(b, c) == count_working_days(a, c)
    assert count_working_days(a, b) == -count_working_days(b, a)


@FAST
@given(recent, st.integers(0, 60))
def test_count_matches_day_by_day(start: dt.date, span: int) -> None:
    days = [start + dt.timedelta(i) for i in range(1, span + 1)]
    assert count_working_days(start, start + dt.timedelta(span)) == sum(map(is_working_day, days))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 200))
def test_vectorised_equals_scalar(seed: int, size: int) -> None:
    rng = np.random.default_rng(seed)
    first = np.datetime64("2005-01-01")
    starts = first + rng.integers(0, 32_500, size).astype("timedelta64[D]")
    ends = first + rng.integers(0, 32_500, size).astype("timedelta64[D]")
    n = rng.integers(-1000, 1001, size)
    pairs = list(zip(starts.astype(object), ends.astype(object), n.tolist(), strict=True))
    assert is_working_day_array(starts).tolist() == [is_working_day(s) for s, _, _ in pairs]
    assert count_working_days_array(starts, ends).tolist() == [count_working_days(s, e) for s, e, _ in pairs]
    assert add_working_days_array(starts, n).astype(object).tolist() == [
        add_working_days(s, k) for s, _, k in pairs
    ]


def test_matches_numpy_busday_count() -> None:
    """Cross-check with numpy's own business-day counter (it cannot add Saturdays: correct for them)."""
    calendar = default_calendar()
    off = calendar.non_working_dates
    weekday_off = off[(off.astype(np.int64) + 3) % 7 < 5]
    saturdays = np.array(sorted(calendar.working_saturdays), dtype="datetime64[D]")
    rng = np.random.default_rng(7)
    starts = np.datetime64("2001-01-01") + rng.integers(0, 35_000, 2000).astype("timedelta64[D]")
    ends = starts + rng.integers(0, 400, 2000).astype("timedelta64[D]")
    one = np.timedelta64(1, "D")
    expected = np.busday_count(starts + one, ends + one, holidays=weekday_off)
    expected += ((saturdays[None, :] > starts[:, None]) & (saturdays[None, :] <= ends[:, None])).sum(axis=1)
    assert (count_working_days_array(starts, ends) == expected).all()

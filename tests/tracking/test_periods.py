"""A task's occurrences in the plan year, and the support units' earlier due dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.tracking.periods import (
    SUPPORT_LEAD_WORKING_DAYS,
    Occurrence,
    event_due,
    occurrences,
    period_start,
    recomputed_due,
    support_due,
)
from cchc.workdays import default_calendar

CAL = default_calendar()
NO_REPORTS: list[tuple[str, date | None]] = []


def occ(kind: str, *, due=None, recurrence: str = "", reports=NO_REPORTS, year: int = 2026, **kw):
    return occurrences(
        kind=kind, due=due, recurrence=recurrence, year=year, report_periods=reports, calendar=CAL, **kw
    )


@pytest.mark.parametrize(
    ("kind", "due", "expected"),
    [
        ("by_date", date(2026, 6, 30), [Occurrence("once", None, date(2026, 6, 30))]),
        # Saturday 31/01/2026 → Monday 02/02 (Bộ luật Dân sự Điều 148).
        ("by_date", date(2026, 1, 31), [Occurrence("once", None, date(2026, 2, 2))]),
        # 30/04 and 01/05 are holidays, 02–03/05 a weekend → Monday 04/05.
        ("year", date(2026, 4, 30), [Occurrence("once", None, date(2026, 5, 4))]),
        ("by_date", None, [Occurrence("once", None, None)]),
        ("unknown", date(2026, 3, 1), [Occurrence("once", None, None)]),
        ("event", None, [Occurrence("event", None, None)]),
    ],
)
def test_single_occurrences(kind, due, expected):
    assert occ(kind, due=due) == expected


@pytest.mark.parametrize(
    ("recurrence", "periods", "first", "last"),
    [
        ("monthly", [f"M{m:02d}" for m in range(1, 13)], ("M01", date(2026, 1, 31), date(2026, 2, 2)), None),
        ("quarterly", ["Q1", "Q2", "Q3", "Q4"], ("Q1", date(2026, 3, 31), date(2026, 3, 31)), None),
        ("semiannual", ["H1", "H2"], ("H1", date(2026, 6, 30), date(2026, 6, 30)), None),
        ("annual", ["YEAR"], ("YEAR", date(2026, 12, 31), date(2026, 12, 31)), None),
    ],
)
def test_recurring_periods_end_inside_the_plan_year(recurrence, periods, first, last):
    found = occ("recurring", recurrence=recurrence)
    assert [o.period for o in found] == periods
    assert found[0] == Occurrence(*first)
    assert found[-1].period_end == date(2026, 12, 31)


def test_monthly_august_ends_on_the_official_day_off():
    # 31/08/2026 is off (made up on Saturday 22/08), 01–02/09 National Day → Thursday 03/09.
    august = occ("recurring", recurrence="monthly")[7]
    assert august == Occurrence("M08", date(2026, 8, 31), date(2026, 9, 3))


def test_continuous_follows_the_reporting_calendar():
    reports = [
        ("Q1", date(2026, 3, 15)),
        ("H1", date(2026, 6, 15)),
        ("9M", date(2026, 9, 15)),
        ("YEAR", None),
    ]
    assert occ("continuous", reports=reports) == [
        Occurrence("R:Q1", date(2026, 3, 31), date(2026, 3, 16)),  # Sunday 15/03 → Monday
        Occurrence("R:H1", date(2026, 6, 30), date(2026, 6, 15)),
        Occurrence("R:9M", date(2026, 9, 30), date(2026, 9, 15)),
        Occurrence("R:YEAR", date(2026, 12, 31), None),
    ]


def test_recurring_without_recurrence_is_like_continuous():
    reports = [("Q3", date(2026, 9, 10))]
    assert occ("recurring", reports=reports) == occ("continuous", reports=reports)
    assert occ("recurring", reports=reports)[0].period == "R:Q3"


def test_monthly_reporting_deadline_gives_twelve_periods():
    found = occ("continuous", reports=[("MONTH", date(2026, 1, 30)), ("Q1", date(2026, 3, 20))])
    assert [o.period for o in found][:3] == ["R:M01", "R:M02", "R:M03"]
    assert len(found) == 13
    by_period = {o.period: o for o in found}
    assert by_period["R:M02"] == Occurrence("R:M02", date(2026, 2, 28), date(2026, 3, 2))  # 30 → 28, Sat
    assert by_period["R:M04"].due == date(2026, 5, 4)  # 30/04 holiday → Monday 04/05
    assert by_period["R:M06"].due == date(2026, 6, 30)


def test_duplicate_reporting_periods_count_once():
    found = occ("continuous", reports=[("Q1", date(2026, 3, 10)), ("Q1", date(2026, 3, 20))])
    assert found == [Occurrence("R:Q1", date(2026, 3, 31), date(2026, 3, 10))]


def test_continuous_without_reporting_calendar_is_quarterly():
    assert [o.period for o in occ("continuous")] == ["Q1", "Q2", "Q3", "Q4"]
    assert [o.period for o in occ("continuous", reports=[("??", date(2026, 1, 1))])] == [
        "Q1",
        "Q2",
        "Q3",
        "Q4",
    ]


@pytest.mark.parametrize(
    ("event_on", "offset", "due"),
    [
        (date(2026, 4, 15), None, date(2026, 4, 15)),
        (date(2026, 4, 18), 0, date(2026, 4, 20)),  # a Saturday: the next working day
        (date(2026, 4, 17), 1, date(2026, 4, 20)),  # Friday + 1 working day → Monday
        (date(2026, 2, 13), 5, date(2026, 2, 27)),  # across the Tết days off 16–20/02
    ],
)
def test_event_due_counts_working_days(event_on, offset, due):
    assert event_due(event_on=event_on, offset=offset, calendar=CAL) == due
    found = occ("event", event_on=event_on, offset_working_days=offset)
    assert found == [Occurrence("event", None, due)]


@pytest.mark.parametrize(
    ("lead_due", "start", "expected"),
    [
        (date(2026, 6, 30), date(2026, 4, 1), date(2026, 6, 26)),  # Tue → the Friday before
        (date(2026, 2, 23), date(2026, 1, 1), date(2026, 2, 12)),  # Tết 16–20/02 skipped
        (date(2026, 1, 5), date(2026, 1, 1), date(2026, 1, 2)),  # not before the year's first working day
        (date(2026, 1, 2), date(2026, 1, 1), date(2026, 1, 2)),  # lead due on that day: the same day
        (date(2026, 7, 2), date(2026, 7, 1), date(2026, 7, 1)),  # Q3: not in June
        (date(2025, 12, 15), date(2026, 1, 1), date(2025, 12, 15)),  # a lead due before the year: unchanged
        (None, date(2026, 1, 1), None),
    ],
)
def test_support_due(lead_due, start, expected):
    assert support_due(lead_due=lead_due, period_start=start, calendar=CAL) == expected


@pytest.mark.parametrize(
    ("period", "start"),
    [
        ("once", date(2026, 1, 1)),
        ("M07", date(2026, 7, 1)),
        ("R:M11", date(2026, 11, 1)),
        ("Q2", date(2026, 4, 1)),
        ("R:Q3", date(2026, 7, 1)),
        ("H2", date(2026, 7, 1)),
        ("R:9M", date(2026, 1, 1)),
        ("YEAR", date(2026, 1, 1)),
        ("M13", date(2026, 1, 1)),
    ],
)
def test_period_start(period, start):
    assert period_start(period, year=2026) == start


def test_event_period_starts_on_the_event():
    assert period_start("event", year=2026, event_on=date(2026, 5, 6)) == date(2026, 5, 6)
    assert period_start("event", year=2026) == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("due", "base", "new", "extended", "expected"),
    [
        (date(2026, 3, 31), date(2026, 3, 31), date(2026, 6, 30), False, date(2026, 6, 30)),
        (date(2026, 5, 15), date(2026, 3, 31), date(2026, 4, 30), True, date(2026, 5, 15)),  # extension later
        (date(2026, 5, 15), date(2026, 3, 31), date(2026, 6, 30), True, date(2026, 6, 30)),  # new later
        (date(2026, 4, 2), date(2026, 4, 6), date(2026, 4, 9), False, date(2026, 4, 2)),  # a leader's date
        (date(2026, 4, 2), date(2026, 4, 6), date(2026, 4, 6), False, date(2026, 4, 2)),  # unchanged
        (date(2026, 3, 31), date(2026, 3, 31), None, False, None),
    ],
)
def test_recomputed_due(due, base, new, extended, expected):
    assert recomputed_due(due=due, base_due=base, new_base_due=new, extended=extended) == expected


def test_dates_outside_the_calendar_are_kept():
    assert occ("by_date", due=date(1990, 6, 30), year=1990) == [Occurrence("once", None, date(1990, 6, 30))]


# --- properties --------------------------------------------------------------------------------------

kinds = st.sampled_from(["by_date", "year", "recurring", "continuous", "event", "unknown"])
recurrences = st.sampled_from(["", "monthly", "quarterly", "semiannual", "annual"])
report_codes = st.sampled_from(["Q1", "H1", "Q3", "9M", "YEAR", "MONTH"])
years = st.integers(2022, 2030)


@st.composite
def tasks(draw):
    year = draw(years)
    in_year = st.dates(date(year, 1, 1), date(year, 12, 31))
    reports = draw(st.lists(st.tuples(report_codes, st.one_of(st.none(), in_year)), max_size=6))
    return {
        "kind": draw(kinds),
        "due": draw(st.one_of(st.none(), in_year)),
        "recurrence": draw(recurrences),
        "year": year,
        "report_periods": reports,
        "event_on": draw(st.one_of(st.none(), in_year)),
        "offset_working_days": draw(st.one_of(st.none(), st.integers(0, 30))),
    }


@settings(max_examples=200, deadline=None)
@given(tasks())
def test_dues_are_working_days_near_the_plan_year_and_periods_unique(task):
    found = occurrences(calendar=CAL, **task)
    assert found
    periods = [o.period for o in found]
    assert len(periods) == len(set(periods))
    year = task["year"]
    for o in found:
        if o.due is not None:
            assert CAL.is_working_day(o.due)
            # Inside the year, or pushed a little past its end by days off / an event's delay.
            assert date(year, 1, 1) <= o.due <= date(year + 1, 3, 1)
        if o.period_end is not None:
            assert o.period_end.year == year
        start = period_start(o.period, year=year, event_on=task["event_on"])
        support = support_due(lead_due=o.due, period_start=start, calendar=CAL)
        if o.due is not None:
            assert CAL.is_working_day(support)
            assert support <= o.due
            assert CAL.count_working_days(support, o.due) <= SUPPORT_LEAD_WORKING_DAYS

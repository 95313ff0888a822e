"""The shipped official-calendar data files (cchc/workdays/data/official_<year>.yaml)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from cchc.workdays import OfficialDataError, available_years, default_calendar, load_all, load_year
from cchc.workdays.official import OfficialEntry, validate


def test_years_2022_to_2026_shipped() -> None:
    assert set(range(2022, 2027)) <= set(available_years())


@pytest.mark.parametrize("year", range(2022, 2027))
def test_year_file_is_clean(year: int) -> None:
    entries = load_year(year)
    assert entries, year
    dates = Counter(e.date for e in entries)
    assert max(dates.values()) == 1  # no duplicate date, so none both off and working
    for entry in entries:
        assert entry.date.year == year
        assert entry.source.strip() and entry.reason.strip()
        assert entry.confidence in {"high", "medium", "low"}
        if entry.kind == "working_saturday":
            assert entry.date.weekday() == 5, entry
        else:
            assert entry.date.weekday() < 5, f"{entry.date}: weekends are off anyway, list weekdays only"


def test_every_official_row_is_applied() -> None:
    calendar = default_calendar()
    for entry in load_all():
        assert calendar.is_working_day(entry.date) is (entry.kind == "working_saturday"), entry


def test_each_swap_is_balanced() -> None:
    """A make-up Saturday always pays back a weekday off ("hoán đổi")."""
    entries = load_all()
    swaps = [e for e in entries if e.kind == "day_off" and "Hoán đổi" in e.reason]
    saturdays = [e for e in entries if e.kind == "working_saturday"]
    assert len(swaps) == len(saturdays) >= 3


def test_validate_rejects_bad_rows() -> None:
    sat = dt.date(2026, 8, 22)
    row = OfficialEntry(sat, "working_saturday", "r", "s", False, "high")
    with pytest.raises(OfficialDataError, match="twice"):
        validate([row, OfficialEntry(sat, "day_off", "r", "s", False, "high")])
    with pytest.raises(OfficialDataError, match="not a Saturday"):
        validate([OfficialEntry(dt.date(2026, 8, 23), "working_saturday", "r", "s", False, "high")])

"""Table and example tests for cchc.workdays (official days, counting, adding, overrides)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
import pytest

from cchc.workdays import (
    Calendar,
    add_working_days,
    add_working_days_array,
    count_working_days,
    count_working_days_array,
    default_calendar,
    is_working_day,
    is_working_day_array,
)

D = dt.date

DAYS_OFF = [
    *[D(2026, 2, day) for day in range(14, 23)],  # Tết Bính Ngọ 14–22/02/2026 (9859/VPCP-KGVX)
    D(2026, 8, 31),  # swapped with Sat 22/08/2026
    D(2026, 9, 1),
    D(2026, 9, 2),
    D(2026, 4, 30),
    D(2026, 5, 1),
    D(2026, 4, 27),  # Giỗ Tổ on Sun 26/04 → compensatory Monday
    D(2025, 4, 30),
    D(2025, 5, 1),
    D(2025, 5, 2),  # swapped with Sat 26/04/2025
    D(2024, 4, 29),  # swapped with Sat 04/05/2024
    *[D(2025, 1, day) for day in range(27, 32)],  # Tết Ất Tỵ
    *[D(2024, 2, day) for day in (8, 9, 12, 13, 14)],  # Tết Giáp Thìn
    *[D(2023, 1, day) for day in (20, 23, 24, 25, 26)],  # Tết Quý Mão
    *[D(2022, 1, 31), *[D(2022, 2, day) for day in range(1, 5)]],  # Tết Nhâm Dần
    D(2026, 1, 1),
    D(2026, 5, 2),  # Saturday
    D(2026, 5, 3),  # Sunday
]
WORKING_DAYS = [
    D(2026, 8, 22),  # make-up Saturday
    D(2025, 4, 26),  # make-up Saturday
    D(2024, 5, 4),  # make-up Saturday
    D(2026, 3, 11),  # an ordinary Wednesday
    D(2026, 2, 13),  # Friday before Tết
    D(2026, 2, 23),  # first day back after Tết
    D(2026, 9, 3),  # Thursday after Quốc khánh
]


@pytest.mark.parametrize("day", DAYS_OFF, ids=str)
def test_days_off(day: dt.date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize("day", WORKING_DAYS, ids=str)
def test_working_days(day: dt.date) -> None:
    assert is_working_day(day)


def test_other_saturdays_are_off() -> None:
    assert not is_working_day(D(2026, 8, 29))
    assert not is_working_day(D(2026, 8, 15))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 3, 9), D(2026, 3, 13), 4),  # Mon → Fri: Tue..Fri
        (D(2026, 3, 9), D(2026, 3, 9), 0),
        (D(2026, 3, 13), D(2026, 3, 16), 1),  # Fri → Mon over a weekend
        (D(2026, 2, 13), D(2026, 2, 23), 1),  # across Tết: only Mon 23/02
        (D(2026, 8, 21), D(2026, 8, 24), 2),  # Sat 22/08 is a working day
        (D(2026, 8, 28), D(2026, 9, 3), 1),  # 29/08–02/09 off
        (D(2026, 3, 13), D(2026, 3, 9), -4),  # reversed → negative
        (D(2024, 12, 31), D(2025, 12, 31), 250),  # 261 weekdays - 12 off + Sat 26/04
    ],
)
def test_count_examples(start: dt.date, end: dt.date, expected: int) -> None:
    assert count_working_days(start, end) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 3, 9), 1, D(2026, 3, 10)),
        (D(2026, 3, 13), 1, D(2026, 3, 16)),
        (D(2026, 2, 12), 2, D(2026, 2, 23)),  # Fri 13/02 then over Tết
        (D(2026, 8, 21), 1, D(2026, 8, 22)),  # make-up Saturday
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        (D(2026, 3, 11), 0, D(2026, 3, 11)),  # n == 0 on a working day: itself
        (D(2026, 2, 14), 0, D(2026, 2, 23)),  # n == 0 on a day off: next working day
        (D(2026, 2, 23), -1, D(2026, 2, 13)),
        (D(2026, 3, 14), -1, D(2026, 3, 13)),  # from a Saturday back to Friday
        (D(2026, 3, 9), 15, D(2026, 3, 30)),
    ],
)
def test_add_examples(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_working_days(start, n) == expected


def test_vectorised_examples() -> None:
    dates = np.array(["2026-02-13", "2026-02-14", "2026-08-22", "2026-08-31"], dtype="datetime64[D]")
    assert is_working_day_array(dates).tolist() == [True, False, True, False]
    shifted = add_working_days_array(dates, np.array([1, 0, 1, -1]))
    assert shifted.astype(str).tolist() == ["2026-02-23", "2026-02-23", "2026-08-24", "2026-08-28"]
    assert count_working_days_array(dates[:1], dates).tolist() == [0, 0, 128, 133]


def test_accepts_datetime_and_other_units() -> None:
    assert is_working_day(dt.datetime(2026, 8, 22, 15, 30))
    assert is_working_day(np.datetime64("2026-08-22"))
    ns = np.array(["2026-08-22T10:00"], dtype="datetime64[ns]")
    assert is_working_day_array(ns).tolist() == [True]


def test_errors() -> None:
    with pytest.raises(ValueError, match="outside"):
        is_working_day(D(1999, 12, 31))
    with pytest.raises(ValueError, match="outside"):
        add_working_days(D(2099, 12, 31), 5)
    with pytest.raises(ValueError):
        is_working_day_array(np.array(["NaT"], dtype="datetime64[D]"))
    with pytest.raises(TypeError):
        is_working_day_array(np.array([1, 2]))
    with pytest.raises(TypeError):
        add_working_days_array(np.array(["2026-01-05"], dtype="datetime64[D]"), 1.5)


def test_with_overrides_layers_admin_rows() -> None:
    base = default_calendar()
    edited = base.with_overrides(days_off=[D(2026, 8, 22), D(2026, 3, 11)], working_saturdays=[D(2026, 3, 7)])
    assert not edited.is_working_day(D(2026, 8, 22))  # admin cancels the make-up Saturday
    assert not edited.is_working_day(D(2026, 3, 11))
    assert edited.is_working_day(D(2026, 3, 7))
    assert base.is_working_day(D(2026, 8, 22)) and base.is_working_day(D(2026, 3, 11))  # unchanged
    restored = edited.with_overrides(working_saturdays=[D(2026, 8, 22)])
    assert restored.is_working_day(D(2026, 8, 22))


def test_with_overrides_rejects_bad_rows() -> None:
    base = default_calendar()
    with pytest.raises(ValueError, match="both"):
        base.with_overrides(days_off=[D(2026, 3, 7)], working_saturdays=[D(2026, 3, 7)])
    with pytest.raises(ValueError, match="not Saturdays"):
        base.with_overrides(working_saturdays=[D(2026, 3, 8)])
    with pytest.raises(ValueError, match="outside"):
        base.with_overrides(days_off=[D(1990, 1, 2)])


def test_calendar_is_immutable() -> None:
    calendar = Calendar(2026, 2026)
    with pytest.raises(ValueError, match="read-only"):
        calendar._working[0] = True
    with pytest.raises(AttributeError):
        calendar.extra = 1  # type: ignore[attr-defined]


def test_non_working_dates_sorted_and_consistent() -> None:
    calendar = Calendar.official(2026, 2026)
    off = calendar.non_working_dates
    assert (np.diff(off.astype(np.int64)) > 0).all()
    assert not calendar.is_working_day_array(off).any()
    assert np.datetime64("2026-08-22") not in off
    year = np.arange("2026-01-01", "2027-01-01", dtype="datetime64[D]")
    assert len(off) == 365 - int(calendar.is_working_day_array(year).sum())


def test_statutory_flag() -> None:
    bare = Calendar(2025, 2026, statutory=False)
    assert bare.is_working_day(D(2026, 2, 17))
    assert bare.count_working_days(D(2025, 12, 31), D(2026, 12, 31)) == 261


def test_package_does_not_import_django() -> None:
    code = "import sys, cchc.workdays; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

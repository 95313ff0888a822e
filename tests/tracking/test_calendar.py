"""The working-day calendar with the admins' official days on top."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.tracking.calendar import working_calendar
from cchc.tracking.models import OfficialDay
from cchc.workdays import default_calendar

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 6, 10)
SATURDAY = date(2026, 6, 13)


def test_without_rows_it_is_the_shipped_calendar(django_assert_num_queries):
    working_calendar()
    with django_assert_num_queries(1):  # one small question per call, nothing rebuilt
        calendar = working_calendar()
    assert calendar is default_calendar()
    assert not calendar.is_working_day(date(2026, 8, 31))  # shipped: off, made up on 22/08
    assert calendar.is_working_day(date(2026, 8, 22))


def test_a_day_off_makes_a_weekday_non_working():
    assert working_calendar().is_working_day(WEDNESDAY)
    OfficialDay.objects.create(date=WEDNESDAY, kind=OfficialDay.Kind.DAY_OFF, note="Nghỉ bù")
    calendar = working_calendar()
    assert not calendar.is_working_day(WEDNESDAY)
    assert calendar.add_working_days(date(2026, 6, 9), 1) == date(2026, 6, 11)


def test_a_make_up_saturday_becomes_working():
    assert not working_calendar().is_working_day(SATURDAY)
    OfficialDay.objects.create(date=SATURDAY, kind=OfficialDay.Kind.WORKING_DAY)
    assert working_calendar().is_working_day(SATURDAY)
    assert working_calendar().count_working_days(date(2026, 6, 12), date(2026, 6, 15)) == 2


def test_edits_are_seen_without_restart(django_assert_num_queries):
    row = OfficialDay.objects.create(date=WEDNESDAY, kind=OfficialDay.Kind.DAY_OFF)
    first = working_calendar()
    assert not first.is_working_day(WEDNESDAY)
    with django_assert_num_queries(1):
        assert working_calendar() is first  # unchanged rows: the same calendar, not rebuilt
    row.kind = OfficialDay.Kind.WORKING_DAY  # an admin's correction (not a Saturday: ignored)
    row.save()
    assert working_calendar().is_working_day(WEDNESDAY)
    row.date = SATURDAY
    row.save()
    assert working_calendar().is_working_day(SATURDAY)
    row.delete()
    assert not working_calendar().is_working_day(SATURDAY)


def test_rows_the_calendar_cannot_express_are_ignored(caplog):
    # A working Sunday, and a day outside 2000–2099, would make Calendar refuse; they are logged.
    OfficialDay.objects.create(date=date(2026, 6, 14), kind=OfficialDay.Kind.WORKING_DAY)
    OfficialDay.objects.create(date=date(2150, 1, 5), kind=OfficialDay.Kind.DAY_OFF)
    OfficialDay.objects.create(date=WEDNESDAY, kind=OfficialDay.Kind.DAY_OFF)
    calendar = working_calendar()
    assert not calendar.is_working_day(date(2026, 6, 14))
    assert not calendar.is_working_day(WEDNESDAY)
    assert "not a Saturday" in caplog.text and "outside" in caplog.text


def test_admin_refuses_a_make_up_working_day_that_is_not_a_saturday():
    from cchc.tracking.admin import OfficialDayForm

    weekday = OfficialDayForm(data={"date": "2026-08-24", "kind": "working_day", "note": "bù"})
    saturday = OfficialDayForm(data={"date": "2026-08-22", "kind": "working_day", "note": "bù"})
    assert not weekday.is_valid() and "date" in weekday.errors
    assert saturday.is_valid(), saturday.errors

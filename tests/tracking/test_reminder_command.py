"""`cchc remind [--date dd/mm/yyyy]` and the Huey job: what the officer and the worker see."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from factories import make_member, make_unit
from huey.contrib.djhuey import HUEY
from plans.builders import make_plan
from tracking.builders import make_obligation

from cchc.cli import main
from cchc.tracking import jobs
from cchc.tracking.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    """An office with two members and two obligations: one due tomorrow, one overdue."""
    unit = make_unit("Phòng Nội vụ")
    make_member(unit, "specialist")
    make_member(unit, "leader")
    task = make_plan(unit, n_tasks=1).tasks.get()
    make_obligation(task, unit, due=date(2026, 4, 16), period="M01")
    make_obligation(task, unit, due=date(2026, 4, 10), period="M02")
    return unit


def test_remind_sends_the_digests_and_says_what_it_did(office, capsys, mailoutbox) -> None:
    assert main(["remind", "--date", "15/04/2026"]) == 0
    out = capsys.readouterr().out
    assert "Nhắc việc ngày 15/04/2026:" in out
    assert "Nghĩa vụ cần nhắc (còn 7, 3, 1 ngày làm việc hoặc quá hạn): 2" in out
    assert "Thư tổng hợp: 2 (đã gửi 2)" in out and "Thông báo mới: 4" in out
    assert len(mailoutbox) == 2

    assert main(["remind", "--date", "15/04/2026"]) == 0
    assert "Thư tổng hợp: 0 (đã gửi 0)" in capsys.readouterr().out
    assert len(mailoutbox) == 2


def test_remind_without_a_date_uses_today(office, capsys, mailoutbox) -> None:
    assert main(["remind"]) == 0
    assert "Nhắc việc ngày 15/04/2026:" in capsys.readouterr().out
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("text", ["31/02/2026", "2026-04-15", "15/4", "hôm nay"])
def test_remind_with_a_bad_date_says_so_and_sends_nothing(office, text, capsys, mailoutbox) -> None:
    assert main(["remind", "--date", text]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"Ngày “{text}” không hợp lệ" in captured.err and "ví dụ 15/04/2026" in captured.err
    assert mailoutbox == [] and not Notification.objects.exists()


def test_remind_on_a_day_off_sends_nothing(office, capsys, mailoutbox) -> None:
    assert main(["remind", "--date", "30/04/2026"]) == 0
    assert "Nhắc việc 30/04/2026: ngày nghỉ, không gửi gì" in capsys.readouterr().out
    assert mailoutbox == []


def test_the_job_runs_every_morning_at_half_past_six_vietnam_time(office, mailoutbox) -> None:
    # Huey matches crontabs in UTC: 23:30 UTC on 14/04 is 06:30 on 15/04 in Vietnam (UTC+7).
    due = [type(task) for task in HUEY.read_periodic(datetime(2026, 4, 14, 23, 30))]
    assert jobs.send_reminders_job.task_class in due
    later = [type(task) for task in HUEY.read_periodic(datetime(2026, 4, 15, 6, 30))]
    assert jobs.send_reminders_job.task_class not in later

    jobs.send_reminders_job.call_local()

    assert len(mailoutbox) == 2


def test_help_lists_remind_and_the_reminders_bench(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "remind" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["bench", "--help"])
    assert "reminders" in capsys.readouterr().out


def test_the_worker_knows_the_daily_reminder_job():
    from huey.contrib.djhuey import HUEY

    from cchc.commands.web import load_jobs

    load_jobs()
    names = {task.name for task in HUEY._registry.periodic_tasks}
    assert any(name.endswith("send_reminders_job") for name in names), names
    assert any(name.endswith("delete_expired_drafts_job") for name in names), names

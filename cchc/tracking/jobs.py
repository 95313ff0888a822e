"""Huey tasks of the tracking app: each only calls a service."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from cchc.tracking import reminders


# Huey reads crontabs in UTC (its default, utc=True): 23:30 UTC is 06:30 in Vietnam
# (UTC+7 all year, no daylight saving), before the office opens.
@db_periodic_task(crontab(hour="23", minute="30"))
def send_reminders_job() -> None:
    """Every morning: due-soon and overdue digests, notifications, escalations."""
    reminders.send_reminders()

"""Tracking the year: obligations per (task, unit, period), progress with evidence,
extensions, reminders and in-app notifications. Depends on plans, org, workdays, audit."""

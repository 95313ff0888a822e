"""Huey tasks of the plans app: each only calls a service."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cchc.plans import drafts


@db_task()
def parse_draft_job(draft_id: str) -> None:
    """Parse a big uploaded document in the worker (the review page polls its progress)."""
    drafts.parse_draft(draft_id=draft_id)


@db_periodic_task(crontab(minute="17"))
def delete_expired_drafts_job() -> None:
    """Hourly: drop import drafts past their expiry, with their files."""
    drafts.delete_expired_drafts()

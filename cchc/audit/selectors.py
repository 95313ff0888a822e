"""Reading the audit history."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.audit.models import Entry


def entries_for_task(*, task_id: int, limit: int = 200) -> QuerySet[Entry]:
    """The newest `limit` entries about a task and everything recorded under it
    (its obligations, progress updates, evidence, extensions), with their actors.
    Callers check access to the task first (plans.selectors.task_get_for_user)."""
    return Entry.objects.filter(task_id=task_id).select_related("actor").order_by("-at", "-pk")[:limit]

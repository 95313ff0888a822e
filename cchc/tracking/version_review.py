"""The review of a new version of a plan, with what units have recorded on its tasks.

cchc.plans.version_diff says which tasks a new version adds, removes and changes. A removed
task on which a unit has recorded progress, evidence or an extension request cannot simply
be deleted (that history would go with it): the person confirming keeps or withdraws it
(cchc.plans.plan_versions), and the review asks for that decision on exactly those tasks.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from cchc.plans.models import ImportDraft
from cchc.plans.version_diff import VersionDiff, draft_version_diff
from cchc.tracking.models import Obligation


def tasks_with_recorded_work(*, task_ids: Iterable[int]) -> set[int]:
    """Those of `task_ids` with a progress update, an evidence file or an extension request
    on one of their obligations. One query."""
    ids = list(task_ids)
    if not ids:
        return set()
    worked = Q(updates__isnull=False) | Q(evidence__isnull=False) | Q(extensions__isnull=False)
    rows = Obligation.objects.filter(worked, task_id__in=ids).values_list("task_id", flat=True)
    return set(rows.distinct())


def version_review(*, draft: ImportDraft) -> VersionDiff | None:
    """The draft's diff against the plan it updates (None for a new plan), each removed task
    with `has_work` set."""
    diff = draft_version_diff(draft=draft)
    if diff is None:
        return None
    worked = tasks_with_recorded_work(task_ids=[row.task_id for row in diff.removed])
    for row in diff.removed:
        row.has_work = row.task_id in worked
    return diff

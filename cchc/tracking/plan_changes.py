"""Plan changes that must recompute obligations in the same transaction.

plans cannot import tracking (and signals are not used), so the task edit and the import
confirmation that users trigger go through these wrappers: the plans service, then
sync_task_obligations / sync_plan_obligations, all or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext

from cchc.plans.drafts import confirm_draft
from cchc.plans.edits import AssignmentSpec, update_task
from cchc.plans.errors import ImportRejected
from cchc.plans.models import Plan, Task
from cchc.tracking.obligations import sync_plan_obligations, sync_task_obligations


def edit_task(
    *,
    task: Task,
    user: AbstractBaseUser,
    version: int,
    lead: Sequence[AssignmentSpec] | None = None,
    support: Sequence[AssignmentSpec] | None = None,
    **fields: object,
) -> Task:
    """cchc.plans.edits.update_task, then the task's obligations follow (one transaction):
    a new deadline recomputes the open ones, new units get theirs, removed units lose theirs.
    StaleEditError, PermissionDenied and ValidationError come through unchanged."""
    with transaction.atomic():
        updated = update_task(task=task, user=user, version=version, lead=lead, support=support, **fields)
        sync_task_obligations(task=updated, actor=user)
    return updated


def confirm_import(
    *,
    draft_id: Any,
    user: AbstractBaseUser,
    acknowledge_warnings: bool = False,
    decisions: Mapping[int, str] | None = None,
    note: str = "",
) -> Plan:
    """cchc.plans.drafts.confirm_draft, then the plan's obligations (one transaction).

    A re-import or a new version keeps the ids of the tasks it matches, so their obligations
    (and progress) stay; new tasks get theirs; a withdrawn task's obligations are deactivated,
    their work kept. A left-out task with recorded work and no decision (`decisions`: task id →
    KEEP or WITHDRAW) refuses the whole import. ImportRejected comes through unchanged and
    nothing is saved."""
    try:
        with transaction.atomic():
            plan = confirm_draft(
                draft_id=draft_id,
                user=user,
                acknowledge_warnings=acknowledge_warnings,
                decisions=decisions,
                note=note,
            )
            sync_plan_obligations(plan=plan, actor=user)
    except ProtectedError as error:
        raise ImportRejected(_dropped_tasks_message(error)) from None
    return plan


def _dropped_tasks_message(error: ProtectedError) -> str:
    """The new version leaves out tasks with recorded work, and nobody said what becomes of them."""
    codes = sorted({o.obligation.task.code or str(o.obligation.task_id) for o in error.protected_objects})
    return gettext(
        "The new version of the document no longer has tasks on which units have already recorded "
        "progress, evidence or extension requests (%(codes)s). Choose for each of them, in the list "
        "of removed tasks, whether to keep it in the plan or withdraw it (its recorded work is kept "
        "either way), then confirm again. Nothing was saved."
    ) % {"codes": ", ".join(codes)}

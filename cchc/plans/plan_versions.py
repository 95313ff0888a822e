"""Versions of a plan: each imported file is kept as a PlanVersion, and a new version decides
what becomes of the tasks it leaves out.

Called by cchc.plans.plan_import.import_plan inside its transaction. A task the new document
no longer has is deleted, unless the person reviewing the import decided otherwise for it:
KEEP leaves it in the plan as it was (after the document's tasks), WITHDRAW keeps the row and
its history but marks it withdrawn in this version, so that it asks nothing of anyone any more
(cchc.tracking.obligations then deactivates its obligations, keeping their recorded work).
A task with recorded work cannot be deleted (PROTECT): the import is refused until a decision
is given for it (cchc.tracking.plan_changes turns the refusal into the message).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db.models import F

from cchc.plans.models import ImportDraft, Plan, PlanVersion, Task
from cchc.plans.version_diff import plan_version_diff

KEEP, WITHDRAW = "keep", "withdraw"
DECISIONS = (KEEP, WITHDRAW)


def record_version(
    *,
    plan: Plan,
    source: Mapping[str, Any],
    user: AbstractBaseUser | None,
    storage_name: str,
    draft: ImportDraft | None = None,
    note: str = "",
    changes: Mapping[str, int] | None = None,
) -> PlanVersion:
    """The plan's version for this source file: the latest one when it is the same file
    (sha256) again, else a new one numbered after it, with the file stored; the plan's own
    source fields then point at that file."""
    sha256 = source.get("sha256") or ""
    latest = plan.versions.order_by("-number").first()
    if latest is not None and sha256 and latest.source_sha256 == sha256:
        return latest
    version = PlanVersion(
        plan=plan,
        number=latest.number + 1 if latest else 1,
        source_filename=str(source.get("filename") or "")[:255],
        source_format=str(source.get("format") or "")[:8],
        source_sha256=sha256,
        draft=draft,
        uploaded_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
        note=note.strip(),
        changes=dict(changes or {}),
    )
    content = source.get("content")
    if content:
        version.source_file.save(storage_name, ContentFile(content), save=False)
    version.save()
    if version.source_file:
        Plan.objects.filter(pk=plan.pk).update(source_file=version.source_file.name)
        plan.source_file.name = version.source_file.name
    return version


def settle_removed_tasks(
    *,
    plan: Plan,
    removed: Sequence[int],
    decisions: Mapping[int, str],
    version: PlanVersion,
    after_position: int,
) -> set[int]:
    """Delete the `removed` tasks (stored tasks the new document left out) but those with a
    decision; return the ids of every task kept without a row of the document: the kept, the
    withdrawn now and those withdrawn in an earlier version (their assignments stay)."""
    kept = [pk for pk in removed if decisions.get(pk) == KEEP]
    withdrawn = [pk for pk in removed if decisions.get(pk) == WITHDRAW]
    doomed = [pk for pk in removed if pk not in decisions or decisions[pk] not in DECISIONS]
    if doomed:
        Task.objects.filter(pk__in=doomed).delete()  # ProtectedError when work was recorded
    if withdrawn:
        Task.objects.filter(pk__in=withdrawn).update(withdrawn_in=version, version=F("version") + 1)
    moved = list(Task.objects.filter(pk__in=kept).order_by("position", "pk"))
    for offset, task in enumerate(moved):
        task.position = after_position + offset
    Task.objects.bulk_update(moved, ["position"])
    earlier = Task.objects.filter(plan=plan).exclude(withdrawn_in=None).values_list("pk", flat=True)
    return set(kept) | set(earlier)


def version_changes(
    *, plan: Plan, payload: Mapping[str, Any], decisions: Mapping[int, str]
) -> dict[str, int]:
    """How many tasks the payload adds, removes, changes, leaves unchanged, and of the removed
    ones how many the decisions keep or withdraw (recorded on the version)."""
    diff = plan_version_diff(plan=plan, payload=payload)
    removed = [row.task_id for row in diff.removed]
    return {
        **diff.counts(),
        "kept": sum(decisions.get(pk) == KEEP for pk in removed),
        "withdrawn": sum(decisions.get(pk) == WITHDRAW for pk in removed),
    }

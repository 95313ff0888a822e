"""Reads of a plan's versions: the list on the plan page, a version's file, withdrawn tasks.

Access goes through cchc.plans.selectors.plan_get_for_user: whoever may read the plan may
read its versions and download their files.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from cchc.plans.models import Plan, PlanVersion, Task
from cchc.plans.selectors import plan_get_for_user


def plan_versions(*, plan: Plan) -> list[PlanVersion]:
    """The plan's versions, the newest first, with who uploaded each. One query."""
    return list(plan.versions.select_related("uploaded_by").order_by("-number"))


def plan_withdrawn_tasks(*, plan: Plan) -> list[Task]:
    """Tasks a new version of the plan left out and the review withdrew (their recorded work
    stays on their pages), in document order, each with `withdrawn_in` loaded. One query."""
    return list(
        Task.objects.filter(plan=plan)
        .exclude(withdrawn_in=None)
        .select_related("withdrawn_in")
        .order_by("position", "pk")
    )


def version_get_for_user(*, user: AbstractBaseUser | AnonymousUser, plan_id: int, number: int) -> PlanVersion:
    """The plan's version `number` with a stored file, if the user may read the plan; 404 otherwise."""
    plan = plan_get_for_user(user, plan_id)
    version = PlanVersion.objects.filter(plan=plan, number=number).exclude(source_file="").first()
    if version is None:
        raise Http404
    version.plan = plan
    return version

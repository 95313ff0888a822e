"""Reads of plans. `plan_get_for_user` is the one gate every plan view and export uses."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from cchc.docparse.units import fold_diacritics
from cchc.org.access import EDIT_ROLES, member_unit_ids, units_for_user
from cchc.org.models import Unit
from cchc.plans.models import Assignment, Plan, Section, Target, Task


def plans_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Plan]:
    """Plans the user may read.

    Those issued by units the user reaches (their units and everything below), and those
    that assign a task to a unit the user is a member of: a ward must see the district
    plan rows it leads or supports, even though it has no say over the district's plan.
    """
    units = units_for_user(user)
    if user.is_superuser:
        return Plan.objects.all()
    # Assignments count for the units the user belongs to, not for every unit below them:
    # a literal id list lets PostgreSQL probe the (unit, plan) index, where the whole
    # subtree of a province (hundreds of units) made it scan every assignment.
    assigned = Assignment.objects.filter(unit_id__in=member_unit_ids(user)).values("plan_id")
    return Plan.objects.filter(Q(issuer__in=units) | Q(pk__in=assigned))


def plan_get_for_user(user: AbstractBaseUser | AnonymousUser, pk: int, *, write: bool = False) -> Plan:
    """The plan, if the user may see it (or edit it with write=True); 404 otherwise.

    Only the issuing unit's members (or its parents') edit. 404 rather than 403 so that
    outsiders cannot learn which plans exist.
    """
    if write:
        plans = Plan.objects.filter(issuer__in=units_for_user(user, roles=EDIT_ROLES))
    else:
        plans = plans_for_user(user)
    plan = plans.filter(pk=pk).select_related("issuer").first()
    if plan is None:
        raise Http404
    return plan


# --- Pages: plan list, plan page, unit page, edit gates -----------------------------------------
#
# Every function below goes through `plans_for_user` / `plan_get_for_user`; none decides
# access by itself. Each returns what one page needs in a fixed number of queries, whatever
# the number of plans or tasks (the tests assert the counts).


def plan_list_for_user(
    *, user: AbstractBaseUser | AnonymousUser, year: int | None = None, issuer: Unit | int | None = None
) -> QuerySet[Plan]:
    """The plans the user may see, newest year first, with `task_count`, `target_count`
    and `issuer_kind` annotated (subqueries, so the counts do not multiply each other)."""
    plans = plans_for_user(user).select_related("issuer")
    if year is not None:
        plans = plans.filter(year=year)
    if issuer is not None:
        plans = plans.filter(issuer=issuer)
    return plans.annotate(
        task_count=_count_of(Task),
        target_count=_count_of(Target),
        issuer_kind=F("issuer__kind"),
    ).order_by("-year", "issuer__path", "number", "pk")


def _count_of(model: type[Task] | type[Target]) -> Coalesce:
    rows = model.objects.filter(withdrawn_in=None) if model is Task else model.objects.all()
    counted = rows.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def plan_list_choices(*, user: AbstractBaseUser | AnonymousUser) -> tuple[list[int], QuerySet[Unit]]:
    """Years and issuing units that occur among the plans the user may see (filter choices)."""
    visible = plans_for_user(user)
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    issuers = Unit.objects.filter(pk__in=visible.values("issuer")).order_by("path")
    return years, issuers


def search_key(text: str) -> str:
    """Lower-case text without diacritics: `Phòng Nội vụ` and `phong noi vu` give the same key."""
    return " ".join(fold_diacritics(unicodedata.normalize("NFC", text)).casefold().split())


def plan_tasks(
    *,
    plan: Plan,
    lead_unit: Unit | int | None = None,
    month: int | None = None,
    quarter: int | None = None,
    deadline_kind: str | None = None,
    q: str | None = None,
) -> list[Task]:
    """The plan's tasks in document order, each with `leads` and `supports` (assignments
    with their units) set. Two queries whatever the number of tasks.

    lead_unit: tasks that unit leads; month / quarter (1–12 / 1–4): tasks due then;
    deadline_kind: one of Task.DeadlineKind. `q` is matched in Python, case- and
    accent-insensitively, against code, title, products and assigned units' wording:
    SQLite's LIKE folds only ASCII letters and JSON columns are stored with escaped
    Unicode there, so a database `icontains` would behave differently on SQLite and
    PostgreSQL. A plan holds at most a few hundred tasks, which are loaded anyway.
    Tasks withdrawn by a new version of the plan are left out (see plan_withdrawn_tasks).
    """
    tasks = Task.objects.filter(plan=plan, withdrawn_in=None)
    if lead_unit is not None:
        lead_ids = Assignment.objects.filter(role=Assignment.Role.LEAD, unit=lead_unit).values("task_id")
        tasks = tasks.filter(pk__in=lead_ids)
    if month is not None:
        tasks = tasks.filter(due__month=month)
    if quarter is not None:
        tasks = tasks.filter(due__quarter=quarter)
    if deadline_kind:
        tasks = tasks.filter(deadline_kind=deadline_kind)
    rows = _with_assignments(tasks.order_by("position", "pk"))
    if q and q.strip():
        needle = search_key(q)
        rows = [task for task in rows if needle in _task_search_text(task)]
    return rows


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """A lead or supporting unit of a task as the pages show it (lighter than a model row:
    the 300-task page builds about a thousand of them)."""

    role: str
    wording: str
    unit_id: int | None
    unit_name: str


def _with_assignments(tasks: QuerySet[Task]) -> list[Task]:
    """The tasks, each with `leads` and `supports` (AssignmentRow lists) set: two queries."""
    rows = list(tasks)
    found = (
        Assignment.objects.filter(task__in=tasks.values("pk"))
        .order_by("task_id", "role", "position", "pk")
        .values_list("task_id", "role", "wording", "unit_id", "unit__name")
    )
    by_task: dict[int, list[AssignmentRow]] = {}
    for task_id, role, wording, unit_id, unit_name in found:
        by_task.setdefault(task_id, []).append(AssignmentRow(role, wording, unit_id, unit_name or ""))
    for task in rows:
        assigned = by_task.get(task.pk, [])
        task.leads = [a for a in assigned if a.role == Assignment.Role.LEAD]
        task.supports = [a for a in assigned if a.role == Assignment.Role.SUPPORT]
    return rows


def _task_search_text(task: Task) -> str:
    parts = [task.code, task.title, *(str(p) for p in task.products or [])]
    for a in (*task.leads, *task.supports):
        parts += [a.wording, a.unit_name]
    return search_key(" ".join(parts))


@dataclass
class SectionGroup:
    """A section of the plan (None for tasks outside any section) and its tasks."""

    section: Section | None
    tasks: list[Task] = field(default_factory=list)


def plan_sections_with_tasks(*, plan: Plan, keep_empty: bool = True, **filters: Any) -> list[SectionGroup]:
    """The plan's sections in order, each with its (filtered) tasks; tasks without a
    section come last. Three queries. Sections left empty by the filters are dropped
    unless `keep_empty` (the page keeps them only when nothing is filtered)."""
    tasks = plan_tasks(plan=plan, **filters)
    groups = {s.pk: SectionGroup(s) for s in Section.objects.filter(plan=plan).order_by("position", "pk")}
    loose = SectionGroup(None)
    for task in tasks:
        groups.get(task.section_id, loose).tasks.append(task)
    result = [g for g in groups.values() if keep_empty or g.tasks]
    if loose.tasks:
        result.append(loose)
    return result


def plan_lead_units(*, plan: Plan) -> QuerySet[Unit]:
    """Units that lead at least one task of the plan (the lead-unit filter's choices)."""
    lead_ids = Assignment.objects.filter(task__plan=plan, role=Assignment.Role.LEAD).values("unit_id")
    return Unit.objects.filter(pk__in=lead_ids).order_by("path")


UNIT_PAGE_SIZE = 100


def unit_tasks(*, unit: Unit, user: AbstractBaseUser | AnonymousUser) -> list[Task]:
    """Tasks the unit leads or supports in the plans the user may see, by due date (tasks
    without one last). Each task has `leads`, `supports` and `unit_roles` (the unit's roles
    in it: "lead", "support") set, and `plan` with its issuer loaded. Three queries."""
    return _with_unit_roles(_with_assignments(_unit_task_queryset(unit=unit, user=user)), unit)


def unit_task_page(
    *,
    unit: Unit,
    user: AbstractBaseUser | AnonymousUser,
    number: int | str | None,
    per_page: int = UNIT_PAGE_SIZE,
) -> tuple[list[Task], Page]:
    """One page of `unit_tasks` and its Page (a busy commune has thousands of tasks)."""
    page = Paginator(_unit_task_queryset(unit=unit, user=user), per_page).get_page(number)
    return _with_unit_roles(_with_assignments(page.object_list), unit), page


def _unit_task_queryset(*, unit: Unit, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Task]:
    task_ids = Assignment.objects.filter(unit=unit).values("task_id")
    return (
        Task.objects.filter(pk__in=task_ids, plan__in=plans_for_user(user), withdrawn_in=None)
        .select_related("plan", "plan__issuer")
        .order_by(F("due").asc(nulls_last=True), "-plan__year", "plan_id", "position", "pk")
    )


def _with_unit_roles(rows: list[Task], unit: Unit) -> list[Task]:
    for task in rows:
        task.unit_roles = sorted({a.role for a in (*task.leads, *task.supports) if a.unit_id == unit.pk})
    return rows


def unit_get_for_user(user: AbstractBaseUser | AnonymousUser, pk: int) -> Unit:
    """The unit, if the user may see it; 404 otherwise."""
    unit = units_for_user(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def task_get_for_user(user: AbstractBaseUser | AnonymousUser, pk: int, *, write: bool = False) -> Task:
    """The task, if the user may see its plan (or edit it with write=True); 404 otherwise."""
    task = Task.objects.select_related("section").filter(pk=pk).first()
    if task is None:
        raise Http404
    task.plan = plan_get_for_user(user, task.plan_id, write=write)
    return task


def target_get_for_user(user: AbstractBaseUser | AnonymousUser, pk: int, *, write: bool = False) -> Target:
    """The target, if the user may see its plan (or edit it with write=True); 404 otherwise."""
    target = Target.objects.filter(pk=pk).first()
    if target is None:
        raise Http404
    target.plan = plan_get_for_user(user, target.plan_id, write=write)
    return target

from datetime import date

import pytest
from django.http import Http404
from factories import make_member
from plans.builders import Cast, make_plan

from cchc.plans import selectors
from cchc.plans.models import Assignment, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast(n_tasks=12)


def test_plan_list_counts_and_issuer_kind(cast):
    (plan,) = selectors.plan_list_for_user(user=cast.owner)
    assert plan.pk == cast.plan.pk
    assert (plan.task_count, plan.target_count) == (12, 2)
    assert plan.issuer_kind == "district"


def test_plan_list_counts_are_not_multiplied(cast):
    make_plan(cast.district, n_tasks=3, n_targets=5, year=2025)
    rows = {p.year: p for p in selectors.plan_list_for_user(user=cast.parent_leader)}
    assert (rows[2025].task_count, rows[2025].target_count) == (3, 5)


def test_plan_list_filters_by_year_and_issuer(cast):
    make_plan(cast.office, n_tasks=1, year=2025)
    assert selectors.plan_list_for_user(user=cast.parent_leader).count() == 2
    assert [p.year for p in selectors.plan_list_for_user(user=cast.parent_leader, year=2025)] == [2025]
    by_issuer = selectors.plan_list_for_user(user=cast.parent_leader, issuer=cast.office)
    assert [p.issuer_id for p in by_issuer] == [cast.office.pk]


def test_plan_list_hides_other_trees(cast):
    assert list(selectors.plan_list_for_user(user=cast.outsider)) == [cast.other_plan]
    assert list(selectors.plan_list_for_user(user=cast.other_ward_member)) == []
    # A unit the plan assigns tasks to reads it, though the plan is its parent's.
    assert list(selectors.plan_list_for_user(user=cast.ward_member)) == [cast.plan]


def test_plan_tasks_have_assignments(cast):
    tasks = selectors.plan_tasks(plan=cast.plan)
    assert [t.code for t in tasks] == [str(i) for i in range(1, 13)]
    assert [a.unit_id for a in tasks[0].leads] == [cast.office.pk]
    assert {a.wording for a in tasks[0].supports} == {cast.ward.name, "Các phòng, ban"}


def test_plan_tasks_filters(cast):
    plan = cast.plan
    first = Task.objects.get(plan=plan, code="1")
    Assignment.objects.filter(task=first, role="lead").update(unit=cast.ward)
    assert [t.code for t in selectors.plan_tasks(plan=plan, lead_unit=cast.ward)] == ["1"]
    assert len(selectors.plan_tasks(plan=plan, lead_unit=cast.office)) == 11
    assert [t.due for t in selectors.plan_tasks(plan=plan, month=3)] == [date(2026, 3, 31)]
    assert [t.code for t in selectors.plan_tasks(plan=plan, quarter=2)] == ["4", "5", "6"]
    Task.objects.filter(pk=first.pk).update(deadline_kind="continuous", due=None)
    assert [t.code for t in selectors.plan_tasks(plan=plan, deadline_kind="continuous")] == ["1"]


def test_text_search_ignores_case_and_accents(cast):
    Task.objects.filter(plan=cast.plan, code="7").update(title="Rà soát thủ tục hành chính ĐẤT ĐAI")
    for q in ("đất đai", "dat dai", "DAT DAI", "Rà SOÁT"):
        assert [t.code for t in selectors.plan_tasks(plan=cast.plan, q=q)] == ["7"], q
    assert [t.code for t in selectors.plan_tasks(plan=cast.plan, q="bao cao 12")] == ["12"]  # products
    assert len(selectors.plan_tasks(plan=cast.plan, q="xa vu ban")) == 12  # a unit's wording
    assert selectors.plan_tasks(plan=cast.plan, q="không có") == []


def test_sections_with_tasks(cast):
    groups = selectors.plan_sections_with_tasks(plan=cast.plan)
    assert [g.section.code for g in groups] == ["1", "2"]
    assert [len(g.tasks) for g in groups] == [6, 6]
    Task.objects.filter(plan=cast.plan, code="1").update(section=None)
    groups = selectors.plan_sections_with_tasks(plan=cast.plan, keep_empty=False, q="nhiem vu so 1")
    assert [(g.section.code if g.section else None) for g in groups] == ["1", "2", None]


def test_unit_tasks_across_plans_by_due_date(cast):
    later = make_plan(cast.district, n_tasks=2, support=cast.office, year=2025)
    Task.objects.filter(plan=later, code="2").update(due=None)
    tasks = selectors.unit_tasks(unit=cast.office, user=cast.parent_leader)
    assert len(tasks) == 14
    dues = [t.due for t in tasks]
    assert dues[-1] is None
    assert dues[:-1] == sorted(dues[:-1])
    roles = {t.plan_id: t.unit_roles for t in tasks}
    assert roles[cast.plan.pk] == ["lead"]
    assert roles[later.pk] == ["support"]


def test_unit_tasks_only_from_visible_plans(cast):
    make_plan(cast.elsewhere, n_tasks=3, lead=cast.office)
    make_plan(cast.elsewhere, n_tasks=2, lead=cast.elsewhere)
    # The other province's plan assigns the office, but the owner is a member of the
    # district, not of the office: only the district tree's plan shows.
    assert len(selectors.unit_tasks(unit=cast.office, user=cast.owner)) == 12
    office_member = make_member(cast.office, "specialist")
    assert len(selectors.unit_tasks(unit=cast.office, user=office_member)) == 15
    outside = selectors.unit_tasks(unit=cast.office, user=cast.outsider)
    assert {t.plan.issuer_id for t in outside} == {cast.elsewhere.pk}
    assert len(outside) == 3
    assert selectors.unit_tasks(unit=cast.office, user=cast.other_ward_member) == []


def test_task_and_target_gates(cast):
    task = cast.plan.tasks.first()
    target = cast.plan.targets.first()
    for user in cast.readers:
        assert selectors.task_get_for_user(user, task.pk).pk == task.pk
        assert selectors.target_get_for_user(user, target.pk).pk == target.pk
    for user in cast.editors:
        assert selectors.task_get_for_user(user, task.pk, write=True).plan.issuer == cast.district
    for user in (cast.viewer, cast.outsider, cast.ward_member):
        with pytest.raises(Http404):
            selectors.task_get_for_user(user, task.pk, write=True)
        with pytest.raises(Http404):
            selectors.target_get_for_user(user, target.pk, write=True)
    with pytest.raises(Http404):
        selectors.task_get_for_user(cast.outsider, task.pk)
    with pytest.raises(Http404):
        selectors.task_get_for_user(cast.owner, 10**9)


def test_unit_gate(cast):
    assert selectors.unit_get_for_user(cast.owner, cast.office.pk) == cast.office
    with pytest.raises(Http404):
        selectors.unit_get_for_user(cast.outsider, cast.office.pk)

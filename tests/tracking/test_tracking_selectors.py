"""Reads of tracking: a unit's buckets, a plan's progress figures, the unit ranking.

Today is Wednesday 15/04/2026 (tests/conftest.py): a due on Wed 22/04 is due soon (5 working
days), Thu 23/04 is open, 14/04 is overdue by 1 working day.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from factories import make_member, make_unit
from plans.builders import Cast
from tracking.builders import make_obligation

from cchc.org.models import Unit
from cchc.org.services import set_membership
from cchc.tracking import selectors
from cchc.tracking.due_states import DueState
from cchc.tracking.models import Obligation

pytestmark = pytest.mark.django_db

S = Obligation.Status
D = DueState


@pytest.fixture
def cast():
    return Cast(n_tasks=6)


def _month(i: int) -> str:
    return f"M{i:02d}"


def _work_world(cast):
    """The office's obligations, one per case, all on the first task (periods M01…)."""
    task = cast.plan.tasks.order_by("position").first()
    made = {}
    cases = [
        ("late_1", date(2026, 4, 14), {}),
        ("late_10", date(2026, 4, 1), {}),
        ("soon_today", date(2026, 4, 15), {"status": S.IN_PROGRESS}),
        ("soon_5", date(2026, 4, 22), {}),
        ("support_soon", date(2026, 4, 20), {"role": Obligation.Role.SUPPORT}),
        ("open_6", date(2026, 4, 23), {}),
        ("open_none", None, {}),
        ("open_later", date(2026, 9, 30), {}),
        ("done", date(2026, 3, 31), {"status": S.DONE, "completed_on": date(2026, 3, 30)}),
        (
            "done_late",
            date(2026, 3, 31),
            {"status": S.DONE_LATE, "completed_on": date(2026, 4, 10), "review": "pending"},
        ),
        ("not_done", date(2026, 2, 28), {"status": S.NOT_DONE, "completed_on": date(2026, 4, 2)}),
        ("inactive", date(2026, 4, 1), {"active": False}),
    ]
    for i, (name, due, fields) in enumerate(cases, start=1):
        made[name] = make_obligation(task, cast.office, due=due, period=_month(i), **fields)
    # Another unit's obligation never shows in the office's work.
    make_obligation(task, cast.ward, due=date(2026, 4, 1), role=Obligation.Role.SUPPORT)
    return made


def _names(bucket, made):
    by_pk = {o.pk: name for name, o in made.items()}
    return [by_pk[row.pk] for row in bucket.rows]


def test_my_work_buckets_counts_and_order(cast):
    made = _work_world(cast)
    work = selectors.my_work(user=cast.owner, unit=cast.office)
    assert work.today == date(2026, 4, 15)
    assert list(work.buckets) == [D.OVERDUE, D.DUE_SOON, D.OPEN, D.DONE]
    assert {state: b.count for state, b in work.buckets.items()} == {
        D.OVERDUE: 2,
        D.DUE_SOON: 3,
        D.OPEN: 3,
        D.DONE: 3,
    }
    assert work.total == 11
    assert _names(work.buckets[D.OVERDUE], made) == ["late_10", "late_1"]
    assert _names(work.buckets[D.DUE_SOON], made) == ["soon_today", "support_soon", "soon_5"]
    assert _names(work.buckets[D.OPEN], made) == ["open_6", "open_later", "open_none"]
    assert _names(work.buckets[D.DONE], made) == ["done_late", "not_done", "done"]


def test_my_work_rows_carry_what_the_page_shows(cast):
    made = _work_world(cast)
    work = selectors.my_work(user=cast.owner, unit=cast.office)
    late_10, late_1 = work.buckets[D.OVERDUE].rows
    assert (late_10.overdue_days, late_1.overdue_days) == (10, 1)
    assert late_1.task_title == "Nhiệm vụ số 1" and late_1.task_code == "1"
    assert late_1.plan_number == "19/KH-UBND" and late_1.plan_id == cast.plan.pk
    assert late_1.period == "M01" and late_1.state is D.OVERDUE
    support = next(r for r in work.buckets[D.DUE_SOON].rows if r.pk == made["support_soon"].pk)
    assert support.role == "support" and support.overdue_days == 0
    done_late = work.buckets[D.DONE].rows[0]
    assert done_late.review == "pending" and done_late.completed_on == date(2026, 4, 10)


def test_moving_the_clock_moves_rows_between_buckets(cast, settings):
    made = _work_world(cast)
    settings.CCHC_TODAY = date(2026, 4, 16)  # Thursday: 23/04 is now within 5 working days
    work = selectors.my_work(user=cast.owner, unit=cast.office)
    assert "open_6" in _names(work.buckets[D.DUE_SOON], made)
    assert _names(work.buckets[D.OVERDUE], made) == ["late_10", "late_1", "soon_today"]


def test_my_work_caps_each_bucket_but_counts_all(cast):
    task = cast.plan.tasks.order_by("position").first()
    for i in range(1, 6):
        make_obligation(task, cast.office, due=date(2026, 3, i), period=_month(i))
    work = selectors.my_work(user=cast.owner, unit=cast.office, limit=3)
    overdue = work.buckets[D.OVERDUE]
    assert overdue.count == 5 and len(overdue.rows) == 3 and overdue.hidden == 2
    assert [r.due.day for r in overdue.rows] == [1, 2, 3]
    assert len(selectors.my_work(user=cast.owner, unit=cast.office, limit=None).buckets[D.OVERDUE].rows) == 5


def test_my_work_reads_through_the_access_gate(cast):
    _work_world(cast)
    # The outsider reaches neither the office nor the plan: nothing comes back.
    assert selectors.my_work(user=cast.outsider, unit=cast.office).total == 0
    assert selectors.my_work(user=cast.parent_leader, unit=cast.office).total == 11


def test_work_units_are_the_users_memberships(cast):
    assert list(selectors.work_units_for_user(user=cast.owner)) == [cast.district]
    user = make_member(cast.office, "viewer")
    set_membership(user=user, unit=cast.ward, role="specialist")
    expected = sorted([cast.office, cast.ward], key=lambda u: u.path)
    assert list(selectors.work_units_for_user(user=user)) == expected


@translation.override("en")
def test_period_labels():
    assert selectors.period_label("once") == ""
    assert selectors.period_label("M03") == "Month 3"
    assert selectors.period_label("Q2") == "Quarter II"
    assert selectors.period_label("H2") == "Second half"
    assert selectors.period_label("R:Q1") == "Report: Quarter I"
    assert selectors.period_label("R:M03") == "Report: Month 3"
    assert selectors.period_label("event") == "On the event"


# --- Plan progress -------------------------------------------------------------------------------


def _progress_world(cast):
    """Six tasks (odd codes in section 1, even in section 2), due 31/01, 28/02 … 30/06.

    office leads all six: 1 done, 2 done late, 3 open (overdue), 4 open (30/04), 5 could not
    be done, 6 in progress (30/06). other_ward leads 1–3: 1 done, 2 open (overdue), 3 done.
    The ward supports 1–3: 1 done, 2 open (overdue), 3 in progress (31/03, overdue).
    """
    t = {task.code: task for task in cast.plan.tasks.all()}
    statuses = {"1": S.DONE, "2": S.DONE_LATE, "3": S.NOT_STARTED, "4": S.NOT_STARTED, "5": S.NOT_DONE}
    statuses["6"] = S.IN_PROGRESS
    for code, status in statuses.items():
        make_obligation(t[code], cast.office, due=t[code].due, status=status)
    for code, status in {"1": S.DONE, "2": S.IN_PROGRESS, "3": S.DONE}.items():
        make_obligation(t[code], cast.other_ward, due=t[code].due, status=status)
    for code, status in {"1": S.DONE, "2": S.NOT_STARTED, "3": S.IN_PROGRESS}.items():
        make_obligation(t[code], cast.ward, due=t[code].due, status=status, role=Obligation.Role.SUPPORT)
    # Not counted: an inactive obligation, and another plan's.
    make_obligation(t["1"], cast.office, due=t["1"].due, period="Q1", active=False)
    other = cast.other_plan.tasks.first()
    make_obligation(other, cast.office, due=date(2026, 1, 31))


def _figures(row):
    return (row.total, row.on_time, row.late, row.not_done, row.overdue, row.open)


def test_plan_progress_by_section_unit_and_plan(cast):
    _progress_world(cast)
    progress = selectors.plan_progress(plan=cast.plan)
    assert [(r.code, _figures(r)) for r in progress.sections] == [
        ("1", (5, 3, 0, 1, 1, 0)),
        ("2", (4, 0, 1, 0, 1, 2)),
    ]
    first, second = progress.sections
    assert (first.pct_on_time, first.pct_late, first.pct_overdue) == (Decimal("60.0"), 0, Decimal("20.0"))
    assert (second.pct_on_time, second.pct_late, second.pct_overdue) == (0, Decimal("25.0"), Decimal("25.0"))
    assert [(r.key, _figures(r)) for r in progress.units] == [
        (cast.office.pk, (6, 1, 1, 1, 1, 2)),
        (cast.other_ward.pk, (3, 2, 0, 0, 1, 0)),
    ]
    assert [r.label for r in progress.units] == [cast.office.name, cast.other_ward.name]
    office = progress.units[0]
    assert office.pct_on_time == office.pct_late == office.pct_overdue == Decimal("16.7")
    assert _figures(progress.totals) == (9, 3, 1, 1, 2, 2)
    assert (progress.totals.pct_on_time, progress.totals.pct_late, progress.totals.pct_overdue) == (
        Decimal("33.3"),
        Decimal("11.1"),
        Decimal("22.2"),
    )
    assert [(r.key, r.total, r.done, r.overdue) for r in progress.support] == [(cast.ward.pk, 3, 1, 2)]
    assert progress.support[0].pct_done == Decimal("33.3")


def test_plan_progress_keeps_empty_sections_and_loose_tasks(cast):
    loose = cast.plan.tasks.get(code="6")
    loose.section = None
    loose.save()
    make_obligation(loose, cast.office, due=loose.due)
    progress = selectors.plan_progress(plan=cast.plan)
    assert [(r.code, r.total, r.pct_on_time) for r in progress.sections] == [
        ("1", 0, None),
        ("2", 0, None),
        ("", 1, 0),
    ]
    assert progress.sections[-1].key is None


def test_plan_progress_of_a_plan_without_obligations(cast):
    progress = selectors.plan_progress(plan=cast.plan)
    assert progress.units == [] and progress.support == []
    assert progress.totals.total == 0 and progress.totals.pct_on_time is None


def test_plan_progress_queries_are_fixed(cast, django_assert_num_queries):
    _progress_world(cast)
    with django_assert_num_queries(4):
        selectors.plan_progress(plan=cast.plan)
    with django_assert_num_queries(1):
        selectors.unit_ranking(plan=cast.plan)


# --- Ranking -------------------------------------------------------------------------------------


def _lead(unit: Unit, task, outcomes: list[tuple[date, str]]) -> None:
    for i, (due, status) in enumerate(outcomes, start=1):
        make_obligation(task, unit, due=due, status=status, period=_month(i))


def test_ranking_order_ties_and_units_with_nothing_due(cast):
    task = cast.plan.tasks.order_by("position").first()
    past, future = date(2026, 3, 31), date(2026, 6, 30)
    units = {
        name: make_unit(name, kind=Unit.Kind.DEPARTMENT, parent=cast.district)
        for name in ("Phòng Tư pháp", "Phòng Tài chính", "Phòng Y tế", "Văn phòng", "Ánh sáng")
    }
    # 50 %, nothing overdue (ties with Phòng Tài chính; "Tài" sorts before "Tư").
    _lead(units["Phòng Tư pháp"], task, [(past, S.DONE), (past, S.NOT_DONE)])
    _lead(units["Phòng Tài chính"], task, [(past, S.DONE), (past, S.DONE_LATE), (future, S.DONE)])
    # 50 % with one overdue: after the two above, rank 4.
    _lead(
        units["Phòng Y tế"],
        task,
        [(past, S.DONE), (past, S.DONE), (past, S.IN_PROGRESS), (past, S.DONE_LATE)],
    )
    # 100 %: first.
    _lead(units["Văn phòng"], task, [(past, S.DONE), (future, S.NOT_STARTED)])
    # Nothing due yet: last, unranked, even with work done early.
    _lead(units["Ánh sáng"], task, [(future, S.DONE)])
    # Support obligations are not ranked.
    make_obligation(task, cast.ward, due=past, role=Obligation.Role.SUPPORT, status=S.DONE)
    ranking = selectors.unit_ranking(plan=cast.plan)
    assert [(r.rank, r.unit_name, r.rate) for r in ranking] == [
        (1, "Văn phòng", Decimal("100.0")),
        (2, "Phòng Tài chính", Decimal("50.0")),
        (2, "Phòng Tư pháp", Decimal("50.0")),
        (4, "Phòng Y tế", Decimal("50.0")),
        (None, "Ánh sáng", None),
    ]
    first = ranking[0]
    assert (first.total, first.due_count, first.on_time, first.overdue) == (2, 1, 1, 0)
    assert ranking[3].overdue == 1


def test_ranking_is_empty_without_lead_obligations(cast):
    assert selectors.unit_ranking(plan=cast.plan) == []


def test_percent_rounds_half_up():
    assert selectors.percent(1, 3) == Decimal("33.3")
    assert selectors.percent(2, 3) == Decimal("66.7")
    assert selectors.percent(1, 8) == Decimal("12.5")
    assert selectors.percent(0, 0) is None

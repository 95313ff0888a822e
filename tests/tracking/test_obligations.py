"""Obligations from tasks: what each unit owes, kept in step with the plan."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import make_member, make_unit
from plans.builders import Cast, make_plan
from plans.import_support import make_tree, seed_bytes, specialist_of

from cchc.audit.models import Entry
from cchc.audit.selectors import entries_for_task
from cchc.plans import drafts
from cchc.plans.edits import StaleEditError
from cchc.plans.errors import ImportRejected
from cchc.plans.models import Assignment, Task
from cchc.tracking.errors import StaleObligation
from cchc.tracking.models import ExtensionRequest, Obligation, ProgressUpdate
from cchc.tracking.obligations import (
    InvalidEvent,
    SyncResult,
    record_event,
    sync_plan_obligations,
    sync_task_obligations,
)
from cchc.tracking.plan_changes import confirm_import, edit_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast(n_tasks=3)


def task_of(cast, code: str) -> Task:
    return Task.objects.select_related("plan__issuer").get(plan=cast.plan, code=code)


def dues(task: Task) -> dict[tuple[str, str, str], date | None]:
    """{(unit name, role, period): due} of the task's active obligations."""
    rows = Obligation.objects.filter(task=task, active=True).select_related("unit")
    return {(o.unit.name, o.role, o.period): o.due for o in rows}


def set_deadline(task: Task, **fields) -> Task:
    Task.objects.filter(pk=task.pk).update(**fields)
    task.refresh_from_db()
    return task


# --- what each deadline kind asks ----------------------------------------------------------------------


def test_fixed_dates_give_lead_and_earlier_support_obligations(cast):
    result = sync_plan_obligations(plan=cast.plan, actor=cast.owner)
    assert result == SyncResult(created=6)
    office, ward = cast.office.name, cast.ward.name
    # Task 1 is due Saturday 31/01/2026 → Monday 02/02; the ward 2 working days earlier.
    assert dues(task_of(cast, "1")) == {
        (office, "lead", "once"): date(2026, 2, 2),
        (ward, "support", "once"): date(2026, 1, 29),
    }
    assert dues(task_of(cast, "3")) == {
        (office, "lead", "once"): date(2026, 3, 31),
        (ward, "support", "once"): date(2026, 3, 27),  # Tuesday → the Friday before
    }
    # "Các phòng, ban" has no unit: no obligation for it.
    assert Assignment.objects.filter(plan=cast.plan, unit=None).count() == 3
    assert Obligation.objects.count() == 6
    support = Obligation.objects.filter(role="support").first()
    assert (support.base_due, support.review, support.status, support.version) == (
        support.due,
        "",
        "not_started",
        1,
    )


@pytest.mark.parametrize(
    ("fields", "periods", "first_due"),
    [
        ({"deadline_kind": "year", "due": date(2026, 12, 31)}, ["once"], date(2026, 12, 31)),
        ({"deadline_kind": "recurring", "recurrence": "monthly"}, [f"M{m:02d}" for m in range(1, 13)], None),
        (
            {"deadline_kind": "recurring", "recurrence": "quarterly"},
            ["Q1", "Q2", "Q3", "Q4"],
            date(2026, 3, 31),
        ),
        ({"deadline_kind": "recurring", "recurrence": "semiannual"}, ["H1", "H2"], date(2026, 6, 30)),
        ({"deadline_kind": "recurring", "recurrence": "annual"}, ["YEAR"], date(2026, 12, 31)),
        ({"deadline_kind": "continuous", "due": None}, ["R:Q1"], date(2026, 3, 16)),  # Sunday 15/03
        ({"deadline_kind": "recurring", "recurrence": ""}, ["R:Q1"], date(2026, 3, 16)),
        ({"deadline_kind": "unknown", "due": None}, ["once"], None),
        ({"deadline_kind": "event", "due": None, "offset_working_days": 3}, ["event"], None),
    ],
)
def test_each_deadline_kind(cast, fields, periods, first_due):
    task = set_deadline(task_of(cast, "2"), **fields)
    sync_task_obligations(task=task)
    lead = list(Obligation.objects.filter(task=task, role="lead").order_by("period_end", "period"))
    assert sorted(o.period for o in lead) == sorted(periods)
    assert Obligation.objects.filter(task=task, role="support").count() == len(periods)
    if first_due is not None:
        assert lead[0].due == first_due
    if fields.get("recurrence") == "monthly":
        assert {o.period: o.due for o in lead}["M01"] == date(2026, 2, 2)
        assert {o.period: o.period_end for o in lead}["M12"] == date(2026, 12, 31)


def test_continuous_without_reporting_calendar_is_quarterly(cast):
    cast.plan.report_deadlines.all().delete()
    task = set_deadline(task_of(cast, "1"), deadline_kind="continuous", due=None)
    sync_task_obligations(task=task)
    got = dues(task)
    assert sorted(p for (_u, role, p) in got if role == "lead") == ["Q1", "Q2", "Q3", "Q4"]
    assert got[(cast.ward.name, "support", "Q3")] == date(2026, 9, 28)  # Wed 30/09 − 2 working days


def test_a_unit_leading_and_supporting_leads_once(cast):
    task = task_of(cast, "1")
    Assignment.objects.bulk_create(
        [
            Assignment(task=task, plan=cast.plan, unit=cast.ward, role="lead", wording="UBND xã Vụ Bản"),
            Assignment(task=task, plan=cast.plan, unit=cast.office, role="lead", wording="Phòng NV"),
        ]
    )
    sync_task_obligations(task=task)
    assert dues(task) == {
        (cast.office.name, "lead", "once"): date(2026, 2, 2),
        (cast.ward.name, "lead", "once"): date(2026, 2, 2),
    }


def test_sync_is_idempotent(cast):
    sync_plan_obligations(plan=cast.plan)
    before = list(Obligation.objects.values_list("pk", "due", "version", "updated_at"))
    entries = Entry.objects.count()
    assert sync_plan_obligations(plan=cast.plan) == SyncResult()
    assert sync_task_obligations(task=task_of(cast, "1")) == SyncResult()
    assert list(Obligation.objects.values_list("pk", "due", "version", "updated_at")) == before
    assert Entry.objects.count() == entries


def test_creation_is_audited_once_per_task(cast):
    sync_plan_obligations(plan=cast.plan, actor=cast.owner)
    task = task_of(cast, "1")
    (entry,) = entries_for_task(task_id=task.pk)
    assert (entry.action, entry.actor, entry.changes) == (
        "obligation.create",
        cast.owner,
        {"obligations": [None, 2]},
    )
    assert entry.note == f"{cast.office.name}; {cast.ward.name}"


# --- deadline changes and unit changes ------------------------------------------------------------------


def test_deadline_change_recomputes_open_obligations_only(cast):
    sync_plan_obligations(plan=cast.plan)
    one, two, three = (task_of(cast, c) for c in "123")
    Obligation.objects.filter(task=two, role="lead").update(status="done", completed_on=date(2026, 2, 20))
    # Task 3's lead unit was granted an extension from 31/03 to 20/04.
    Obligation.objects.filter(task=three, role="lead").update(due=date(2026, 4, 20), extensions_granted=1)
    Obligation.objects.filter(task=one, role="lead").update(escalated_on=date(2026, 2, 9))

    for task in (one, two, three):
        edit_task(task=task, user=cast.owner, version=task.version, due=date(2026, 4, 10))

    office, ward = cast.office.name, cast.ward.name
    assert dues(one) == {
        (office, "lead", "once"): date(2026, 4, 10),
        (ward, "support", "once"): date(2026, 4, 8),
    }
    assert dues(two)[(office, "lead", "once")] == date(2026, 3, 2)  # done: left as it was
    assert dues(two)[(ward, "support", "once")] == date(2026, 4, 8)
    extended = Obligation.objects.get(task=three, role="lead")
    assert (extended.base_due, extended.due, extended.version) == (date(2026, 4, 10), date(2026, 4, 20), 2)
    # A new date later than the extension wins: Thursday 30/04 is a holiday → Monday 04/05.
    edit_task(task=three, user=cast.owner, version=2, due=date(2026, 4, 30))
    assert Obligation.objects.get(task=three, role="lead").due == date(2026, 5, 4)

    lead = Obligation.objects.get(task=one, role="lead")
    assert lead.escalated_on is None  # late again from the new date, escalated again if so
    change = Entry.objects.get(action="obligation.due_change", subject_id=lead.pk)
    assert change.changes == {
        "base_due": ["2026-02-02", "2026-04-10"],
        "due": ["2026-02-02", "2026-04-10"],
        "escalated_on": ["2026-02-09", None],
    }
    assert (change.actor, change.task_id, change.note) == (cast.owner, one.pk, f"{office} · once")


def test_deadline_kind_change_replaces_the_periods(cast):
    task = task_of(cast, "1")
    sync_task_obligations(task=task)
    edit_task(task=task, user=cast.owner, version=1, deadline_text="Hằng quý")
    periods = sorted(p for (_u, _r, p) in dues(task))
    assert periods == ["Q1", "Q1", "Q2", "Q2", "Q3", "Q3", "Q4", "Q4"]
    assert not Obligation.objects.filter(task=task, period="once").exists()  # no history: deleted


def test_removed_unit_is_deleted_or_deactivated_with_history(cast):
    sync_plan_obligations(plan=cast.plan)
    one, two = task_of(cast, "1"), task_of(cast, "2")
    kept = Obligation.objects.get(task=two, unit=cast.ward)
    ProgressUpdate.objects.create(obligation=kept, status="in_progress", account="Đang phối hợp")
    lead_spec = [("Phòng Nội vụ", cast.office)]

    edit_task(task=one, user=cast.owner, version=1, lead=lead_spec, support=[])
    result = sync_task_obligations(task=two)  # nothing changed yet for task 2
    assert result == SyncResult()
    edit_task(task=two, user=cast.owner, version=1, lead=lead_spec, support=[])

    assert not Obligation.objects.filter(task=one, unit=cast.ward).exists()
    (gone,) = Entry.objects.filter(task_id=one.pk, action="obligation.deactivate")
    assert (gone.changes, gone.note) == ({"deleted": [False, True]}, f"{cast.ward.name} · once")
    kept.refresh_from_db()
    assert (kept.active, kept.version, kept.updates.count()) == (False, 2, 1)
    assert Entry.objects.get(subject_id=kept.pk, action="obligation.deactivate").changes == {
        "active": [True, False]
    }

    # Asked again: it comes back with its history.
    edit_task(task=two, user=cast.owner, version=2, support=[("Xã Vụ Bản", cast.ward)])
    kept.refresh_from_db()
    assert (kept.active, kept.version) == (True, 3)
    assert Obligation.objects.filter(task=two).count() == 2


def test_an_extension_request_is_history_too(cast):
    sync_plan_obligations(plan=cast.plan)
    task = task_of(cast, "1")
    ob = Obligation.objects.get(task=task, unit=cast.ward)
    ExtensionRequest.objects.create(obligation=ob, requested_due=date(2026, 3, 1), reason="Chờ số liệu")
    assert sync_task_obligations(task=set_deadline(task, deadline_kind="event")) == SyncResult(
        created=2, deactivated=1, deleted=1
    )


def test_edit_task_refuses_stale_versions_and_writes_nothing(cast):
    task = task_of(cast, "1")
    sync_task_obligations(task=task)
    edit_task(task=task, user=cast.leader, version=1, title="Bản của lãnh đạo")
    with pytest.raises(StaleEditError):
        edit_task(task=task, user=cast.owner, version=1, due=date(2026, 5, 5))
    assert dues(task)[(cast.office.name, "lead", "once")] == date(2026, 2, 2)


def test_task_edit_is_audited(cast):
    task = task_of(cast, "1")
    edit_task(
        task=task,
        user=cast.owner,
        version=1,
        title="Nhiệm vụ đã sửa",
        lead=[("Phòng Nội vụ huyện", cast.office)],
    )
    (entry,) = [e for e in entries_for_task(task_id=task.pk) if e.action == "task.update"]
    assert (entry.actor, entry.subject_type, entry.subject_id) == (cast.owner, "task", task.pk)
    assert entry.changes == {
        "title": ["Nhiệm vụ số 1", "Nhiệm vụ đã sửa"],
        "lead": [[cast.office.name], ["Phòng Nội vụ huyện"]],
    }


def test_web_task_edit_moves_the_obligation_due(client, cast):
    task = task_of(cast, "1")
    sync_plan_obligations(plan=cast.plan)
    client.force_login(cast.owner)
    data = {
        "version": task.version,
        "code": task.code,
        "title": task.title,
        "products": "\n".join(task.products),
        "deadline_text": task.deadline_text,
        "due": "15/05/2026",
        "units-TOTAL_FORMS": "2",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "60",
        "units-0-role": "lead",
        "units-0-wording": "Phòng Nội vụ",
        "units-0-unit": cast.office.pk,
        "units-1-role": "support",
        "units-1-wording": "UBND xã Vụ Bản",
        "units-1-unit": cast.ward.pk,
    }
    response = client.post(reverse("plans:task_edit", args=[task.pk]), data)
    assert response.status_code == 302
    assert dues(task) == {
        (cast.office.name, "lead", "once"): date(2026, 5, 15),
        (cast.ward.name, "support", "once"): date(2026, 5, 13),
    }


# --- events ------------------------------------------------------------------------------------------------


@pytest.fixture
def event_cast(cast, settings):
    settings.CCHC_TODAY = date(2026, 5, 8)
    cast.office_specialist = make_member(cast.office, "specialist")
    task = set_deadline(task_of(cast, "1"), deadline_kind="event", due=None, offset_working_days=3)
    sync_task_obligations(task=task)
    cast.event_task = task
    cast.lead = Obligation.objects.get(task=task, role="lead")
    return cast


def test_event_obligations_wait_then_fall_due(event_cast):
    cast = event_cast
    assert set(dues(cast.event_task).values()) == {None}
    # Wednesday 29/04; 30/04–01/05 holidays, 02–03/05 weekend: +3 working days → Wednesday 06/05.
    updated = record_event(
        obligation=cast.lead, user=cast.office_specialist, event_on=date(2026, 4, 29), version=1
    )
    assert (updated.event_on, updated.due, updated.version) == (date(2026, 4, 29), date(2026, 5, 6), 2)
    support = Obligation.objects.get(task=cast.event_task, role="support")
    assert (support.event_on, support.due) == (date(2026, 4, 29), date(2026, 5, 4))
    entry = Entry.objects.get(action="obligation.event", subject_id=cast.lead.pk)
    assert entry.changes["due"] == [None, "2026-05-06"]
    assert entry.actor == cast.office_specialist
    # A later sync keeps the recorded dates.
    assert sync_task_obligations(task=cast.event_task) == SyncResult()


def test_a_leader_of_the_issuer_sets_an_event_date(event_cast):
    cast = event_cast
    record_event(obligation=cast.lead, user=cast.leader, event_on=date(2026, 4, 29), due=date(2026, 5, 16))
    cast.lead.refresh_from_db()
    # Saturday 16/05 → Monday 18/05; the computed date is kept apart as base_due.
    assert (cast.lead.base_due, cast.lead.due) == (date(2026, 5, 6), date(2026, 5, 18))
    support = Obligation.objects.get(task=cast.event_task, role="support")
    assert support.due == date(2026, 5, 14)
    # The offset changes: the leader's date stays.
    Task.objects.filter(pk=cast.event_task.pk).update(offset_working_days=5)
    sync_task_obligations(task=cast.event_task)
    cast.lead.refresh_from_db()
    assert (cast.lead.base_due, cast.lead.due) == (date(2026, 5, 8), date(2026, 5, 18))


def test_event_refusals(event_cast):
    cast = event_cast
    with pytest.raises(InvalidEvent, match="leader"):
        record_event(
            obligation=cast.lead,
            user=cast.office_specialist,
            event_on=date(2026, 5, 4),
            due=date(2026, 5, 20),
        )
    with pytest.raises(InvalidEvent, match="future"):
        record_event(obligation=cast.lead, user=cast.office_specialist, event_on=date(2026, 5, 9))
    with pytest.raises(InvalidEvent, match="before the event"):
        record_event(obligation=cast.lead, user=cast.leader, event_on=date(2026, 5, 4), due=date(2026, 5, 1))
    with pytest.raises(StaleObligation):
        record_event(obligation=cast.lead, user=cast.office_specialist, event_on=date(2026, 5, 4), version=7)
    with pytest.raises(PermissionDenied):
        record_event(obligation=cast.lead, user=cast.other_ward_member, event_on=date(2026, 5, 4))
    fixed = Obligation.objects.create(
        task=task_of(cast, "2"),
        plan=cast.plan,
        unit=cast.office,
        role="lead",
        period="once",
        due=date(2026, 3, 2),
    )
    with pytest.raises(InvalidEvent, match="does not wait"):
        record_event(obligation=fixed, user=cast.office_specialist, event_on=date(2026, 5, 4))
    Obligation.objects.filter(pk=cast.lead.pk).update(status="done")
    with pytest.raises(InvalidEvent, match="closed"):
        record_event(obligation=cast.lead, user=cast.office_specialist, event_on=date(2026, 5, 4))
    cast.lead.refresh_from_db()
    assert (cast.lead.event_on, cast.lead.version) == (None, 1)


def test_a_unit_added_after_the_event_follows_it(event_cast):
    cast = event_cast
    record_event(obligation=cast.lead, user=cast.office_specialist, event_on=date(2026, 4, 29))
    task = Task.objects.get(pk=cast.event_task.pk)
    edit_task(
        task=task,
        user=cast.owner,
        version=task.version,
        support=[("UBND xã Vụ Bản", cast.ward), ("UBND xã Ân Nghĩa", cast.other_ward)],
    )
    added = Obligation.objects.get(task=task, unit=cast.other_ward)
    assert (added.event_on, added.due) == (date(2026, 4, 29), date(2026, 5, 4))


# --- imports ---------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_confirm_import_creates_obligations_and_reimport_keeps_them(media):
    tree = make_tree()
    user = specialist_of(tree.q11)
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="19-KH-UBND.txt")
    plan = confirm_import(draft_id=draft.pk, user=user)

    obligations = Obligation.objects.filter(plan=plan)
    mapped = Assignment.objects.filter(plan=plan).exclude(unit=None)
    assert obligations.exists()
    # Every unit the document names (and the review mapped) gets obligations, and only those.
    assert set(obligations.values_list("task_id", "unit_id")) == set(mapped.values_list("task_id", "unit_id"))
    assert obligations.filter(unit=tree.noi_vu, role="lead").exists()
    before = sorted(obligations.values_list("pk", "due"))
    ProgressUpdate.objects.create(obligation=obligations.first(), status="in_progress")

    again = drafts.create_draft(user=user, data=seed_bytes(), filename="ban-sao.txt")
    assert confirm_import(draft_id=again.pk, user=user).pk == plan.pk
    assert sorted(Obligation.objects.filter(plan=plan).values_list("pk", "due")) == before


def test_reimport_that_drops_a_task_with_recorded_work_is_refused(media):
    tree = make_tree()
    user = specialist_of(tree.q11)
    plan = confirm_import(
        draft_id=drafts.create_draft(user=user, data=seed_bytes(), filename="a.txt").pk, user=user
    )
    worked = Obligation.objects.filter(plan=plan, role="lead").order_by("task__position").last()
    ProgressUpdate.objects.create(obligation=worked, status="in_progress", account="Đang làm")
    # The same document again, its review removing that task (an update of the plan).
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="b.txt")
    draft.payload["tasks"] = [t for t in draft.payload["tasks"] if t["code"] != worked.task.code]
    draft.save(update_fields=["payload"])
    tasks_before = Task.objects.filter(plan=plan).count()
    with pytest.raises(ImportRejected) as refused:
        confirm_import(draft_id=draft.pk, user=user, acknowledge_warnings=True)
    assert "Nothing was saved" in refused.value.message
    assert Task.objects.filter(plan=plan).count() == tasks_before
    assert ProgressUpdate.objects.filter(obligation=worked).count() == 1


def test_confirm_import_is_all_or_nothing(media):
    tree = make_tree()
    user = specialist_of(tree.q11)
    outsider = specialist_of(tree.q1)
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="19-KH-UBND.txt")
    with pytest.raises(ImportRejected):
        confirm_import(draft_id=draft.pk, user=outsider)
    assert not Obligation.objects.exists()


# --- how many queries -------------------------------------------------------------------------------------


def test_a_big_plan_syncs_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    district = make_unit("Ủy ban nhân dân huyện Mai Châu")
    office, ward = make_unit("Phòng Nội vụ", parent=district), make_unit("Xã Chiềng Châu", parent=district)
    plan = make_plan(district, n_tasks=300, lead=office, support=ward)
    Task.objects.filter(plan=plan, position__lt=60).update(deadline_kind="recurring", recurrence="quarterly")

    with CaptureQueriesContext(connection) as first:
        assert sync_plan_obligations(plan=plan).created == 2 * (240 + 60 * 4)
    inserts = [q for q in first.captured_queries if q["sql"].startswith("INSERT")]
    assert len(first.captured_queries) - len(inserts) <= 10  # reads, savepoints: not per task
    batch = connection.ops.bulk_batch_size(
        [f for f in Obligation._meta.concrete_fields if not f.primary_key], [None] * 960
    )
    assert len(inserts) <= -(-960 // batch) + -(-300 // 100) + 1  # obligations, then audit summaries

    with django_assert_max_num_queries(10):
        assert sync_plan_obligations(plan=plan) == SyncResult()

    # Every dated task moves to Friday 27/11: the rows moved alike share one UPDATE each.
    Task.objects.filter(plan=plan, deadline_kind="by_date").update(due=date(2026, 11, 27))
    with django_assert_max_num_queries(15):
        assert sync_plan_obligations(plan=plan).updated == 480
    assert set(Obligation.objects.filter(plan=plan, period="once").values_list("role", "due")) == {
        ("lead", date(2026, 11, 27)),
        ("support", date(2026, 11, 25)),
    }
    assert Entry.objects.filter(action="obligation.due_change").count() == 480

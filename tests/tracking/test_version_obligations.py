"""New versions of a plan (tracking side): obligations follow the tasks a version keeps, gains
and leaves out, and the work recorded on them is never lost.

Seed 000 is Kế hoạch 19/KH-UBND of Quận 11; its corrected re-issue changes the title of task
1.2 (led by Phòng Nội vụ). Before versions, that upload became a second plan and doubled every
obligation of Phòng Nội vụ.
"""

from __future__ import annotations

import pytest
from factories import make_member
from plans.import_support import make_tree, seed_bytes, specialist_of
from plans.version_support import CORRECTED_CODE, CORRECTED_TITLE, corrected_seed

from cchc.plans import drafts
from cchc.plans.errors import ImportRejected
from cchc.plans.models import ImportDraft, Plan, PlanVersion, Task
from cchc.plans.plan_versions import KEEP, WITHDRAW
from cchc.tracking import progress
from cchc.tracking.models import Obligation, ProgressUpdate
from cchc.tracking.plan_changes import confirm_import
from cchc.tracking.version_review import version_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tree():
    return make_tree()


@pytest.fixture
def user(tree):
    return specialist_of(tree.q11)


@pytest.fixture
def plan(user):
    return confirm_import(
        draft_id=drafts.create_draft(user=user, data=seed_bytes(), filename="19-KH-UBND.txt").pk, user=user
    )


def record_work(tree, task: Task) -> ProgressUpdate:
    """Phòng Nội vụ reports on its (first) lead obligation of `task`, through the service."""
    obligation = Obligation.objects.filter(task=task, unit=tree.noi_vu, role="lead").order_by("pk").first()
    return progress.record_progress(
        obligation=obligation,
        user=make_member(tree.noi_vu, "specialist"),
        version=obligation.version,
        status=Obligation.Status.IN_PROGRESS,
        account="Đã dự thảo quyết định kiện toàn.",
    )


def new_version(user, *, drop: tuple[str, ...] = ()) -> ImportDraft:
    """The corrected re-issue, with the tasks coded `drop` left out of it by the review."""
    draft = drafts.create_draft(user=user, data=corrected_seed(), filename="19-KH-UBND-dinh-chinh.txt")
    draft.payload["tasks"] = [t for t in draft.payload["tasks"] if t["code"] not in drop]
    draft.save(update_fields=["payload"])
    return draft


def obligations_of(unit):
    return sorted(Obligation.objects.filter(unit=unit, active=True).values_list("pk", "task_id", "period"))


def test_a_corrected_version_doubles_no_obligation_and_keeps_the_work(plan, user, tree):
    edited = plan.tasks.get(code=CORRECTED_CODE)
    update = record_work(tree, edited)
    before = obligations_of(tree.noi_vu)
    total = Obligation.objects.count()

    again = confirm_import(draft_id=new_version(user).pk, user=user)

    assert again.pk == plan.pk and Plan.objects.count() == 1
    assert obligations_of(tree.noi_vu) == before  # the same rows: none added, none lost
    assert Obligation.objects.count() == total
    edited.refresh_from_db()
    assert edited.title == CORRECTED_TITLE
    worked = Obligation.objects.get(pk=update.obligation_id)
    assert (worked.task_id, worked.status, worked.active) == (edited.pk, "in_progress", True)
    assert list(worked.updates.values_list("account", flat=True)) == ["Đã dự thảo quyết định kiện toàn."]
    assert plan.versions.count() == 2


def test_a_new_task_gets_its_obligations(plan, user, tree):
    draft = new_version(user)
    draft.payload["tasks"].append(
        {**draft.payload["tasks"][1], "code": "1.99", "title": "Rà soát quy chế làm việc của Ban Chỉ đạo"}
    )
    draft.save(update_fields=["payload"])
    total = Obligation.objects.count()

    confirm_import(draft_id=draft.pk, user=user)

    added = Task.objects.get(plan=plan, code="1.99")
    assert Obligation.objects.filter(task=added, unit=tree.noi_vu, role="lead").count() == 1
    assert Obligation.objects.count() == total + Obligation.objects.filter(task=added).count()


def test_a_left_out_task_with_work_needs_a_decision_and_nothing_is_saved(plan, user, tree):
    worked = plan.tasks.get(code="1.3")
    record_work(tree, worked)
    quiet = plan.tasks.get(code="1.4")
    draft = new_version(user, drop=("1.3", "1.4"))

    review = version_review(draft=draft)
    assert {(row.code, row.has_work) for row in review.removed} == {("1.3", True), ("1.4", False)}
    assert [row.code for row in review.needs_decision] == ["1.3"]
    with pytest.raises(ImportRejected) as refused:
        confirm_import(draft_id=draft.pk, user=user, decisions={quiet.pk: KEEP})

    assert "(1.3)" in refused.value.message and "keep it in the plan or withdraw it" in refused.value.message
    assert "Nothing was saved" in refused.value.message
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.READY  # it can be confirmed once decided
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert plan.tasks.filter(code__in=("1.3", "1.4"), withdrawn_in=None).count() == 2
    assert plan.tasks.get(code=CORRECTED_CODE).title != CORRECTED_TITLE


def test_withdrawing_keeps_the_recorded_work_and_asks_nothing_more(plan, user, tree):
    worked = plan.tasks.get(code="1.11")  # quarterly: work recorded on Q1 only
    update = record_work(tree, worked)
    obligations = Obligation.objects.filter(task=worked)
    quiet_ids = set(obligations.exclude(pk=update.obligation_id).values_list("pk", flat=True))
    assert len(quiet_ids) == 3

    draft = new_version(user, drop=("1.11",))
    confirm_import(draft_id=draft.pk, user=user, decisions={worked.pk: WITHDRAW})

    worked.refresh_from_db()
    assert worked.withdrawn_in.number == 2
    kept = Obligation.objects.get(pk=update.obligation_id)
    assert (kept.active, kept.status) == (False, "in_progress")
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()
    assert not Obligation.objects.filter(pk__in=quiet_ids).exists()
    # Progress and my-work lists count active obligations only: the withdrawn task is in none.
    assert not Obligation.objects.filter(task=worked, active=True).exists()


def test_keeping_leaves_the_task_and_its_obligations_as_they_were(plan, user, tree):
    worked = plan.tasks.get(code="1.3")
    record_work(tree, worked)
    before = sorted(Obligation.objects.filter(task=worked).values_list("pk", "active", "due"))

    confirm_import(draft_id=new_version(user, drop=("1.3",)).pk, user=user, decisions={worked.pk: KEEP})

    worked.refresh_from_db()
    assert worked.withdrawn_in is None
    assert sorted(Obligation.objects.filter(task=worked).values_list("pk", "active", "due")) == before


def test_a_left_out_task_without_work_is_deleted_with_its_obligations(plan, user):
    quiet = plan.tasks.get(code="1.4")
    assert Obligation.objects.filter(task=quiet).exists()

    confirm_import(draft_id=new_version(user, drop=("1.4",)).pk, user=user)

    assert not Task.objects.filter(pk=quiet.pk).exists()
    assert not Obligation.objects.filter(task_id=quiet.pk).exists()

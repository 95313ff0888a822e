"""New versions of a plan (plans side): version 1 on import, a corrected file becomes version 2
of the same plan, the diff the review shows, and what becomes of tasks a version leaves out."""

from __future__ import annotations

import pytest
from plans.import_support import make_tree, seed_bytes, specialist_of
from plans.version_support import CORRECTED_CODE, CORRECTED_TITLE, SEED_TITLE, corrected_seed

from cchc.plans import drafts
from cchc.plans.models import Assignment, ImportDraft, Plan, PlanVersion, Task
from cchc.plans.plan_versions import KEEP, WITHDRAW
from cchc.plans.selectors import plan_tasks
from cchc.plans.version_diff import CODE, DEADLINE, LEAD, TITLE, draft_version_diff
from cchc.plans.version_match import NUMBER

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
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="19-KH-UBND.txt")
    return drafts.confirm_draft(draft_id=draft.pk, user=user)


def corrected_draft(user, data: bytes | None = None) -> ImportDraft:
    return drafts.create_draft(user=user, data=data or corrected_seed(), filename="19-KH-UBND-dinh-chinh.txt")


def edit_payload(draft: ImportDraft, change) -> ImportDraft:
    """Change the draft's payload as a review would (tasks edited, added, removed)."""
    change(draft.payload["tasks"])
    draft.save(update_fields=["payload"])
    return draft


def drop(tasks: list, codes: set[str]) -> None:
    tasks[:] = [task for task in tasks if task["code"] not in codes]


def test_the_first_import_is_version_1(plan, user):
    version = plan.versions.get()
    assert (version.number, version.source_filename, version.uploaded_by) == (1, "19-KH-UBND.txt", user)
    assert version.source_sha256 == plan.source_sha256
    assert version.source_file.read() == seed_bytes()
    assert version.draft == ImportDraft.objects.get(plan=plan)
    assert plan.source_file.name == version.source_file.name


def test_a_corrected_file_is_offered_as_a_new_version(plan, user):
    draft = corrected_draft(user)
    assert (draft.existing_plan, draft.existing_match) == (plan, NUMBER)

    diff = draft_version_diff(draft=draft)
    assert (len(diff.added), len(diff.removed), diff.unchanged, diff.next_number) == (0, 0, 63, 2)
    [changed] = diff.changed
    assert changed.code == CORRECTED_CODE
    assert changed.task_id == plan.tasks.get(code=CORRECTED_CODE).pk
    assert [(c.field, c.before, c.after) for c in changed.changes] == [(TITLE, SEED_TITLE, CORRECTED_TITLE)]


def test_confirming_keeps_the_plan_and_its_task_ids(plan, user):
    task_ids = dict(plan.tasks.values_list("code", "pk"))
    edited = plan.tasks.get(code=CORRECTED_CODE)

    again = drafts.confirm_draft(draft_id=corrected_draft(user).pk, user=user, note="Sửa nhiệm vụ 1.2")

    assert again.pk == plan.pk and Plan.objects.count() == 1
    assert dict(again.tasks.values_list("code", "pk")) == task_ids
    edited.refresh_from_db()
    assert (edited.title, edited.version) == (CORRECTED_TITLE, 2)
    assert not again.tasks.exclude(pk=edited.pk).filter(version__gt=1).exists()
    first, second = again.versions.order_by("number")
    assert (second.number, second.note, second.draft.existing_match) == (2, "Sửa nhiệm vụ 1.2", NUMBER)
    assert second.changes == {
        "added": 0, "removed": 0, "changed": 1, "unchanged": 63, "kept": 0, "withdrawn": 0
    }  # fmt: skip
    # Both files are kept; the plan's own file is the newest.
    assert first.source_file.read() == seed_bytes()
    assert second.source_file.read() == corrected_seed()
    again.refresh_from_db()
    assert again.source_file.name == second.source_file.name
    assert again.source_sha256 == second.source_sha256 != first.source_sha256


def test_the_same_file_again_is_no_new_version(plan, user):
    again = drafts.create_draft(user=user, data=seed_bytes(), filename="ban-sao.txt")
    drafts.confirm_draft(draft_id=again.pk, user=user)
    assert plan.versions.count() == 1


def test_a_renumbered_plan_is_found_by_its_title(plan, user):
    draft = corrected_draft(user, corrected_seed("Số: 19/KH-UBND", "Số: 25/KH-UBND"))
    assert (draft.existing_plan, draft.existing_match) == (plan, "title")
    assert drafts.confirm_draft(draft_id=draft.pk, user=user).number == "25/KH-UBND"
    assert Plan.objects.count() == 1


def test_editing_the_number_in_the_review_finds_the_plan_again(plan, user):
    draft = corrected_draft(user, corrected_seed("Số: 19/KH-UBND", "Số: 25/KH-UBND"))
    drafts.update_draft(draft=draft, user=user, header={"title": "Kế hoạch kiểm tra công vụ năm 2022"})
    assert (draft.existing_plan, draft.existing_match) == (None, "")
    drafts.update_draft(draft=draft, user=user, header={"number": "19/KH-UBND"})
    assert (draft.existing_plan, draft.existing_match) == (plan, NUMBER)


def test_the_diff_shows_added_removed_and_changed_tasks(plan, user, tree):
    removed = plan.tasks.get(position=3)

    def change(tasks):
        tasks[0]["lead"] = ["Văn phòng UBND quận"]
        tasks[1]["deadline"] = {**tasks[1]["deadline"], "due": "2022-06-30", "text": "Tháng 6 năm 2022"}
        tasks[2]["code"] = "1.30"
        del tasks[3]
        tasks.append({**tasks[5], "code": "9.1", "title": "Số hóa hồ sơ lưu trữ của quận"})

    diff = draft_version_diff(draft=edit_payload(corrected_draft(user), change))

    assert [(row.code, row.title) for row in diff.added] == [("9.1", "Số hóa hồ sơ lưu trữ của quận")]
    assert [(row.task_id, row.code) for row in diff.removed] == [(removed.pk, removed.code)]
    fields = {row.code: [c.field for c in row.changes] for row in diff.changed}
    assert fields == {"1.1": [LEAD], CORRECTED_CODE: [TITLE, DEADLINE], "1.30": [CODE]}
    lead = diff.changed[0].changes[0]
    assert (lead.before, lead.after) == (["BCĐ Cải cách hành chính", "Phòng Nội vụ"], ["Văn phòng UBND quận"])
    deadline = diff.changed[1].changes[1]
    assert (deadline.before.text, deadline.after.due.isoformat()) == ("Khi có phát sinh", "2022-06-30")
    assert diff.counts() == {"added": 1, "removed": 1, "changed": 3, "unchanged": 64 - 1 - 3}


def test_tasks_left_out_are_deleted_kept_or_withdrawn_as_decided(plan, user):
    gone, kept, withdrawn = (plan.tasks.get(position=i) for i in (3, 4, 5))
    codes = {gone.code, kept.code, withdrawn.code}
    draft = edit_payload(corrected_draft(user), lambda tasks: drop(tasks, codes))
    kept_leads = list(Assignment.objects.filter(task=kept).values_list("wording", flat=True))

    drafts.confirm_draft(
        draft_id=draft.pk, user=user, decisions={kept.pk: KEEP, withdrawn.pk: WITHDRAW, 999999: KEEP}
    )

    assert not Task.objects.filter(pk=gone.pk).exists()
    kept.refresh_from_db()
    withdrawn.refresh_from_db()
    version = PlanVersion.objects.get(plan=plan, number=2)
    changes = version.changes
    assert (changes["removed"], changes["kept"], changes["withdrawn"]) == (3, 1, 1)
    # Kept: still a task of the plan, after the document's 61, with its units.
    assert (kept.withdrawn_in, kept.position) == (None, 61)
    assert list(Assignment.objects.filter(task=kept).values_list("wording", flat=True)) == kept_leads
    # Withdrawn: the row and its units stay, marked; the plan's pages no longer list it.
    assert withdrawn.withdrawn_in == version
    assert Assignment.objects.filter(task=withdrawn).exists()
    listed = {task.pk for task in plan_tasks(plan=plan)}
    assert kept.pk in listed and withdrawn.pk not in listed and len(listed) == 62


def test_a_withdrawn_task_stays_withdrawn_in_later_versions(plan, user):
    withdrawn = plan.tasks.get(position=5)
    draft = edit_payload(corrected_draft(user), lambda tasks: tasks.pop(5))
    drafts.confirm_draft(draft_id=draft.pk, user=user, decisions={withdrawn.pk: WITHDRAW})

    third = corrected_seed(SEED_TITLE, "Kiện toàn Ban Chỉ đạo CCHC Quận 11 năm 2022")
    draft = edit_payload(corrected_draft(user, third), lambda tasks: tasks.pop(5))
    diff = draft_version_diff(draft=draft)
    assert diff.removed == [] and diff.next_number == 3  # no second decision asked
    drafts.confirm_draft(draft_id=draft.pk, user=user)

    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn_in.number == 2
    assert plan.versions.count() == 3

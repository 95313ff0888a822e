"""Import services: drafts, review edits, confirm (all or nothing, once), import_plan, import_document."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docparse.fixtures import build_docx
from factories import make_member, make_unit
from plans.import_support import SEED_000, SEEDS, load_demo_tree, make_tree, seed_bytes, specialist_of

from cchc.docparse import UnreadableDocument
from cchc.org.models import Membership, Unit, UnitAlias
from cchc.plans import drafts, plan_import
from cchc.plans.errors import ImportRejected
from cchc.plans.models import Assignment, ImportDraft, Plan, ReportDeadline, Section, Target, Task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def tree():
    return make_tree()


@pytest.fixture
def user(tree):
    return specialist_of(tree.q11)


@pytest.fixture
def huey_immediate():
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = previous


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_seed_000_is_imported_whole(tree, user, media):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="19-KH-UBND.txt")
    assert draft.status == ImportDraft.Status.READY
    assert draft.issuer == tree.q11
    assert draft.existing_plan is None

    plan = drafts.confirm_draft(draft_id=draft.pk, user=user)

    assert plan.issuer == tree.q11
    assert (plan.number, plan.year, plan.kind) == ("19/KH-UBND", 2022, "KH")
    assert plan.title == "Kế hoạch thực hiện công tác cải cách hành chính trên địa bàn Quận 11 năm 2022"
    assert plan.tasks.count() == 64
    assert plan.targets.count() == 20
    assert plan.report_deadlines.count() == 4
    assert plan.sections.count() == 8
    assert plan.source_file and plan.source_file.read().startswith("Hệ thống".encode())
    first = plan.tasks.get(position=0)
    assert first.section.code == "1"
    assert first.source_ref["line_start"] > 0
    # Names are resolved within Quận 11 first: its own Phòng Nội vụ, not Quận 1's.
    noi_vu = Assignment.objects.filter(task__plan=plan, wording="Phòng Nội vụ")
    assert noi_vu.exists() and set(noi_vu.values_list("unit_id", flat=True)) == {tree.noi_vu.pk}
    # A collective wording stays as written, with no unit.
    wards = Assignment.objects.filter(task__plan=plan, wording="UBND 16 phường")
    assert wards.count() == 60 and not wards.filter(unit__isnull=False).exists()
    draft.refresh_from_db()
    assert (draft.status, draft.plan) == (ImportDraft.Status.CONFIRMED, plan)


def test_excerpts_show_the_source_lines(user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    task = draft.payload["tasks"][0]
    assert "Xây dựng Kế hoạch Cải cách hành chính năm 2022" in task["excerpt"]
    assert draft.payload["targets"][0]["excerpt"].startswith("2.1. Về kiểm tra CCHC")


def test_same_file_again_updates_instead_of_duplicating(tree, user):
    first = drafts.confirm_draft(
        draft_id=drafts.create_draft(user=user, data=seed_bytes(), filename="a.txt").pk, user=user
    )
    again = drafts.create_draft(user=user, data=seed_bytes(), filename="copy.txt")
    assert again.existing_plan == first

    task_ids = sorted(Task.objects.values_list("pk", flat=True))
    section_ids = sorted(Section.objects.values_list("pk", flat=True))
    second = drafts.confirm_draft(draft_id=again.pk, user=user)

    assert second.pk == first.pk
    assert sorted(Task.objects.values_list("pk", flat=True)) == task_ids  # kept, not recreated
    assert sorted(Section.objects.values_list("pk", flat=True)) == section_ids
    assert not Task.objects.filter(version__gt=1).exists()  # nothing changed, no edit is refused
    assert Plan.objects.count() == 1
    assert Task.objects.count() == 64
    assert Section.objects.count() == 8
    assert Target.objects.count() == 20
    assert ReportDeadline.objects.count() == 4


def test_docx_is_imported(tree, user):
    data = build_docx(SEED_000)
    draft = drafts.create_draft(user=user, data=data, filename="ke-hoach.docx")
    assert draft.payload["source"]["format"] == "docx"
    assert "Xây dựng Kế hoạch Cải cách hành chính năm 2022" in draft.payload["tasks"][0]["excerpt"]
    plan = drafts.confirm_draft(draft_id=draft.pk, user=user)
    assert plan.source_format == "docx"
    assert plan.tasks.count() == 64
    assert plan.source_file.name.endswith(".docx")


def test_corrupt_docx_leaves_nothing(user, media):
    data = build_docx(SEED_000)[:4000]  # a truncated zip
    with pytest.raises(ImportRejected) as caught:
        drafts.create_draft(user=user, data=data, filename="hong.docx")
    assert "bị hỏng" in caught.value.message
    assert ImportDraft.objects.count() == 0
    assert Plan.objects.count() == 0
    assert stored_files(media) == []


def test_document_that_is_not_a_plan_is_refused(user, media):
    letter = "Kính gửi: các đồng chí.\nMời dự họp chi bộ lúc 8 giờ sáng thứ Hai.\n".encode()
    with pytest.raises(ImportRejected) as caught:
        drafts.create_draft(user=user, data=letter, filename="thu-moi.txt")
    assert "does not look like a plan" in caught.value.message or "kế hoạch" in caught.value.message
    assert ImportDraft.objects.count() == 0
    assert stored_files(media) == []


def test_plan_of_a_unit_the_user_does_not_belong_to_is_refused_at_confirm(tree):
    outsider = specialist_of(tree.q1)
    draft = drafts.create_draft(user=outsider, data=seed_bytes(), filename="kh.txt")
    assert draft.issuer == tree.q11  # recognised, but not theirs
    with pytest.raises(ImportRejected) as caught:
        drafts.confirm_draft(draft_id=draft.pk, user=outsider)
    assert tree.q11.name in caught.value.message
    assert Plan.objects.count() == Task.objects.count() == 0
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.READY


def test_viewer_role_may_not_import(tree):
    viewer = make_member(tree.q11, Membership.Role.VIEWER)
    draft = drafts.create_draft(user=viewer, data=seed_bytes(), filename="kh.txt")
    with pytest.raises(ImportRejected):
        drafts.confirm_draft(draft_id=draft.pk, user=viewer)
    assert Plan.objects.count() == 0


def test_member_of_a_parent_unit_may_import(tree):
    city_leader = make_member(tree.city, Membership.Role.LEADER)
    draft = drafts.create_draft(user=city_leader, data=seed_bytes(), filename="kh.txt")
    assert drafts.confirm_draft(draft_id=draft.pk, user=city_leader).issuer == tree.q11


def test_expired_draft_is_refused(user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    with time_machine.travel(timezone.now() + timedelta(hours=25)), pytest.raises(ImportRejected) as caught:
        drafts.confirm_draft(draft_id=draft.pk, user=user)
    assert "expired" in caught.value.message or "hết hạn" in caught.value.message
    assert Plan.objects.count() == Task.objects.count() == 0


def test_second_confirm_is_refused(user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    drafts.confirm_draft(draft_id=draft.pk, user=user)
    with pytest.raises(ImportRejected) as caught:
        drafts.confirm_draft(draft_id=draft.pk, user=user)
    assert "already been confirmed" in caught.value.message or "đã được xác nhận" in caught.value.message
    assert Plan.objects.count() == 1
    assert Task.objects.count() == 64


def test_confirm_that_lost_the_race_is_refused(tree, monkeypatch):
    """Two people press confirm at once: both read the draft as READY, only one may claim it."""
    first, second = specialist_of(tree.q11), specialist_of(tree.q11)
    draft = drafts.create_draft(user=first, data=seed_bytes(), filename="kh.txt")
    stale = ImportDraft.objects.select_related("issuer").get(pk=draft.pk)  # what the slower one read
    drafts.confirm_draft(draft_id=draft.pk, user=first)
    monkeypatch.setattr(drafts, "_locked_draft", lambda draft_id: stale)

    with pytest.raises(ImportRejected) as caught:
        drafts.confirm_draft(draft_id=draft.pk, user=second)

    assert "already been confirmed" in caught.value.message or "đã được xác nhận" in caught.value.message
    assert Plan.objects.count() == 1
    assert Task.objects.count() == 64


@pytest.mark.django_db(transaction=True)
def test_confirm_failure_rolls_everything_back(tree, user, monkeypatch):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReportDeadline.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(RuntimeError):
        drafts.confirm_draft(draft_id=draft.pk, user=user)
    assert (Plan.objects.count(), Task.objects.count(), Assignment.objects.count()) == (0, 0, 0)
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.READY


def test_warnings_must_be_acknowledged(tree):
    go_vap = make_unit("Ủy ban nhân dân quận Gò Vấp", kind=Unit.Kind.DISTRICT, parent=tree.city)
    user = specialist_of(go_vap)
    data = (SEEDS / "003_22232acf49f52acb.txt").read_bytes()
    draft = drafts.create_draft(user=user, data=data, filename="govap.txt")
    assert draft.payload["warnings"]
    with pytest.raises(ImportRejected):
        drafts.confirm_draft(draft_id=draft.pk, user=user)
    assert Plan.objects.count() == 0
    plan = drafts.confirm_draft(draft_id=draft.pk, user=user, acknowledge_warnings=True)
    assert plan.warnings == draft.payload["warnings"]


def test_review_edits_are_saved_in_the_plan(tree, user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    drafts.update_draft(
        draft=draft,
        user=user,
        header={"title": "Kế hoạch CCHC Quận 11 năm 2022", "number": "19/KH-UBND-SUA"},
        tasks={0: {"title": "Xây dựng Kế hoạch CCHC 2022", "lead": ["Phòng Tài chính - Kế hoạch"]}},
        targets={0: {"value": 45}},
    )
    draft.refresh_from_db()
    assert draft.payload["review"]["unit_map"]["Phòng Tài chính - Kế hoạch"] == tree.tai_chinh.pk
    plan = drafts.confirm_draft(draft_id=draft.pk, user=user)
    assert (plan.title, plan.number) == ("Kế hoạch CCHC Quận 11 năm 2022", "19/KH-UBND-SUA")
    task = plan.tasks.get(position=0)
    assert task.title == "Xây dựng Kế hoạch CCHC 2022"
    assert [(a.role, a.unit_id) for a in task.assignments.filter(role="lead")] == [
        ("lead", tree.tai_chinh.pk)
    ]
    assert plan.targets.get(position=0).value == 45


def test_outsider_cannot_edit_a_draft(tree, user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    with pytest.raises(ImportRejected):
        drafts.update_draft(draft=draft, user=specialist_of(tree.q1), header={"title": "x"})
    draft.refresh_from_db()
    assert draft.payload["document"]["title"] != "x"


def test_changing_the_issuer_rescopes_the_names(tree):
    city_admin = make_member(tree.city, Membership.Role.ADMIN)
    draft = drafts.create_draft(user=city_admin, data=seed_bytes(), filename="kh.txt")
    assert draft.payload["review"]["unit_map"]["Phòng Nội vụ"] == tree.noi_vu.pk
    drafts.update_draft(draft=draft, user=city_admin, issuer=tree.q1)
    assert draft.issuer == tree.q1
    assert draft.payload["review"]["unit_map"]["Phòng Nội vụ"] == tree.q1_noi_vu.pk


def test_mapping_remembered_as_alias_is_used_next_time(tree, user):
    doan = make_unit("Đoàn Thanh niên Cộng sản Hồ Chí Minh quận 11", parent=tree.q11)
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    assert "Quận đoàn" not in draft.payload["review"]["unit_map"]

    drafts.map_unit_name(draft=draft, user=user, wording="Quận đoàn", unit=doan, remember=True)

    assert UnitAlias.objects.filter(unit=doan, text="Quận đoàn").exists()
    later = drafts.create_draft(user=user, data=seed_bytes() + b"\n", filename="kh-2.txt")
    assert later.payload["review"]["unit_map"]["Quận đoàn"] == doan.pk
    plan = plan_import.import_document(data=seed_bytes(), filename="kh.txt", user=user)
    assert Assignment.objects.get(task__plan=plan, wording="Quận đoàn").unit == doan


def test_mapping_once_covers_spelling_variants(tree, user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    drafts.map_unit_name(draft=draft, user=user, wording="Văn phòng UBND Quận", unit=tree.tai_chinh)
    unit_map = draft.payload["review"]["unit_map"]
    assert unit_map["Văn phòng UBND Quận"] == unit_map["Văn phòng UBND quận"] == tree.tai_chinh.pk
    assert not UnitAlias.objects.exists()


def test_create_unit_for_an_unknown_name(tree, user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    unit = drafts.create_unit_for_name(draft=draft, user=user, wording="Quận đoàn", parent=tree.q11)
    assert (unit.name, unit.parent, unit.path.startswith(tree.q11.path)) == ("Quận đoàn", tree.q11, True)
    plan = drafts.confirm_draft(draft_id=draft.pk, user=user)
    assert Assignment.objects.get(task__plan=plan, wording="Quận đoàn").unit == unit


def test_create_unit_needs_rights_on_the_parent(tree, user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    with pytest.raises(ImportRejected):
        drafts.create_unit_for_name(draft=draft, user=user, wording="Quận đoàn", parent=tree.q1)
    assert not Unit.objects.filter(name="Quận đoàn").exists()


def test_big_file_is_parsed_by_the_worker(settings, user, huey_immediate, django_capture_on_commit_callbacks):
    settings.CCHC_BACKGROUND_PARSE_BYTES = 1000
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    assert (draft.status, draft.progress, draft.payload) == (ImportDraft.Status.PARSING, 0, {})
    for callback in callbacks:
        callback()  # the Huey task runs at once in immediate mode
    draft.refresh_from_db()
    assert (draft.status, draft.progress) == (ImportDraft.Status.READY, 100)
    assert len(draft.payload["tasks"]) == 64


def test_worker_failure_is_kept_with_its_message(settings, user):
    settings.CCHC_BACKGROUND_PARSE_BYTES = 10
    draft = drafts.create_draft(user=user, data=b"Hello, this is not a plan at all.\n" * 5, filename="x.txt")
    drafts.parse_draft(draft_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.FAILED
    assert draft.error
    with pytest.raises(ImportRejected):
        drafts.confirm_draft(draft_id=draft.pk, user=user)
    assert Plan.objects.count() == 0


def test_expired_drafts_are_deleted_with_their_files(user, media):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="kh.txt")
    assert stored_files(media)
    assert drafts.delete_expired_drafts(now=draft.expires_at + timedelta(seconds=1)) == 1
    assert not ImportDraft.objects.exists()
    assert stored_files(media) == []


def big_payload(n_tasks: int) -> dict:
    return {
        "source": {"filename": "big.txt", "format": "txt", "sha256": "b" * 64},
        "document": {"title": "Kế hoạch lớn", "year": 2025, "number": "1/KH", "date": "2025-01-02"},
        "goals": ["Mục tiêu"],
        "sections": [{"code": str(s), "title": f"Phần {s}"} for s in range(1, 11)],
        "tasks": [
            {
                "code": f"{i % 10 + 1}.{i}",
                "section": str(i % 10 + 1),
                "title": f"Nhiệm vụ {i}",
                "products": ["Báo cáo"],
                "lead": ["Phòng Nội vụ"],
                "support": ["Văn phòng UBND quận", "UBND 16 phường"],
                "deadline": {
                    "text": "Quý I",
                    "kind": "by_date",
                    "due": "2025-03-31",
                    "recurrence": None,
                    "event": None,
                },
                "source_ref": {"line_start": i + 1, "line_end": i + 1},
            }
            for i in range(n_tasks)
        ],
        "targets": [
            {
                "code": f"2.{i}",
                "text": f"Chỉ tiêu {i}: 95%",
                "indicator": "Chỉ tiêu",
                "op": ">=",
                "value": 95,
                "unit": "%",
            }
            for i in range(20)
        ],
        "reporting": [
            {"period": p, "due": "2025-06-15", "data_from": None, "data_to": None} for p in ("Q1", "H1")
        ],
        "warnings": [],
    }


def test_import_plan_query_count_does_not_grow_with_tasks(tree, user):
    unit_map = {"Phòng Nội vụ": tree.noi_vu.pk, "Văn phòng UBND quận": tree.van_phong.pk}
    counts = {}
    for n in (30, 300):
        with CaptureQueriesContext(connection) as ctx:
            plan = plan_import.import_plan(
                payload=big_payload(n),
                issuer=tree.q11,
                user=user,
                unit_map=unit_map,
                source={"filename": "big.txt", "format": "txt", "sha256": f"{n:064d}"},
            )
        counts[n] = len(ctx.captured_queries)
        assert plan.tasks.count() == n
        assert Assignment.objects.filter(task__plan=plan).count() == 3 * n
    print(f"import_plan queries: {counts}")
    assert counts[300] <= 25
    assert counts[300] - counts[30] <= 10  # only bulk batches grow


def test_import_plan_update_keeps_tasks_in_few_queries(tree, user):
    plan = plan_import.import_plan(
        payload=big_payload(300), issuer=tree.q11, user=user, unit_map={}, source={"sha256": "x" * 64}
    )
    task_ids = set(Task.objects.filter(plan=plan).values_list("pk", flat=True))
    edited = big_payload(300)
    for task in edited["tasks"]:  # the worst case: every kept task is rewritten
        task["title"] += " (sửa)"
    with CaptureQueriesContext(connection) as ctx:
        plan_import.import_plan(
            payload=edited,
            issuer=tree.q11,
            user=user,
            unit_map={},
            source={"sha256": "x" * 64},
            existing_plan=plan,
        )
    print(f"import_plan update queries: {len(ctx.captured_queries)}")
    # Bulk updates go in batches (SQLite: ~70 tasks per UPDATE), hence a little more than a create.
    assert len(ctx.captured_queries) <= 35
    assert set(Task.objects.filter(plan=plan).values_list("pk", flat=True)) == task_ids
    assert not Task.objects.filter(plan=plan).exclude(title__endswith="(sửa)").exists()
    assert Plan.objects.count() == 1


def test_import_document_is_idempotent(tree, user):
    plan = plan_import.import_document(data=seed_bytes(), filename="kh.txt", user=user)
    again = plan_import.import_document(data=seed_bytes(), filename="kh.txt", user=user)
    assert again.pk == plan.pk
    assert (Plan.objects.count(), Task.objects.count()) == (1, 64)
    assert plan.issuer == tree.q11
    assert Assignment.objects.filter(task__plan=plan, unit=tree.noi_vu).exists()
    assert Assignment.objects.filter(task__plan=plan, unit__isnull=True, wording="UBND 16 phường").exists()


def test_import_document_with_given_issuer_and_no_user(tree):
    plan = plan_import.import_document(data=seed_bytes(), filename="kh.txt", user=None, issuer=tree.q1)
    assert plan.issuer == tree.q1
    # Scope follows the given issuer: Quận 1's Phòng Nội vụ.
    assert Assignment.objects.filter(task__plan=plan, wording="Phòng Nội vụ", unit=tree.q1_noi_vu).exists()


def test_a_quan_10_plan_gives_quan_11_units_nothing():
    # The demo tree: Quận 10 and Quận 11 side by side, and only Quận 11 has a "Quận Đoàn" and
    # a unit for "Các phòng, ban" (known by those aliases). Seed 000 names both.
    load_demo_tree()
    q10, q11 = Unit.objects.get(code="q10"), Unit.objects.get(code="q11")
    plan = plan_import.import_document(data=seed_bytes(), filename="kh.txt", user=None, issuer=q10)

    assigned = Assignment.objects.filter(task__plan=plan, unit__isnull=False)
    assert not assigned.filter(unit__path__startswith=q11.path).exists()
    by_wording = dict(assigned.values_list("wording", "unit__code"))
    assert by_wording["Phòng Nội vụ"] == "q10-pnv"
    assert "Quận đoàn" not in by_wording and "Các Phòng, Ban" not in by_wording


def test_import_document_refusals(tree):
    outsider = specialist_of(tree.q1)
    with pytest.raises(ImportRejected):
        plan_import.import_document(data=seed_bytes(), filename="kh.txt", user=outsider)
    with pytest.raises(UnreadableDocument):
        plan_import.import_document(data=b"", filename="empty.txt", user=None)
    with pytest.raises(ImportRejected):  # issuer not in the tree
        plan_import.import_document(
            data=(SEEDS / "003_22232acf49f52acb.txt").read_bytes(), filename="g.txt", user=None
        )
    assert Plan.objects.count() == 0


def import_again(tree, user, payload, plan, unit_map=None):
    return plan_import.import_plan(
        payload=payload,
        issuer=tree.q11,
        user=user,
        unit_map=unit_map or {},
        source={"sha256": plan.source_sha256},
        existing_plan=plan,
    )


def test_reimport_keeps_task_ids_by_code(tree, user):
    plan = plan_import.import_plan(
        payload=big_payload(5), issuer=tree.q11, user=user, unit_map={}, source={"sha256": "r" * 64}
    )
    before = dict(plan.tasks.values_list("code", "pk"))
    sections_before = dict(plan.sections.values_list("code", "pk"))
    edited = big_payload(5)
    changed, removed = edited["tasks"][1], edited["tasks"].pop(3)
    changed["title"] = "Nhiệm vụ đã sửa"
    edited["tasks"].append({**edited["tasks"][0], "code": "9.99", "section": "9", "title": "Nhiệm vụ mới"})
    edited["sections"].pop(0)  # section 1 is gone: its task 1.0 loses its section

    import_again(tree, user, edited, plan, unit_map={"Phòng Nội vụ": tree.noi_vu.pk})

    after = {task.code: task for task in plan.tasks.all()}
    kept = set(before) - {removed["code"]}
    assert set(after) == kept | {"9.99"}
    assert {code: after[code].pk for code in kept} == {code: before[code] for code in kept}
    assert not Task.objects.filter(pk=before[removed["code"]]).exists()
    assert after["9.99"].pk not in before.values()
    assert (after["9.99"].title, after["9.99"].position, after["9.99"].section.code) == (
        "Nhiệm vụ mới",
        4,
        "9",
    )
    assert after[changed["code"]].title == "Nhiệm vụ đã sửa"
    assert after[changed["code"]].version == 2  # an edit form opened before the import is refused
    assert after["1.0"].version == 2 and after["1.0"].section is None
    assert after["3.2"].version == 1 and after["3.2"].position == 2
    # Sections kept by code too; assignments replaced (the lead is now resolved).
    assert dict(plan.sections.values_list("code", "pk")) == {
        code: pk for code, pk in sections_before.items() if code != "1"
    }
    assert Assignment.objects.filter(plan=plan).count() == 3 * 5
    assert set(Assignment.objects.filter(plan=plan, role="lead").values_list("unit_id", flat=True)) == {
        tree.noi_vu.pk
    }
    assert (plan.targets.count(), plan.report_deadlines.count()) == (20, 2)


def test_reimport_matches_repeated_codes_in_order(tree, user):
    payload = big_payload(3)
    for task, code in zip(payload["tasks"], ("a", "b", "a"), strict=True):
        task["code"] = code
    plan = plan_import.import_plan(payload=payload, issuer=tree.q11, user=user, unit_map={}, source={})
    first_a, b, second_a = plan.tasks.order_by("position").values_list("pk", flat=True)
    edited = big_payload(2)
    for task, code in zip(edited["tasks"], ("b", "a"), strict=True):
        task["code"] = code

    import_again(tree, user, edited, plan)

    assert list(plan.tasks.order_by("position").values_list("code", "pk")) == [("b", b), ("a", first_a)]
    assert not Task.objects.filter(pk=second_a).exists()

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from factories import make_member
from tracking.builders import TrackingCast

from cchc.audit.models import Entry
from cchc.tracking import evidence as evidence_module
from cchc.tracking.errors import (
    AlreadyReviewed,
    EvidenceRejected,
    InvalidProgress,
    NotReviewable,
    ObligationInactive,
    StaleObligation,
    local_time,
)
from cchc.tracking.models import Evidence, Notification, Obligation, ProgressUpdate
from cchc.tracking.progress import add_evidence, record_progress, review_update

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
Status, Review = Obligation.Status, Obligation.Review


@pytest.fixture(autouse=True)
def english():
    # Messages are checked in their English source form; the app shows them in Vietnamese.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cast():
    return TrackingCast(n_tasks=2)


@pytest.fixture
def obligation(cast):
    """The office's lead obligation for task 1, due Wednesday 29/04/2026 (today is 15/04)."""
    row = cast.lead_obligations[0]
    Obligation.objects.filter(pk=row.pk).update(due=date(2026, 4, 29), base_due=date(2026, 4, 29))
    row.refresh_from_db()
    return row


def files_in(media):
    return sorted(p.name for p in media.rglob("*") if p.is_file())


def record(obligation, user, **fields):
    fields.setdefault("version", obligation.version)
    return record_progress(obligation=obligation, user=user, **fields)


def test_in_progress_update_needs_no_review(cast, obligation):
    update = record(obligation, cast.office_specialist, status=Status.IN_PROGRESS, account=" Đang dự thảo. ")
    obligation.refresh_from_db()
    assert (obligation.status, obligation.review, obligation.completed_on, obligation.version) == (
        Status.IN_PROGRESS,
        "",
        None,
        2,
    )
    assert (update.account, update.author, update.review) == ("Đang dự thảo.", cast.office_specialist, "")
    entry = Entry.objects.get(action="progress.record")
    assert (entry.actor, entry.subject_type, entry.subject_id, entry.task_id) == (
        cast.office_specialist,
        "progress",
        update.pk,
        obligation.task_id,
    )
    assert entry.changes == {"status": ["not_started", "in_progress"]}


def test_done_on_time_waits_for_approval(cast, obligation):
    update = record(
        obligation,
        cast.office_specialist,
        status=Status.DONE,
        completed_on=date(2026, 4, 10),
        product_number="12/KH-UBND",
        product_date=date(2026, 4, 9),
    )
    obligation.refresh_from_db()
    assert (obligation.status, obligation.review, obligation.completed_on, obligation.late_working_days) == (
        Status.DONE,
        Review.PENDING,
        date(2026, 4, 10),
        None,
    )
    assert (update.status, update.review, update.product_number) == (
        Status.DONE,
        Review.PENDING,
        "12/KH-UBND",
    )
    assert Entry.objects.get(action="progress.record").changes["product_date"] == [None, "2026-04-09"]


def test_done_after_the_due_date_is_late_in_working_days(cast, obligation):
    Obligation.objects.filter(pk=obligation.pk).update(due=date(2026, 3, 31))
    obligation.refresh_from_db()
    record(obligation, cast.office_specialist, status=Status.DONE)  # completed today, 15/04
    obligation.refresh_from_db()
    # 01/04–15/04/2026: eleven working days (Mon–Fri, no holiday in between).
    assert (obligation.status, obligation.completed_on, obligation.late_working_days) == (
        Status.DONE_LATE,
        date(2026, 4, 15),
        11,
    )


def test_done_late_chosen_for_work_done_in_time_is_done(cast, obligation):
    record(obligation, cast.office_specialist, status=Status.DONE_LATE, completed_on=date(2026, 4, 14))
    obligation.refresh_from_db()
    assert (obligation.status, obligation.late_working_days) == (Status.DONE, None)


def test_support_obligation_closes_without_review(cast):
    support = cast.support_obligations[0]
    record(support, cast.ward_leader, status=Status.DONE)
    support.refresh_from_db()
    assert (support.status, support.review) == (Status.DONE_LATE, "")  # due 31/01


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({"status": "finished"}, "status", "Choose a status from the list."),
        ({"status": Status.NOT_DONE, "reason": "  "}, "reason", "Say why the task could not be done"),
        (
            {"status": Status.IN_PROGRESS, "account": "x" * 1024 * 1024},
            "account",
            "The account is 1,048,576 characters long; keep it to 4000 characters",
        ),
        (
            {"status": Status.DONE, "completed_on": date(2026, 4, 16)},
            "completed_on",
            "The completion date cannot be after today (15/04/2026).",
        ),
        (
            {"status": Status.DONE, "product_date": date(2026, 5, 1)},
            "product_date",
            "The date of the product document cannot be after today",
        ),
        ({"status": Status.DONE, "product_number": "1" * 101}, "product_number", "at most 100 characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(cast, obligation, media, fields, code, message):
    with pytest.raises(InvalidProgress) as caught:
        record(obligation, cast.office_specialist, files=[SimpleUploadedFile("a.pdf", PDF)], **fields)
    assert [e.code for e in caught.value.error_list] == [code]
    assert message in caught.value.messages[0]
    obligation.refresh_from_db()
    assert (obligation.version, obligation.status) == (1, Status.NOT_STARTED)
    assert not ProgressUpdate.objects.exists() and not Entry.objects.exists()
    assert files_in(media) == []


def test_every_problem_is_listed_at_once(cast, obligation):
    with pytest.raises(InvalidProgress) as caught:
        record(obligation, cast.office_specialist, status=Status.NOT_DONE, completed_on=date(2027, 1, 1))
    assert sorted(e.code for e in caught.value.error_list) == ["completed_on", "reason"]


def test_not_done_with_reason_closes(cast, obligation):
    record(obligation, cast.office_specialist, status=Status.NOT_DONE, reason="Thiếu kinh phí.")
    obligation.refresh_from_db()
    assert (obligation.status, obligation.review, obligation.completed_on) == (
        Status.NOT_DONE,
        Review.PENDING,
        date(2026, 4, 15),
    )


def test_evidence_is_stored_with_the_update(cast, obligation, media):
    update = record(
        obligation,
        cast.office_specialist,
        status=Status.IN_PROGRESS,
        files=[SimpleUploadedFile("../Báo cáo.pdf", PDF), SimpleUploadedFile("anh.png", PNG)],
    )
    rows = list(update.evidence.order_by("kind"))
    assert [(e.kind, e.original_name, e.uploaded_by) for e in rows] == [
        ("pdf", "Báo cáo.pdf", cast.office_specialist),
        ("png", "anh.png", cast.office_specialist),
    ]
    assert [e.reused for e in update.attached] == [False, False]
    assert files_in(media) == sorted(f"{e.sha256[:16]}.{e.kind}" for e in rows)
    assert Entry.objects.filter(action="evidence.add", task_id=obligation.task_id).count() == 2


def test_a_disguised_file_refuses_the_whole_update(cast, obligation, media):
    exe = b"MZ\x90\x00" + b"\x00" * 60
    with pytest.raises(EvidenceRejected, match=r"“bao-cao\.pdf” is a program"):
        record(
            obligation,
            cast.office_specialist,
            status=Status.DONE,
            files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("bao-cao.pdf", exe)],
        )
    assert not ProgressUpdate.objects.exists() and files_in(media) == []


def test_stale_version_writes_nothing(cast, obligation, media):
    record(obligation, cast.office_specialist, status=Status.IN_PROGRESS)
    with pytest.raises(StaleObligation) as caught:
        record(
            obligation,
            cast.office_leader,
            version=1,
            status=Status.DONE,
            files=[SimpleUploadedFile("a.pdf", PDF)],
        )
    assert "Someone changed this obligation after you opened the page" in caught.value.messages[0]
    obligation.refresh_from_db()
    assert (obligation.version, obligation.status, ProgressUpdate.objects.count()) == (
        2,
        Status.IN_PROGRESS,
        1,
    )
    assert not Evidence.objects.exists() and files_in(media) == []


def test_a_failure_after_files_were_stored_removes_them(cast, obligation, media, monkeypatch):
    calls = []
    real = evidence_module.record_change

    def failing_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(evidence_module, "record_change", failing_second)
    with pytest.raises(RuntimeError):
        record(
            obligation,
            cast.office_specialist,
            status=Status.DONE,
            files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)],
        )
    assert files_in(media) == []
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


@pytest.mark.parametrize("who", ["office_viewer", "outsider", "ward_member", "leader", "parent_leader"])
def test_only_editors_of_the_unit_record(cast, obligation, who):
    with pytest.raises(PermissionDenied):
        record(obligation, getattr(cast, who), status=Status.IN_PROGRESS)
    assert not ProgressUpdate.objects.exists()


def test_inactive_obligation_takes_no_update(cast, obligation):
    Obligation.objects.filter(pk=obligation.pk).update(active=False)
    with pytest.raises(ObligationInactive):
        record(obligation, cast.office_specialist, status=Status.IN_PROGRESS)


def test_a_new_update_supersedes_the_pending_one(cast, obligation):
    first = record(obligation, cast.office_specialist, status=Status.DONE)
    obligation.refresh_from_db()
    record(obligation, cast.office_specialist, status=Status.IN_PROGRESS, account="Bổ sung.")
    first.refresh_from_db()
    assert first.review == ""
    with pytest.raises(NotReviewable, match="needs no approval"):
        review_update(update=first, user=cast.office_leader, approve=True)


def test_add_evidence_keeps_the_status_and_reuses_the_same_file(cast, obligation, media):
    added = add_evidence(
        obligation=obligation,
        user=cast.office_specialist,
        version=1,
        files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    obligation.refresh_from_db()
    assert (obligation.status, obligation.version, added[0].reused, added[0].update) == (
        Status.NOT_STARTED,
        2,
        False,
        None,
    )
    again = add_evidence(
        obligation=obligation,
        user=cast.office_specialist,
        version=2,
        files=[SimpleUploadedFile("b.pdf", PDF)],
    )
    obligation.refresh_from_db()
    assert (again[0].reused, again[0].pk, again[0].original_name, obligation.version) == (
        True,
        added[0].pk,
        "a.pdf",
        2,
    )
    assert Evidence.objects.count() == 1 and len(files_in(media)) == 1
    with pytest.raises(EvidenceRejected, match="Choose at least one file"):
        add_evidence(obligation=obligation, user=cast.office_specialist, version=2, files=[])


# --- review ------------------------------------------------------------------------------------


@pytest.fixture
def pending(cast, obligation):
    return record(obligation, cast.office_specialist, status=Status.DONE, completed_on=date(2026, 4, 14))


def test_leader_approves(cast, obligation, pending):
    reviewed = review_update(update=pending, user=cast.office_leader, approve=True, comment=" Tốt. ")
    obligation.refresh_from_db()
    pending.refresh_from_db()
    assert (pending.review, pending.reviewed_by, pending.review_comment) == (
        Review.APPROVED,
        cast.office_leader,
        "Tốt.",
    )
    assert (obligation.status, obligation.review, obligation.version) == (Status.DONE, Review.APPROVED, 3)
    assert reviewed.obligation.version == 3
    assert list(Notification.objects.values_list("user", "kind", "obligation", "sent_on")) == [
        (cast.office_specialist.pk, "approved", obligation.pk, date(2026, 4, 15))
    ]
    entry = Entry.objects.get(action="progress.approve")
    assert (entry.subject_id, entry.task_id, entry.changes, entry.note) == (
        pending.pk,
        obligation.task_id,
        {"review": ["pending", "approved"]},
        "Tốt.",
    )


def test_second_reviewer_is_told_who_reviewed_and_when(cast, pending):
    other_leader = make_member(cast.office, "leader", first_name="Lê", last_name="Văn Bình")
    review_update(update=pending, user=other_leader, approve=True)
    pending.refresh_from_db()
    with pytest.raises(AlreadyReviewed) as caught:
        review_update(update=pending, user=cast.office_leader, approve=False, comment="Bổ sung")
    when = local_time(pending.reviewed_at)
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", when)
    assert caught.value.messages == [
        f"Lê Văn Bình already approved this update at {when}. Nothing was changed; "
        "reload the page to see the review."
    ]
    assert Entry.objects.filter(action__startswith="progress.").count() == 2  # record + one approval


def test_return_needs_a_comment(cast, obligation, pending):
    with pytest.raises(InvalidProgress, match="a comment is required to return an update"):
        review_update(update=pending, user=cast.office_leader, approve=False, comment="  ")
    pending.refresh_from_db()
    assert pending.review == Review.PENDING


def test_return_reopens_the_obligation(cast, obligation, pending):
    review_update(update=pending, user=cast.office_leader, approve=False, comment="Thiếu văn bản kiểm chứng.")
    obligation.refresh_from_db()
    assert (obligation.status, obligation.review, obligation.completed_on, obligation.version) == (
        Status.IN_PROGRESS,
        Review.RETURNED,
        None,
        3,
    )
    assert Notification.objects.get().kind == "returned"
    assert Entry.objects.get(action="progress.return").changes == {
        "status": ["done", "in_progress"],
        "review": ["pending", "returned"],
        "completed_on": ["2026-04-14", None],
    }
    with pytest.raises(AlreadyReviewed, match="already returned this update"):
        review_update(update=pending, user=cast.office_leader, approve=True)


def test_in_progress_update_cannot_be_reviewed(cast, obligation):
    update = record(obligation, cast.office_specialist, status=Status.IN_PROGRESS)
    with pytest.raises(NotReviewable):
        review_update(update=update, user=cast.office_leader, approve=True)


@pytest.mark.parametrize("who", ["office_specialist", "office_viewer", "ward_leader", "outsider"])
def test_only_leaders_of_the_unit_review(cast, pending, who):
    with pytest.raises(PermissionDenied):
        review_update(update=pending, user=getattr(cast, who), approve=True)
    pending.refresh_from_db()
    assert pending.review == Review.PENDING

"""Obligation page: what each role sees and may do, the actions through its forms (progress with a
PDF, approve, return, extension, event), refusals re-rendered with the input, evidence downloads."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tracking.builders import TrackingCast, make_obligation

from cchc.audit.models import Entry
from cchc.plans.models import Task
from cchc.tracking.models import Evidence, ExtensionRequest, Notification, Obligation, ProgressUpdate

pytestmark = pytest.mark.django_db

# A real (tiny) PDF: header, catalogue, empty page tree, trailer.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# The start of a Windows program (MZ header), named as if it were a PDF.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


@pytest.fixture
def cast(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return TrackingCast(n_tasks=2)


@pytest.fixture
def ob(cast):
    """The office's lead obligation of task 1, due 31/01/2026: overdue on 15/04/2026."""
    return cast.lead_obligations[0]


def _url(name: str, pk: int) -> str:
    return reverse(f"tracking:{name}", args=[pk])


def _page(client, ob) -> str:
    response = client.get(_url("obligation", ob.pk))
    assert response.status_code == 200
    return response.content.decode()


def _testids(page: str) -> set[str]:
    return set(re.findall(r'data-testid="([^"]+)"', page))


def _record(client, ob, *, files=(), **fields):
    data = {"version": ob.version, "status": "done", "account": "", "product": "", "completed_on": ""}
    data.update(fields)
    if files:
        data["files"] = list(files)
    return client.post(_url("record_progress", ob.pk), data)


def _pdf(name: str = "Báo cáo quý I.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


# --- Who sees what --------------------------------------------------------------------------


def test_anonymous_logs_in_and_outsider_gets_404(client, cast, ob):
    assert client.get(_url("obligation", ob.pk))["Location"].startswith(reverse("login"))
    client.force_login(cast.outsider)
    assert client.get(_url("obligation", ob.pk)).status_code == 404
    assert _record(client, ob).status_code == 404


def test_page_shows_the_obligation_in_dd_mm_yyyy_with_its_due_state(client, cast, ob):
    client.force_login(cast.office_viewer)
    page = _page(client, ob)
    assert "Nhiệm vụ số 1" in page and "19/KH-UBND" in page and "Phòng Nội vụ" in page
    assert "31/01/2026" in page
    # 31/01/2026 (a Saturday) to 15/04/2026: overdue, counted in working days.
    assert re.search(r'data-testid="due-state" data-state="overdue">[^<]*\d+', page)
    assert 'data-testid="status-badge" data-status="not_started"' in page
    assert 'data-testid="no-updates"' in page


def test_viewer_reads_without_any_form(client, cast, ob):
    client.force_login(cast.office_viewer)
    ids = _testids(_page(client, ob))
    assert "read-only" in ids
    assert not ids & {"progress-form", "review-form", "extension-form", "decision-form", "event-form"}


def test_specialist_gets_the_progress_and_extension_forms(client, cast, ob):
    client.force_login(cast.office_specialist)
    ids = _testids(_page(client, ob))
    assert {"progress-form", "record-progress", "extension-form", "request-extension"} <= ids
    assert not ids & {"review-form", "decision-form", "event-form", "read-only"}


def test_progress_form_carries_version_and_limits(client, cast, ob):
    client.force_login(cast.office_specialist)
    page = _page(client, ob)
    assert f'name="version" value="{ob.version}"' in page
    assert re.search(r'<textarea name="account"[^>]*maxlength="4000"', page)
    assert 'type="file" name="files" multiple' in page
    assert 'enctype="multipart/form-data"' in page


# --- Record progress --------------------------------------------------------------------------


def test_record_progress_with_a_pdf(client, cast, ob):
    client.force_login(cast.office_specialist)
    response = _record(
        client,
        ob,
        status="in_progress",
        account="Đã xây dựng dự thảo.",
        product="số 12/KH-UBND ngày 10/3/2026",
        files=[_pdf()],
    )
    assert response.status_code == 302
    assert response["Location"] == _url("obligation", ob.pk) + "#history"
    update = ProgressUpdate.objects.get(obligation=ob)
    assert (update.status, update.product_number) == ("in_progress", "12/KH-UBND")
    assert update.product_date == date(2026, 3, 10)
    evidence = Evidence.objects.get(update=update)
    assert (evidence.kind, evidence.original_name) == ("pdf", "Báo cáo quý I.pdf")
    page = client.get(response["Location"]).content.decode()
    assert 'class="msg-success" role="status"' in page
    assert page.count('data-testid="update-row"') == 1
    assert "Đã xây dựng dự thảo." in page and "12/KH-UBND" in page and "10/03/2026" in page
    assert f'href="{_url("evidence", evidence.pk)}"' in page


def test_closing_update_awaits_approval(client, cast, ob):
    client.force_login(cast.office_specialist)
    assert _record(client, ob, status="done", completed_on="10/04/2026").status_code == 302
    ob.refresh_from_db()
    assert (ob.status, ob.review) == ("done_late", "pending")
    page = _page(client, ob)
    assert 'data-testid="review-badge" data-review="pending"' in page
    assert "10/04/2026" in page


def test_renamed_exe_is_refused_and_the_input_kept(client, cast, ob):
    client.force_login(cast.office_specialist)
    response = _record(
        client, ob, status="in_progress", account="Ghi chú giữ lại", files=[_pdf("bao-cao.pdf", EXE)]
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="field-error-files"' in page
    assert "bao-cao.pdf" in page
    assert "Ghi chú giữ lại" in page  # the account typed is still in the form
    assert 'data-testid="files-again"' in page
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    ob.refresh_from_db()
    assert ob.status == "not_started"


def test_impossible_date_is_refused_with_a_clear_message(client, cast, ob):
    client.force_login(cast.office_specialist)
    response = _record(client, ob, status="done", completed_on="31/02/2026", account="Xong")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="field-error-completed_on"' in page
    error = re.search(r'data-testid="field-error-completed_on">(.*?)</div>', page, re.S).group(1)
    assert "dd/mm/yyyy" in error
    assert 'value="31/02/2026"' in page  # what was typed stays in the field
    assert not ProgressUpdate.objects.exists()


def test_a_one_megabyte_note_is_refused(client, cast, ob):
    client.force_login(cast.office_specialist)
    response = _record(client, ob, status="in_progress", account="x" * 1_000_000)
    assert response.status_code == 400
    assert 'data-testid="field-error-account"' in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_stale_version_is_refused_and_the_form_moves_to_the_current_version(client, cast, ob):
    client.force_login(cast.office_specialist)
    Obligation.objects.filter(pk=ob.pk).update(version=ob.version + 1)
    response = _record(client, ob, status="in_progress", account="Bản của tôi")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="form-error"' in page
    assert "Bản của tôi" in page
    assert f'name="version" value="{ob.version + 1}"' in page
    assert not ProgressUpdate.objects.exists()


def test_not_done_needs_a_reason(client, cast, ob):
    client.force_login(cast.office_specialist)
    response = _record(client, ob, status="not_done")
    assert response.status_code == 400
    assert 'data-testid="field-error-reason"' in response.content.decode()


# --- Review -------------------------------------------------------------------------------------


@pytest.fixture
def pending(client, cast, ob):
    client.force_login(cast.office_specialist)
    assert _record(client, ob, status="done", completed_on="10/04/2026", files=[_pdf()]).status_code == 302
    client.logout()
    return ProgressUpdate.objects.get(obligation=ob)


def test_leader_approves(client, cast, ob, pending):
    client.force_login(cast.office_leader)
    assert {"review-form", "approve", "return"} <= _testids(_page(client, ob))
    response = client.post(_url("review_update", pending.pk), {"decision": "approve", "comment": "Tốt"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert (ob.status, ob.review) == ("done_late", "approved")
    page = _page(client, ob)
    assert 'data-testid="review-badge" data-review="approved"' in page
    assert 'data-testid="review-comment">Tốt<' in page
    assert "review-form" not in _testids(page)
    assert Notification.objects.filter(user=cast.office_specialist, kind="approved").exists()


def test_leader_returns_with_a_comment(client, cast, ob, pending):
    client.force_login(cast.office_leader)
    refused = client.post(_url("review_update", pending.pk), {"decision": "return", "comment": ""})
    assert refused.status_code == 400
    assert 'data-testid="field-error-comment"' in refused.content.decode()
    response = client.post(
        _url("review_update", pending.pk), {"decision": "return", "comment": "Thiếu số liệu"}
    )
    assert response.status_code == 302
    ob.refresh_from_db()
    assert (ob.status, ob.review, ob.completed_on) == ("in_progress", "returned", None)
    assert "Thiếu số liệu" in _page(client, ob)


def test_second_approval_names_the_first_reviewer(client, cast, ob, pending):
    from factories import make_member

    other_leader = make_member(cast.office, "leader", first_name="Lan", last_name="Trần")
    client.force_login(cast.office_leader)
    client.post(_url("review_update", pending.pk), {"decision": "approve"})
    client.force_login(other_leader)
    response = client.post(_url("review_update", pending.pk), {"decision": "approve"})
    assert response.status_code == 400
    error = re.search(r'data-testid="form-error">([^<]*)<', response.content.decode()).group(1)
    assert cast.office_leader.username in error
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}|\d\d/\d\d/\d{4} \d\d:\d\d", error)
    pending.refresh_from_db()
    assert pending.reviewed_by == cast.office_leader


def test_specialist_cannot_review(client, cast, pending):
    client.force_login(cast.office_specialist)
    assert client.post(_url("review_update", pending.pk), {"decision": "approve"}).status_code == 404


# --- Extensions -------------------------------------------------------------------------------


@pytest.fixture
def open_ob(cast):
    """The office's obligation of task 2, moved to 21/04/2026: due soon on 15/04/2026."""
    ob = cast.lead_obligations[1]
    Obligation.objects.filter(pk=ob.pk).update(due=date(2026, 4, 21), base_due=date(2026, 4, 21))
    ob.refresh_from_db()
    return ob


def _ask(ob) -> ExtensionRequest:
    return ExtensionRequest.objects.create(
        obligation=ob, requested_due=date(2026, 5, 29), previous_due=ob.due, reason="Chờ số liệu"
    )


def test_request_and_grant_an_extension(client, cast, open_ob):
    client.force_login(cast.office_specialist)
    assert 'data-state="due_soon"' in _page(client, open_ob)
    response = client.post(
        _url("request_extension", open_ob.pk),
        {"version": open_ob.version, "requested_due": "29/05/2026", "reason": "Chờ hướng dẫn của Sở"},
    )
    assert response.status_code == 302
    request = ExtensionRequest.objects.get(obligation=open_ob)
    page = _page(client, open_ob)
    assert 'data-testid="extension-row" data-status="pending"' in page
    assert "extension-form" not in _testids(page) and "extension-unavailable" in _testids(page)
    assert Notification.objects.filter(user=cast.leader, kind="extension_requested").exists()

    client.force_login(cast.leader)
    assert {"decision-form", "grant", "refuse"} <= _testids(_page(client, open_ob))
    response = client.post(
        _url("decide_extension", request.pk), {"decision": "grant", "due": "", "comment": ""}
    )
    assert response.status_code == 302
    open_ob.refresh_from_db()
    assert (open_ob.due, open_ob.extensions_granted) == (date(2026, 5, 29), 1)
    page = _page(client, open_ob)
    assert 'data-testid="obligation-due"><strong>29/05/2026</strong>' in page
    assert 'data-testid="base-due"' in page and "21/04/2026" in page
    assert 'data-testid="extension-count"' in page and "1/2" in page


def test_refuse_needs_a_comment(client, cast, open_ob):
    request = _ask(open_ob)
    client.force_login(cast.leader)
    refused = client.post(_url("decide_extension", request.pk), {"decision": "refuse", "comment": ""})
    assert refused.status_code == 400
    assert 'data-testid="field-error-comment"' in refused.content.decode()
    ok = client.post(
        _url("decide_extension", request.pk), {"decision": "refuse", "comment": "Không đủ lý do"}
    )
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.status == "refused"
    assert "Không đủ lý do" in _page(client, open_ob)


def test_extension_date_must_be_real_and_later(client, cast, open_ob):
    client.force_login(cast.office_specialist)
    url = _url("request_extension", open_ob.pk)
    wrong = client.post(url, {"version": open_ob.version, "requested_due": "31/02/2026", "reason": "Lý do"})
    assert wrong.status_code == 400
    assert 'data-testid="field-error-requested_due"' in wrong.content.decode()
    earlier = client.post(url, {"version": open_ob.version, "requested_due": "20/04/2026", "reason": "Lý do"})
    assert earlier.status_code == 400
    assert 'data-testid="field-error-requested_due"' in earlier.content.decode()
    assert not ExtensionRequest.objects.exists()


def test_only_the_issuing_leader_decides(client, cast, open_ob):
    request = _ask(open_ob)
    client.force_login(cast.office_leader)
    assert "decision-form" not in _testids(_page(client, open_ob))
    assert client.post(_url("decide_extension", request.pk), {"decision": "grant"}).status_code == 404


# --- Event -----------------------------------------------------------------------------------


def test_record_the_event_of_an_event_task(client, cast):
    task = cast.tasks[0]
    Task.objects.filter(pk=task.pk).update(
        deadline_kind=Task.DeadlineKind.EVENT, due=None, event="Khi có văn bản của Bộ", offset_working_days=5
    )
    ob = make_obligation(task, cast.office, due=None, period="event")
    client.force_login(cast.office_specialist)
    page = _page(client, ob)
    assert {"event-form", "record-event"} <= _testids(page)
    assert 'name="due"' not in page  # only the issuing side sets a due date itself
    response = client.post(_url("record_event", ob.pk), {"version": ob.version, "event_on": "06/04/2026"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert ob.event_on == date(2026, 4, 6) and ob.due == date(2026, 4, 13)
    assert "event-form" not in _testids(_page(client, ob))
    assert Entry.objects.filter(action="obligation.event", subject_id=ob.pk).exists()


# --- Evidence download -----------------------------------------------------------------------


def test_evidence_download_headers(client, cast, ob, pending):
    evidence = Evidence.objects.get()
    client.force_login(cast.office_viewer)
    response = client.get(_url("evidence", evidence.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="Bao-cao-quy-I.pdf"' in disposition
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD%20I.pdf" in disposition
    assert b"".join(response.streaming_content) == PDF


def test_evidence_download_is_gated(client, cast, pending):
    evidence = Evidence.objects.get()
    client.force_login(cast.outsider)
    assert client.get(_url("evidence", evidence.pk)).status_code == 404
    client.logout()
    assert client.get(_url("evidence", evidence.pk)).status_code == 302


def test_download_name_is_sanitised():
    from cchc.web.views.obligations import content_disposition, download_name

    evidence = Evidence(pk=7, original_name='..\\x/"bá\x07o;cáo"', kind="jpeg")
    assert download_name(evidence) == "x_bá_o_cáo.jpg"
    assert download_name(Evidence(pk=7, original_name="ảnh.JPEG", kind="jpeg")) == "ảnh.jpg"
    assert download_name(Evidence(pk=7, original_name="...", kind="pdf")) == "tai-lieu-7.pdf"
    header = content_disposition("Tờ trình.pdf")
    assert header == "attachment; filename=\"To-trinh.pdf\"; filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh.pdf"

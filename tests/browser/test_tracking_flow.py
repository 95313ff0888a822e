"""Following the year in a real browser: record progress with evidence, approve it, ask for an
extension and grant it, and watch "Việc của tôi" (my work) change.

The cast (tests/tracking/builders.py): the office leads six tasks due at the month-ends of
2026; on 15/04/2026 (the suite's fixed today) those due 31/01, 28/02 and 31/03 are overdue and
the other three are open. What is asserted is what a person sees: test ids, dates, numbers,
the task titles, and the interface's messages as the Vietnamese catalogue renders them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect
from tracking.builders import TrackingCast

from cchc.tracking import progress
from cchc.tracking.models import Evidence, ExtensionRequest, Obligation, ProgressUpdate

# The smallest well-formed PDF a viewer opens: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# The start of a Windows program (DOS stub), as found in any .exe.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"  # evidence files stay out of var/
    return settings.MEDIA_ROOT


@pytest.fixture
def cast() -> TrackingCast:
    return TrackingCast(n_tasks=6)


def vi(message: str, **params) -> str:
    """`message` (an English msgid) as a Vietnamese user reads it, catalogue or not."""
    with translation.override("vi"):
        text = translation.gettext(message)
    return text % params if params else text


# --------------------------------------------------------------------------- steps


def open_my_work(page: Page) -> None:
    """Go to "Việc của tôi" through the navigation, as a person does."""
    page.get_by_test_id("nav-my-work").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("tracking:my_work")) + r"(\?.*)?$"))
    expect(page.get_by_test_id("bucket-summary")).to_be_visible()


def expect_counts(page: Page, **counts: int) -> None:
    """The counts of the summary and of the buckets, e.g. expect_counts(page, overdue=3)."""
    for state, count in counts.items():
        slug = state.replace("_", "-")
        expect(page.get_by_test_id(f"count-{slug}").locator("strong")).to_have_text(str(count))
        expect(page.get_by_test_id(f"bucket-{slug}")).to_have_attribute("data-count", str(count))


def work_row(page: Page, state: str, obligation: Obligation):
    """The row of `obligation` in the `state` bucket of "Việc của tôi"."""
    bucket = page.get_by_test_id(f"bucket-{state.replace('_', '-')}")
    return bucket.locator(f"[data-testid=obligation-row][data-obligation-id='{obligation.pk}']")


def open_obligation(page: Page, state: str, obligation: Obligation) -> None:
    """Click the obligation's link in its bucket and wait for its page."""
    work_row(page, state, obligation).get_by_test_id("obligation-link").click()
    expect_obligation_page(page, obligation)
    expect(page.get_by_test_id("obligation-header")).to_contain_text(obligation.task.title)


def expect_obligation_page(page: Page, obligation: Obligation, anchor: str = "") -> None:
    """The browser is on `obligation`'s page (at `#anchor` when given)."""
    path = re.escape(reverse("tracking:obligation", args=[obligation.pk]))
    expect(page).to_have_url(re.compile(path + (f"#{anchor}$" if anchor else r"(#.*)?$")))


def success_message(page: Page):
    return page.locator(".messages").get_by_role("status")


def record_done(obligation: Obligation, *, by) -> ProgressUpdate:
    """A closing update of `obligation` straight through the service (for tests of what follows)."""
    return progress.record_progress(
        obligation=obligation,
        user=by,
        version=obligation.version,
        status=Obligation.Status.DONE,
        account="Đã ban hành kế hoạch.",
        product_number="12/KH-UBND",
        completed_on=obligation.due,
    )


# --------------------------------------------------------------------------- flows


def test_specialist_records_done_with_evidence_and_the_overdue_list_shrinks(logged_in_page, cast) -> None:
    third = cast.lead_obligations[2]  # due 31/03/2026: overdue on 15/04/2026
    page = logged_in_page(cast.office_specialist)

    open_my_work(page)
    expect(page.get_by_test_id("work-unit")).to_have_text(cast.office.name)
    expect(page.get_by_test_id("as-of")).to_contain_text("15/04/2026")
    expect_counts(page, overdue=3, due_soon=0, open=3, done=0)
    row = work_row(page, "overdue", third)
    expect(row.get_by_test_id("due")).to_have_text("31/03/2026")
    expect(row.get_by_test_id("overdue-days")).to_contain_text("11")  # working days 01/04 … 15/04

    open_obligation(page, "overdue", third)
    expect(page.get_by_test_id("due-state")).to_have_attribute("data-state", "overdue")
    expect(page.get_by_test_id("no-updates")).to_be_visible()
    form = page.get_by_test_id("progress-form")
    form.get_by_test_id("field-status").locator("select").select_option(value=Obligation.Status.DONE)
    form.get_by_test_id("field-account").locator("textarea").fill("Đã ban hành kế hoạch tuyên truyền CCHC.")
    form.get_by_test_id("field-product").locator("input").fill("số 12/KH-UBND ngày 10/3/2026")
    form.get_by_test_id("field-completed_on").locator("input").fill("10/03/2026")
    form.get_by_test_id("field-files").locator("input[type=file]").set_input_files(
        {"name": "Kế hoạch 12.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_test_id("record-progress").click()

    expect_obligation_page(page, third, "history")
    expect(success_message(page)).to_have_text(vi("The progress was recorded."))
    # "Done", not "done late": completed 10/03, before the due date 31/03 (recorded late is no matter).
    expect(page.get_by_test_id("status-badge")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("review-badge")).to_have_attribute("data-review", "pending")
    expect(page.get_by_test_id("completed-on")).to_have_text("10/03/2026")
    expect(page.get_by_test_id("product")).to_contain_text("12/KH-UBND")
    expect(page.get_by_test_id("product")).to_contain_text("10/03/2026")
    update = page.get_by_test_id("update-row")
    expect(update).to_have_count(1)
    expect(update.get_by_test_id("update-review")).to_have_text(vi("Awaiting approval"))
    expect(update.get_by_test_id("update-account")).to_have_text("Đã ban hành kế hoạch tuyên truyền CCHC.")
    link = update.get_by_test_id("evidence-link")
    expect(link).to_have_text("Kế hoạch 12.pdf")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "Kế hoạch 12.pdf"
    assert Path(download.path()).read_bytes() == PDF

    open_my_work(page)
    expect_counts(page, overdue=2, due_soon=0, open=3, done=1)
    expect(work_row(page, "overdue", third)).to_have_count(0)
    done = work_row(page, "done", third)
    expect(done.get_by_test_id("completed-on")).to_have_text("10/03/2026")
    expect(done.get_by_test_id("badge-pending")).to_be_visible()


def test_office_leader_approves_and_the_specialist_is_told(logged_in_page, cast) -> None:
    third = cast.lead_obligations[2]
    record_done(third, by=cast.office_specialist)
    leader = logged_in_page(cast.office_leader)

    open_my_work(leader)
    expect(work_row(leader, "done", third).get_by_test_id("badge-pending")).to_be_visible()
    open_obligation(leader, "done", third)
    panel = leader.get_by_test_id("review-panel")
    panel.get_by_test_id("field-comment").locator("textarea").fill("Đạt yêu cầu.")
    panel.get_by_test_id("approve").click()

    expect(success_message(leader)).to_have_text(vi("The update was approved."))
    expect(leader.get_by_test_id("review-badge")).to_have_attribute("data-review", "approved")
    expect(leader.get_by_test_id("review-badge")).to_have_text(vi("Approved"))
    expect(leader.get_by_test_id("review-panel")).to_have_count(0)  # nothing left to approve
    note = leader.get_by_test_id("update-row").get_by_test_id("update-review-note")
    expect(note.get_by_test_id("review-comment")).to_have_text("Đạt yêu cầu.")

    specialist = logged_in_page(cast.office_specialist)
    expect(specialist.get_by_test_id("unread-badge")).to_have_text("1")
    specialist.get_by_test_id("nav-notifications").click()
    row = specialist.get_by_test_id("notification-row")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-kind", "approved")
    expect(row).to_have_attribute("data-unread", "1")
    expect(row.get_by_test_id("notification-link")).to_contain_text(third.task.title)
    row.get_by_test_id("notification-link").click()
    expect_obligation_page(specialist, third)
    expect(specialist.get_by_test_id("review-badge")).to_have_attribute("data-review", "approved")


def test_extension_requested_then_granted_moves_the_obligation_out_of_overdue(logged_in_page, cast) -> None:
    second = cast.lead_obligations[1]  # due 28/02/2026: overdue on 15/04/2026
    specialist = logged_in_page(cast.office_specialist)

    open_my_work(specialist)
    expect_counts(specialist, overdue=3, open=3)
    open_obligation(specialist, "overdue", second)
    expect(specialist.get_by_test_id("obligation-due")).to_contain_text("28/02/2026")
    form = specialist.get_by_test_id("extension-form")
    form.get_by_test_id("field-requested_due").locator("input").fill("29/05/2026")
    form.get_by_test_id("field-reason").locator("textarea").fill("Chờ ý kiến góp ý của các phòng, ban.")
    form.get_by_test_id("request-extension").click()
    expect(success_message(specialist)).to_have_text(vi("The extension was requested."))
    asked = specialist.get_by_test_id("extension-row")
    expect(asked).to_have_attribute("data-status", "pending")
    expect(asked).to_contain_text("28/02/2026 → 29/05/2026")
    expect(specialist.get_by_test_id("extension-unavailable")).to_be_visible()  # one request at a time

    # The district (the plan's issuer) is told; its leader follows the notification and grants.
    leader = logged_in_page(cast.leader)
    expect(leader.get_by_test_id("unread-badge")).to_have_text("1")
    leader.get_by_test_id("nav-notifications").click()
    notice = leader.get_by_test_id("notification-row")
    expect(notice).to_have_attribute("data-kind", "extension_requested")
    notice.get_by_test_id("notification-link").click()
    expect_obligation_page(leader, second)
    panel = leader.get_by_test_id("decision-panel")
    expect(panel).to_contain_text("29/05/2026")
    panel.get_by_test_id("field-comment").locator("textarea").fill("Đồng ý gia hạn.")
    panel.get_by_test_id("grant").click()
    expect(success_message(leader)).to_have_text(vi("The extension was granted."))
    expect(leader.get_by_test_id("obligation-due").locator("strong")).to_have_text("29/05/2026")
    expect(leader.get_by_test_id("extension-count")).to_contain_text("1/2")
    expect(leader.get_by_test_id("base-due")).to_contain_text("28/02/2026")
    expect(leader.get_by_test_id("extension-row")).to_have_attribute("data-status", "granted")
    expect(leader.get_by_test_id("due-state")).to_have_attribute("data-state", "open")

    open_my_work(specialist)
    expect_counts(specialist, overdue=2, open=4, done=0)
    expect(work_row(specialist, "overdue", second)).to_have_count(0)
    expect(work_row(specialist, "open", second).get_by_test_id("due")).to_have_text("29/05/2026")
    expect(specialist.get_by_test_id("unread-badge")).to_have_text("1")  # "extension decided"
    assert ExtensionRequest.objects.get(obligation=second).status == ExtensionRequest.Status.GRANTED


def test_a_program_renamed_pdf_is_refused_and_nothing_is_recorded(logged_in_page, cast, _media) -> None:
    first = cast.lead_obligations[0]
    version = first.version
    page = logged_in_page(cast.office_specialist)
    page.goto(reverse("tracking:obligation", args=[first.pk]))

    form = page.get_by_test_id("progress-form")
    form.get_by_test_id("field-status").locator("select").select_option(value=Obligation.Status.DONE)
    form.get_by_test_id("field-account").locator("textarea").fill("Đã hoàn thành.")
    form.get_by_test_id("field-files").locator("input[type=file]").set_input_files(
        {"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": EXE}
    )
    form.get_by_test_id("record-progress").click()

    expect(page.get_by_test_id("form-errors")).to_contain_text(vi("Nothing was saved."))
    message = vi(
        "“%(name)s” is a program, not a document, whatever its name says. Attach the "
        "evidence as a PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file.",
        name="bao-cao.pdf",
    )
    expect(page.get_by_test_id("field-error-files")).to_contain_text(message)
    expect(page.get_by_test_id("files-again")).to_be_visible()
    # What the person typed is kept; the history and the obligation are as they were.
    expect(form.get_by_test_id("field-account").locator("textarea")).to_have_value("Đã hoàn thành.")
    expect(page.get_by_test_id("update-row")).to_have_count(0)
    expect(page.get_by_test_id("no-updates")).to_be_visible()
    expect(page.get_by_test_id("status-badge")).to_have_attribute("data-status", "not_started")
    expect(page.get_by_test_id("review-badge")).to_have_count(0)
    expect(page.get_by_test_id("due-state")).to_have_attribute("data-state", "overdue")

    page.goto(reverse("tracking:obligation", args=[first.pk]))  # after a reload too
    expect(page.get_by_test_id("no-updates")).to_be_visible()
    first.refresh_from_db()
    assert (first.status, first.version) == (Obligation.Status.NOT_STARTED, version)
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert not any(path.is_file() for path in Path(_media).rglob("*"))

"""A corrected plan re-issued, in a real browser: the district imports seed 000 (Kế hoạch
19/KH-UBND of Quận 11), Phòng Nội vụ records progress on task 1.1, the district uploads the
corrected file (task 1.1's title edited, built here with python-docx), sees the difference,
confirms it as version 2, and the plan is the same plan with the progress still there.

What is asserted is what a person sees: test ids, the document's own Vietnamese, the files.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from docparse.fixtures import build_docx
from factories import make_member, make_unit
from playwright.sync_api import Page, expect

from cchc.org.models import Membership, Unit
from cchc.plans.models import Plan, Task
from cchc.tracking.models import Obligation

SEED_000 = "000_d819fbad9da38ddd"  # Kế hoạch 19/KH-UBND of Quận 11, 64 tasks
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OLD_TITLE = "Xây dựng Kế hoạch Cải cách hành chính năm 2022"  # task 1.1, Phòng Nội vụ leads it
NEW_TITLE = "Xây dựng và ban hành Kế hoạch Cải cách hành chính năm 2022"
ACCOUNT = "Đã trình dự thảo kế hoạch CCHC năm 2022."
READ_TIMEOUT = 30_000


@pytest.fixture(autouse=True)
def _scratch(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def vi(message: str, **params) -> str:
    """`message` (an English msgid) as a Vietnamese user reads it."""
    with translation.override("vi"):
        text = translation.gettext(message)
    return text % params if params else text


def corrected_docx() -> bytes:
    """Seed 000 as Word, with the title of task 1.1 edited in its table cell."""
    document = docx.Document(io.BytesIO(build_docx(SEED_000)))
    cells = [
        paragraph
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        if paragraph.text == OLD_TITLE
    ]
    assert len(cells) == 1
    runs = cells[0].runs
    runs[0].text = NEW_TITLE
    for run in runs[1:]:
        run.text = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- steps


def upload(page: Page, name: str, data: bytes) -> None:
    page.goto(reverse("imports:new"))
    form = page.get_by_test_id("upload-form")
    form.locator("input[type=file]").set_input_files({"name": name, "mimeType": DOCX, "buffer": data})
    form.get_by_test_id("upload-submit").click()
    expect(page).to_have_url(re.compile(r"/nhap-ke-hoach/[0-9a-f-]{36}/$"))
    expect(page.get_by_test_id("header-panel")).to_be_visible(timeout=READ_TIMEOUT)


def confirm(page: Page) -> int:
    acknowledge = page.get_by_test_id("acknowledge-warnings")
    if acknowledge.count():
        acknowledge.check()
    page.get_by_test_id("confirm-import").click()
    expect(page).to_have_url(re.compile(r"/ke-hoach/\d+/$"))
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def record_progress(page: Page, obligation: Obligation) -> None:
    page.goto(reverse("tracking:obligation", args=[obligation.pk]))
    form = page.get_by_test_id("progress-form")
    form.get_by_test_id("field-status").locator("select").select_option(value=Obligation.Status.IN_PROGRESS)
    form.get_by_test_id("field-account").locator("textarea").fill(ACCOUNT)
    form.get_by_test_id("record-progress").click()
    expect(page.locator(".messages").get_by_role("status")).to_have_text(vi("The progress was recorded."))


# --------------------------------------------------------------------------- flow


def test_a_corrected_version_keeps_the_plan_and_the_recorded_progress(logged_in_page) -> None:
    q11 = make_unit("Ủy ban nhân dân Quận 11", kind=Unit.Kind.DISTRICT)
    noi_vu = make_unit("Phòng Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=q11)
    make_unit("Văn phòng Ủy ban nhân dân Quận 11", kind=Unit.Kind.DEPARTMENT, parent=q11)
    district = logged_in_page(make_member(q11, Membership.Role.SPECIALIST))

    # Version 1: the plan as first issued.
    upload(district, "ke-hoach-19.docx", build_docx(SEED_000))
    plan_id = confirm(district)
    expect(district.get_by_test_id("version-row")).to_have_count(1)
    task = Task.objects.get(plan_id=plan_id, code="1.1")
    obligation = Obligation.objects.get(task=task, unit=noi_vu)
    obligations = Obligation.objects.count()

    # Phòng Nội vụ reports on task 1.1.
    office = logged_in_page(make_member(noi_vu, Membership.Role.SPECIALIST))
    record_progress(office, obligation)

    # The corrected re-issue: recognised by its number, the one change shown.
    upload(district, "ke-hoach-19-dinh-chinh.docx", corrected_docx())
    expect(district.get_by_test_id("existing-plan")).to_have_attribute("data-match", "number")
    expect(district.get_by_test_id("existing-plan").get_by_role("link")).to_have_attribute(
        "href", reverse("plans:detail", args=[plan_id])
    )
    changed = district.get_by_test_id("diff-changed-row")
    expect(changed).to_have_count(1)
    expect(changed).to_have_attribute("data-task-id", str(task.pk))
    expect(changed.get_by_test_id("diff-before")).to_have_text(OLD_TITLE)
    expect(changed.get_by_test_id("diff-after")).to_have_text(NEW_TITLE)
    expect(district.get_by_test_id("diff-removed-row")).to_have_count(0)
    save = vi("Save as version %(n)s of the plan", n=2)
    expect(district.get_by_test_id("confirm-import")).to_have_text(save)
    district.get_by_test_id("version-note").fill("Đính chính tên nhiệm vụ 1.1")
    assert confirm(district) == plan_id  # the same plan

    # One plan, its 64 tasks, two versions with their files; no obligation doubled.
    versions = district.get_by_test_id("version-row")
    expect(versions).to_have_count(2)
    expect(versions.first).to_have_attribute("data-number", "2")
    expect(versions.first).to_contain_text("Đính chính tên nhiệm vụ 1.1")
    expect(district.get_by_test_id("task-row")).to_have_count(64)
    row = district.locator(f"[data-testid=task-row][data-task-id='{task.pk}']")
    expect(row.get_by_test_id("task-link")).to_have_text(NEW_TITLE)
    assert Plan.objects.count() == 1 and Obligation.objects.count() == obligations
    with district.expect_download() as info:
        versions.nth(1).get_by_test_id("version-file").click()
    assert info.value.suggested_filename == "ke-hoach-19.docx"
    assert Path(info.value.path()).read_bytes() == build_docx(SEED_000)

    # The progress Phòng Nội vụ recorded is still on the task.
    row.get_by_test_id("task-link").click()
    expect(district.get_by_test_id("task-header")).to_contain_text(NEW_TITLE)
    ours = district.locator(f"[data-testid=obligation-row][data-obligation-id='{obligation.pk}']")
    expect(ours.get_by_test_id("status-badge")).to_have_text(vi("In progress"))
    ours.get_by_test_id("obligation-link").click()
    expect(district.get_by_test_id("update-row").get_by_test_id("update-account")).to_have_text(ACCOUNT)

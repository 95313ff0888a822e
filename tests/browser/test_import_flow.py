"""Importing a plan in a real browser: upload, review, map a unit, confirm, search, export.

What is asserted is what a person sees: data-testids, numbers, URLs and the document's own
(Vietnamese) content, not the interface's wording, which follows the translation catalogue.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation
from docparse.fixtures import build_docx
from factories import make_member, make_unit
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from cchc.org.models import Membership, Unit, UnitAlias
from cchc.plans import drafts
from cchc.plans.models import ImportDraft, Plan

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
SEED_000 = "000_d819fbad9da38ddd"  # Kế hoạch 19/KH-UBND of Quận 11, 64 tasks
SEED_001 = "001_cdbe611785bc9ae5"  # Quyết định 4832/QĐ-UBND of TP.HCM, 65 tasks
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
READ_TIMEOUT = 30_000  # a document parsed by the worker is polled every second


@pytest.fixture(autouse=True)
def _scratch(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads stay out of var/


# --------------------------------------------------------------------------- set-up


def quan_11():
    """Quận 11 with some of its offices (not every one seed 000 names) and a specialist."""
    q11 = make_unit("Ủy ban nhân dân Quận 11", kind=Unit.Kind.DISTRICT)
    units = {
        "noi_vu": make_unit("Phòng Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=q11),
        "van_phong": make_unit("Văn phòng Ủy ban nhân dân Quận 11", kind=Unit.Kind.DEPARTMENT, parent=q11),
        "tai_chinh": make_unit("Phòng Tài chính - Kế hoạch", kind=Unit.Kind.DEPARTMENT, parent=q11),
        "doan": make_unit("Đoàn Thanh niên Cộng sản Hồ Chí Minh Quận 11", parent=q11),
    }
    return q11, units, make_member(q11, Membership.Role.SPECIALIST)


def thanh_pho():
    """TP.HCM with a few sở (not every body seed 001 names) and a specialist of the city."""
    city = make_unit("Ủy ban nhân dân Thành phố Hồ Chí Minh", kind=Unit.Kind.PROVINCE)
    units = {
        "noi_vu": make_unit("Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=city),
        "tu_phap": make_unit("Sở Tư pháp", kind=Unit.Kind.DEPARTMENT, parent=city),
        "tttt": make_unit("Sở Thông tin và Truyền thông", kind=Unit.Kind.DEPARTMENT, parent=city),
        "htv": make_unit("Đài Truyền hình Thành phố Hồ Chí Minh", parent=city),
    }
    return city, units, make_member(city, Membership.Role.SPECIALIST)


def seed_txt(stem: str) -> bytes:
    return (SEEDS / f"{stem}.txt").read_bytes()


# --------------------------------------------------------------------------- steps


def upload(page: Page, name: str, data: bytes, mime: str = "text/plain") -> None:
    """Choose the file on the import page and submit it (no waiting for the outcome)."""
    page.goto(reverse("imports:new"))
    form = page.get_by_test_id("upload-form")
    form.locator("input[type=file]").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    form.get_by_test_id("upload-submit").click()


def wait_for_review(page: Page) -> None:
    """On the review page, until the document has been read (a big one is polled by HTMX)."""
    expect(page).to_have_url(re.compile(r"/nhap-ke-hoach/[0-9a-f-]{36}/$"))
    expect(page.get_by_test_id("header-panel")).to_be_visible(timeout=READ_TIMEOUT)


def map_unit(page: Page, slug: str, unit: Unit, *, remember: bool = True) -> None:
    """Map the unit wording `slug` to `unit` in the units panel and wait for the chip to turn."""
    row = page.get_by_test_id(f"unit-mapping-{slug}")
    row.get_by_test_id(f"unit-select-{slug}").select_option(value=str(unit.pk))
    if remember:
        row.get_by_test_id(f"unit-remember-{slug}").check()
    row.get_by_test_id(f"unit-map-{slug}").click()
    # The panel is swapped by HTMX (no page load); the task table is swapped out of band.
    expect(page.get_by_test_id(f"unit-mapping-{slug}")).to_have_attribute("data-status", "matched")
    expect(page.get_by_test_id(f"unit-name-{slug}")).to_have_text(unit.name)


def confirm(page: Page) -> int:
    """Acknowledge the warnings if there are any, confirm, and return the plan's id from the URL."""
    acknowledge = page.get_by_test_id("acknowledge-warnings")
    if acknowledge.count():
        acknowledge.check()
    page.get_by_test_id("confirm-import").click()
    expect(page).to_have_url(re.compile(r"/ke-hoach/\d+/$"))
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def search(page: Page, words: str) -> None:
    """Type into the plan page's search box as a person does (HTMX refreshes the table)."""
    box = page.locator("#id_q")
    box.click()
    box.press_sequentially(words)
    # hx-push-url: the refresh for the whole of `words` (not a prefix typed so far) has landed.
    expect(page).to_have_url(re.compile(re.escape("q=" + quote(words)) + "(&|$)"))


def task_count(page: Page) -> int:
    """The number shown above the task table ("64 nhiệm vụ")."""
    text = page.get_by_test_id("task-count").inner_text()
    return int(re.match(r"\s*(\d+)", text).group(1))


def export(page: Page) -> list[list]:
    """Click the plan page's Excel export; the rows of its task sheet (heading row first)."""
    with page.expect_download() as info:
        page.get_by_test_id("task-table").get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def task_headings() -> list[str]:
    """The export's heading row as a Vietnamese user gets it (catalogue or not)."""
    from cchc.web.views.plans import task_columns

    with translation.override("vi"):
        return [str(column.heading) for column in task_columns()]


# --------------------------------------------------------------------------- flows


def test_txt_import_map_confirm_search_export(logged_in_page) -> None:
    q11, units, user = quan_11()
    page = logged_in_page(user)

    upload(page, "ke-hoach-19.txt", seed_txt(SEED_000))
    wait_for_review(page)
    expect(page.get_by_test_id("header-number")).to_have_value("19/KH-UBND")
    expect(page.get_by_test_id("header-date")).to_have_value("03/02/2022")
    expect(page.get_by_test_id("header-issuer").locator("option:checked")).to_have_text(q11.name)
    expect(page.get_by_test_id("header-title")).to_have_value(
        "Kế hoạch thực hiện công tác cải cách hành chính trên địa bàn Quận 11 năm 2022"
    )
    expect(page.get_by_test_id("tasks-table").locator("tbody tr")).to_have_count(64)
    expect(page.get_by_test_id("targets-table").locator("tbody tr")).to_have_count(20)

    # "Phòng Nội vụ" is in the tree; "Quận đoàn" (the district's youth union) is not.
    expect(page.get_by_test_id("unit-mapping-phong-noi-vu")).to_have_attribute("data-status", "matched")
    expect(page.get_by_test_id("unit-mapping-quan-doan")).not_to_have_attribute("data-status", "matched")
    chip = page.get_by_test_id("tasks-table").get_by_test_id("chip-quan-doan")
    expect(chip).to_have_count(1)
    expect(chip).not_to_have_attribute("data-status", "matched")

    map_unit(page, "quan-doan", units["doan"], remember=True)
    expect(chip).to_have_attribute("data-status", "matched")  # the task table was refreshed too
    expect(chip).to_have_attribute("title", units["doan"].name)
    assert UnitAlias.objects.filter(unit=units["doan"], text="Quận đoàn").exists()

    plan_id = confirm(page)
    expect(page.get_by_test_id("plan-number")).to_have_text("19/KH-UBND")
    expect(page.get_by_test_id("plan-date")).to_contain_text("03/02/2022")
    expect(page.get_by_test_id("task-row")).to_have_count(64)
    assert task_count(page) == 64

    search(page, "Hội thi")
    rows = page.get_by_test_id("task-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Tham gia Hội thi tìm hiểu về CCHC")
    assert task_count(page) == 1
    # The mapped name now links to the unit on the plan page.
    lead = rows.get_by_test_id("task-lead").get_by_role("link", name="Quận đoàn")
    expect(lead).to_have_attribute("href", reverse("units:detail", args=[units["doan"].pk]))

    filtered = export(page)
    assert filtered[0] == task_headings()
    assert len(filtered) == 1 + 1
    assert filtered[1][0] == "1.8" and filtered[1][1].startswith("Tham gia Hội thi")

    page.get_by_test_id("clear-filters").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("plans:detail", args=[plan_id])) + "$"))
    expect(page.get_by_test_id("task-row")).to_have_count(64)
    every = export(page)
    assert every[0] == task_headings()
    assert len(every) == 1 + 64
    assert every[1][1] == "Xây dựng Kế hoạch Cải cách hành chính năm 2022"

    page.goto(reverse("plans:list"))
    expect(page.get_by_test_id("plan-row")).to_have_count(1)
    expect(page.get_by_test_id("plan-task-count")).to_have_text("64")


def test_docx_import_confirm_search_export(logged_in_page) -> None:
    city, units, user = thanh_pho()
    page = logged_in_page(user)

    upload(page, "quyet-dinh-4832.docx", build_docx(SEED_001), DOCX)
    wait_for_review(page)
    expect(page.get_by_test_id("header-number")).to_have_value("4832/QĐ-UBND")
    expect(page.get_by_test_id("header-date")).to_have_value("31/12/2020")
    expect(page.get_by_test_id("header-issuer").locator("option:checked")).to_have_text(city.name)
    expect(page.get_by_test_id("tasks-table").locator("tbody tr")).to_have_count(65)
    for slug in ("so-noi-vu", "giam-doc-so-thong-tin-va-truyen-thong"):
        expect(page.get_by_test_id(f"unit-mapping-{slug}")).to_have_attribute("data-status", "matched")
    # Some bodies the decision names are not in this tree: they stay as written.
    expect(page.locator("[data-testid^=unit-mapping-][data-status=unmatched]").first).to_be_visible()

    map_unit(page, "dai-truyen-hinh", units["htv"], remember=False)
    chip = page.get_by_test_id("tasks-table").get_by_test_id("chip-dai-truyen-hinh")
    expect(chip).to_have_attribute("data-status", "matched")
    assert not UnitAlias.objects.filter(unit=units["htv"]).exists()

    confirm(page)
    expect(page.get_by_test_id("plan-number")).to_have_text("4832/QĐ-UBND")
    expect(page.get_by_test_id("plan-date")).to_contain_text("31/12/2020")
    expect(page.get_by_test_id("task-row")).to_have_count(65)
    assert task_count(page) == 65

    search(page, "chuyên trang")
    rows = page.get_by_test_id("task-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Tiếp tục duy trì chuyên mục, chuyên trang về CCHC")
    lead = rows.get_by_test_id("task-lead").get_by_role("link", name="Đài Truyền hình")
    expect(lead).to_have_attribute("href", reverse("units:detail", args=[units["htv"].pk]))

    rows_out = export(page)
    assert rows_out[0] == task_headings()
    assert len(rows_out) == 1 + 1
    assert rows_out[1][0] == "9.4"


def test_same_file_again_offers_to_update_the_plan(logged_in_page) -> None:
    _q11, _units, user = quan_11()
    data = seed_txt(SEED_000)
    first = drafts.create_draft(user=user, data=data, filename="ke-hoach-19.txt")
    plan = drafts.confirm_draft(draft_id=first.pk, user=user)
    page = logged_in_page(user)

    upload(page, "ban-sao.txt", data)
    wait_for_review(page)
    banner = page.get_by_test_id("existing-plan")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(plan.title)
    expect(banner.get_by_role("link")).to_have_attribute("href", reverse("plans:detail", args=[plan.pk]))

    assert confirm(page) == plan.pk  # the same plan, updated
    expect(page.get_by_test_id("task-row")).to_have_count(64)
    page.goto(reverse("plans:list"))
    expect(page.get_by_test_id("plan-row")).to_have_count(1)
    assert Plan.objects.count() == 1


def test_corrupt_docx_shows_the_parser_message(logged_in_page) -> None:
    _q11, _units, user = quan_11()
    page = logged_in_page(user)

    upload(page, "hong.docx", b"PK\x03\x04garbage", DOCX)
    errors = page.get_by_test_id("file-errors")
    expect(errors).to_contain_text("Tệp Word (.docx) bị hỏng hoặc không đầy đủ")
    expect(page).to_have_url(re.compile(re.escape(reverse("imports:new")) + "$"))
    expect(page.get_by_test_id("upload-form")).to_be_visible()

    page.goto(reverse("plans:list"))
    expect(page.get_by_test_id("plan-row")).to_have_count(0)
    expect(page.get_by_test_id("empty")).to_be_visible()
    assert ImportDraft.objects.count() == Plan.objects.count() == 0

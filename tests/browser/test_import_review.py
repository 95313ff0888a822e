"""The review page of a big plan in a real browser: a task opened and corrected in place, a unit
name's list holding every unit of the issuer (sent once), a unit name opened to create a unit."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import make_member, make_unit
from plans.import_support import big_draft
from playwright.sync_api import expect

from cchc.org.models import Membership, Unit


@pytest.fixture(autouse=True)
def _scratch(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_task_and_a_unit_name_open_and_change_in_place(logged_in_page) -> None:
    q11 = make_unit("Ủy ban nhân dân Quận 11", kind=Unit.Kind.DISTRICT)
    make_unit("Phòng Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=q11)
    health = make_unit("Phòng Y tế", kind=Unit.Kind.DEPARTMENT, parent=q11)
    user = make_member(q11, Membership.Role.SPECIALIST)
    draft = big_draft(user=user, n_tasks=300)
    page = logged_in_page(user)
    page.goto(reverse("imports:review", args=[draft.pk]))
    page.evaluate("window.stillTheSamePage = true")  # gone if anything below reloads the page

    row = page.get_by_test_id("task-row-70")
    row.locator("a.open-task").click()
    title = row.locator('textarea[name="task-70-title"]')
    expect(title).to_have_value(draft.payload["tasks"][70]["title"])
    expect(page.get_by_test_id("task-70-excerpt")).to_be_visible()
    title.fill("Nhiệm vụ sửa trong trình duyệt")
    title.blur()  # a change posts the cell
    expect(page.get_by_test_id("task-70-title-saved")).to_be_visible()
    draft.refresh_from_db()
    assert draft.payload["tasks"][70]["title"] == "Nhiệm vụ sửa trong trình duyệt"

    # "Quận đoàn" has no close unit; its list still offers every unit of Quận 11.
    doan = page.get_by_test_id("unit-mapping-quan-doan")
    expect(
        doan.get_by_test_id("unit-select-quan-doan").locator(f'option[value="{health.pk}"]')
    ).to_have_count(1)
    doan.get_by_test_id("unit-create-open").click()
    expect(page.get_by_test_id("unit-mapping-quan-doan").get_by_test_id("unit-create")).to_be_visible()
    expect(page.get_by_test_id("unit-mapping-quan-doan").get_by_test_id("unit-create-parent")).to_have_value(
        str(q11.pk)
    )
    assert page.evaluate("window.stillTheSamePage") is True

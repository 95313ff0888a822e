"""Excel exports: opened back with openpyxl."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from plans.builders import Cast

from cchc.web.xlsx import Column, Sheet, ascii_filename, write_workbook

pytestmark = pytest.mark.django_db


def _book(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def test_writer_columns_formats_and_widths():
    rows = [
        {"name": "Nhiệm vụ A", "due": date(2026, 3, 31), "share": Decimal("98.5000"), "n": 3},
        {"name": "B\x07", "due": None, "share": None, "n": Decimal("4.0000")},
    ]
    columns = [
        Column("Tên", lambda r: r["name"], width=40),
        Column("Hạn", lambda r: r["due"], kind="date"),
        Column("Tỷ lệ", lambda r: r["share"], kind="percent"),
        Column("Số", lambda r: r["n"], kind="int"),
    ]
    book = load_workbook(io.BytesIO(write_workbook([Sheet("Nhiệm vụ: 2026/1", columns, rows)])))
    (sheet,) = book.worksheets
    assert sheet.title == "Nhiệm vụ- 2026-1"
    assert [c.value for c in sheet[1]] == ["Tên", "Hạn", "Tỷ lệ", "Số"]
    assert sheet.max_row == 3
    assert _as_date(sheet["B2"].value) == date(2026, 3, 31) and sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["C2"].value == 98.5 and "%" in sheet["C2"].number_format
    assert sheet["D3"].value == 4 and sheet["A3"].value == "B"
    assert sheet["B3"].value is None
    assert sheet.column_dimensions["A"].width == 40


def test_ascii_filename():
    assert ascii_filename("ke-hoach", "19/KH-UBND", "nhiem-vu") == "ke-hoach-19-KH-UBND-nhiem-vu.xlsx"
    assert ascii_filename("đơn vị", "Phòng Nội vụ") == "don-vi-Phong-Noi-vu.xlsx"
    assert ascii_filename("", "") == "export.xlsx"


@pytest.fixture
def cast():
    return Cast(n_tasks=7)


def test_plan_tasks_export(client, cast):
    client.force_login(cast.viewer)
    response = client.get(reverse("plans:export_tasks", args=[cast.plan.pk]))
    assert 'filename="ke-hoach-19-KH-UBND-nhiem-vu.xlsx"' in response["Content-Disposition"]
    book = _book(response)
    tasks, targets = book.worksheets
    headings = [c.value for c in tasks[1]]
    with translation.override("vi"):
        assert headings[:2] == [gettext("Code"), gettext("Task")] and len(headings) == 8
    assert tasks.max_row == 1 + 7
    due = tasks.cell(row=2, column=8)
    assert _as_date(due.value) == date(2026, 1, 31) and due.number_format == "dd/mm/yyyy"
    assert tasks.cell(row=2, column=4).value == cast.office.name
    assert targets.max_row == 1 + 2
    value = targets.cell(row=2, column=5)
    assert value.value == 98.5 and value.number_format.endswith('" %"')


def test_plan_tasks_export_keeps_the_filters(client, cast):
    client.force_login(cast.owner)
    response = client.get(reverse("plans:export_tasks", args=[cast.plan.pk]), {"quarter": 1})
    assert _book(response).worksheets[0].max_row == 1 + 3


def test_plan_list_export(client, cast):
    client.force_login(cast.parent_leader)
    response = client.get(reverse("plans:export_list"))
    assert 'filename="ke-hoach-danh-sach.xlsx"' in response["Content-Disposition"]
    (sheet,) = _book(response).worksheets
    assert sheet.max_row == 2
    row = [c.value for c in sheet[2]]
    assert row[0] == 2026 and row[3] == "19/KH-UBND" and row[-2:] == [7, 2]
    assert _as_date(row[4]) == date(2026, 1, 15) and sheet["E2"].number_format == "dd/mm/yyyy"
    response = client.get(reverse("plans:export_list"), {"year": 2026})
    assert 'filename="ke-hoach-2026-danh-sach.xlsx"' in response["Content-Disposition"]


def test_outsider_cannot_export(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("plans:export_tasks", args=[cast.plan.pk])).status_code == 404
    (sheet,) = _book(client.get(reverse("plans:export_list"))).worksheets
    assert [c.value for c in sheet["D"]][1:] == ["7/KH-UBND"]


def test_unit_export(client, cast):
    client.force_login(cast.owner)
    response = client.get(reverse("units:export", args=[cast.office.pk]))
    assert 'filename="don-vi-Phong-Noi-vu-nhiem-vu.xlsx"' in response["Content-Disposition"]
    (sheet,) = _book(response).worksheets
    assert sheet.max_row == 1 + 7
    assert sheet["B2"].value == 2026 and sheet["C2"].value == "19/KH-UBND"

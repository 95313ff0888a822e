"""The reporting calendar: calendar lines and rules expanded per named period."""

from __future__ import annotations

from datetime import date

import pytest
from seed_outline import SEEDS, outline_of, seed

from cchc.docparse.periods import leading_periods, periods_in
from cchc.docparse.reporting import calendar_line, extract_reporting


def _dicts(entries) -> list[dict]:
    return [e.to_dict() for e in entries]


def test_calendar_lines_anywhere_with_december_start_in_year_before() -> None:
    outline = outline_of(
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Các đơn vị báo cáo định kỳ:",
        "- Quý I: trước ngày 20/3 (số liệu từ ngày 15/12 đến ngày 14/3);",
        "- 6 tháng: trước ngày 20 tháng 6 (số liệu từ 15/12 đến 14/6);",
    )
    assert _dicts(extract_reporting(outline, year=2024)) == [
        {"period": "Q1", "due": "2024-03-20", "data_from": "2023-12-15", "data_to": "2024-03-14"},
        {"period": "H1", "due": "2024-06-20", "data_from": "2023-12-15", "data_to": "2024-06-14"},
    ]


def test_581_style_window_nam_truoc() -> None:
    (entry,) = calendar_line("Quý 1: trước ngày 18/3 (số liệu từ ngày 15/12 năm trước đến ngày 14/3)", 2025)
    assert (entry.data_from, entry.data_to) == (date(2024, 12, 15), date(2025, 3, 14))


def test_report_quarterly_rule_line_expands_to_quarterly_reports() -> None:
    entries = calendar_line("Báo cáo quý: trước ngày 20 của tháng cuối quý", 2024)
    assert [(e.period, e.due) for e in entries] == [
        ("Q1", date(2024, 3, 20)),
        ("H1", date(2024, 6, 20)),
        ("Q3", date(2024, 9, 20)),
        ("YEAR", date(2024, 12, 20)),
    ]


def test_rule_under_reporting_heading_expands_to_named_periods() -> None:
    outline = outline_of(
        "III. CHẾ ĐỘ BÁO CÁO",
        "1. Thời hạn gửi báo cáo quý I, 6 tháng và báo cáo năm",
        "- Chậm nhất là ngày 12 của tháng cuối kỳ báo cáo.",
        "- Số liệu tính từ ngày 15/12/2023 đến ngày 10 tháng cuối kỳ.",
    )
    assert _dicts(extract_reporting(outline, year=2024)) == [
        {"period": "Q1", "due": "2024-03-12", "data_from": "2023-12-15", "data_to": "2024-03-10"},
        {"period": "H1", "due": "2024-06-12", "data_from": "2023-12-15", "data_to": "2024-06-10"},
        {"period": "YEAR", "due": "2024-12-12", "data_from": "2023-12-15", "data_to": "2024-12-10"},
    ]


def test_rule_outside_a_reporting_heading_is_a_duty_not_a_calendar() -> None:
    outline = outline_of("V. TỔ CHỨC THỰC HIỆN", "- Chậm nhất ngày 15 của tháng cuối quý, báo cáo hằng quý.")
    assert extract_reporting(outline, year=2024) == []


def test_no_year_no_dates() -> None:
    assert extract_reporting(outline_of("- Quý I: trước ngày 20/3"), year=None) == []


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("định kỳ (quý 1, 6 tháng, quý 3, năm)", ["Q1", "H1", "Q3", "YEAR"]),
        ("báo cáo CCHC Quý I, 6 tháng, 9 tháng, báo cáo CCHC năm", ["Q1", "H1", "9M", "YEAR"]),
        ("báo cáo quý II năm 2024", []),
        ("6 tháng đầu năm 2024 và báo cáo hằng tháng", ["H1", "MONTH"]),
    ],
)
def test_period_names(text: str, periods: list[str]) -> None:
    assert periods_in(text) == periods


def test_a_sentence_is_not_a_calendar_head() -> None:
    assert leading_periods("Thực hiện chế độ thông tin, báo cáo định kỳ quý I, 6 tháng và năm") == []


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_reporting_equals_gold(stem: str) -> None:
    outline, gold = seed(stem)
    assert _dicts(extract_reporting(outline, year=gold["document"]["year"])) == gold["reporting"]


def test_calendar_run_together_in_one_sentence() -> None:
    from cchc.docparse.reporting import inline_calendar

    line = (
        "Thực hiện chế độ báo cáo như sau: Báo cáo quý I trước ngày 10/3/2026; "
        "báo cáo 6 tháng trước ngày 10/6/2026; báo cáo năm trước ngày 10/12/2026."
    )
    assert [(e.period, e.due) for e in inline_calendar(line, 2026)] == [
        ("Q1", date(2026, 3, 10)),
        ("H1", date(2026, 6, 10)),
        ("YEAR", date(2026, 12, 10)),
    ]
    assert inline_calendar("báo cáo Chủ tịch UBND phường trước ngày 15/12/2025", 2025) == []


def test_calendar_table_rows() -> None:
    from cchc.docparse.blocks import Row, Table

    table = Table(
        [
            Row([["Kỳ báo cáo"], ["Chốt số liệu"], ["Hạn gửi"]]),
            Row([["Quý I"], ["Từ 15/12/2024 đến 14/3/2025"], ["Trước ngày 18/3/2025"]]),
        ]
    )
    outline = outline_of()
    entries = extract_reporting(outline, year=2025, blocks=[table])
    assert _dicts(entries) == [
        {"period": "Q1", "due": "2025-03-18", "data_from": "2024-12-15", "data_to": "2025-03-14"}
    ]

"""What a scan does to a plan's structure, repaired without Tesseract: tables and outlines
as OCR hands them over (numbers misread, a row broken over a page, a merged cell printed
once), checked on hand-made blocks so that each repair is shown on its own."""

from __future__ import annotations

from cchc.docparse.blocks import Paragraph, Row, SourceRef, Table
from cchc.docparse.outline import build_outline
from cchc.docparse.readers.table_grid import join_tables
from cchc.docparse.readers.table_header import column_role
from cchc.docparse.task_table import tasks_from_tables

HEADER = [["STT"], ["Nhiệm vụ"], ["Sản phẩm"], ["Cơ quan chủ trì"], ["Thời gian"]]
SURE = [95.0] * 5


def _row(*cells: str, conf: list[float | None] | None = SURE) -> Row:
    return Row(cells=[[c] if c else [] for c in cells], spans=[1] * len(cells), confidence=conf)


def _table(*rows: Row, scanned: bool = True) -> Table:
    header = Row(cells=HEADER, spans=[1] * 5, confidence=SURE if scanned else None)
    return Table(rows=[header, *rows])


def _codes(*tables: Table) -> list[str | None]:
    return [t.code for t in tasks_from_tables(list(tables), year=2022)[1]]


def test_a_header_word_wrapped_in_a_narrow_column_is_still_the_number_column():
    assert column_role("ST T") == "stt"
    assert column_role("S T T") == "stt"


def test_a_number_wrapped_in_its_column_is_one_number():
    table = _table(
        _row("1.9", "Việc chín", "Báo cáo", "Phòng Nội vụ", "Quý I"),
        _row("1.1 0", "Việc mười", "Kế hoạch", "Phòng Nội vụ", "Quý II"),
    )
    assert _codes(table) == ["1.9", "1.10"]


def test_a_scanned_number_that_breaks_the_sequence_is_the_next_one():
    rows = [
        _row("1.1", "Việc một", "Kế hoạch", "Phòng Nội vụ", "Quý I"),
        _row("1.5", "Việc hai", "Kế hoạch", "Phòng Nội vụ", "Quý I"),  # 3 read as 5
        _row("1.Ð", "Việc ba", "Kế hoạch", "Phòng Nội vụ", "Quý I"),  # not even a digit
    ]
    assert _codes(_table(*rows)) == ["1.1", "1.2", "1.3"]


def test_a_typed_table_keeps_its_numbers_as_printed():
    rows = [
        _row("1.1", "Việc một", "Kế hoạch", "Phòng Nội vụ", "Quý I", conf=None),
        _row("1.5", "Việc năm", "Kế hoạch", "Phòng Nội vụ", "Quý I", conf=None),
    ]
    assert _codes(_table(*rows, scanned=False)) == ["1.1", "1.5"]


def test_a_row_broken_over_a_page_break_is_joined_back():
    first = _table(_row("1.1", "Xây dựng kế hoạch công tác", "Kế hoạch", "Phòng Văn hóa -", "Quý I"))
    second = _table(_row("", "thông tin, tuyên truyền", "", "thông tin", ""))
    joined = join_tables(first, second)
    assert len(joined.rows) == 2
    assert joined.rows[1].cells[1] == ["Xây dựng kế hoạch công tác", "thông tin, tuyên truyền"]


def test_a_merged_lead_cell_printed_once_carries_over_the_page_break():
    first = _table(_row("2.2", "Theo dõi văn bản", "Báo cáo", "Phòng Tư pháp", "Quý I"))
    second = _table(
        _row("2.3", "Theo dõi thi hành pháp luật", "Báo cáo", "", "Năm 2022"),
        _row("2.4", "Rà soát văn bản", "Công văn", "", "Năm 2022"),
        _row("2.5", "Phân cấp", "Báo cáo", "Phòng Nội vụ", "Năm 2022"),
    )
    leads = [r.cell_text(3) for r in join_tables(first, second).rows[1:]]
    assert leads == ["Phòng Tư pháp", "Phòng Tư pháp", "Phòng Tư pháp", "Phòng Nội vụ"]


def test_a_header_repeated_with_a_misread_word_is_dropped_at_the_join():
    first = _table(_row("1.1", "Việc một", "Kế hoạch", "Phòng Nội vụ", "Quý I"))
    again = Row(
        cells=[["ST"], ["Nhiệm vụ"], ["Sản phẩm"], ["Cơ quan chủ trì"], ["Thời gian"]], confidence=SURE
    )
    second = Table(rows=[again, _row("1.2", "Việc hai", "Kế hoạch", "Phòng Nội vụ", "Quý II")])
    assert [r.cell_text(0) for r in join_tables(first, second).rows] == ["STT", "1.1", "1.2"]


def test_cells_read_with_low_confidence_are_named_in_the_task_source():
    shaky = _row("1.1", "Việc một", "Kế hoạch", "Phòng Nộì vụ", "Quý I", conf=[95, 96, 94, 41, 93])
    (task,) = tasks_from_tables([_table(shaky)], year=2022)[1]
    assert task.to_dict()["source_ref"]["low_confidence"] == ["lead"]


def test_a_misread_roman_heading_is_the_next_section():
    paragraphs = [
        "I. MỤC ĐÍCH",
        "Nội dung.",
        "II. NHIỆM VỤ",
        "Nội dung.",
        "TIT. TỔ CHỨC THỰC HIỆN",
        "Nội dung.",
    ]
    root = build_outline([Paragraph(t, SourceRef(line_start=i + 1)) for i, t in enumerate(paragraphs)])
    assert [(n.label, n.text) for n in root.children] == [
        ("I", "MỤC ĐÍCH"),
        ("II", "NHIỆM VỤ"),
        ("III", "TỔ CHỨC THỰC HIỆN"),
    ]


def test_a_sentence_starting_like_a_numeral_is_not_a_heading():
    paragraphs = ["I. MỤC ĐÍCH", "II. NHIỆM VỤ", "Tổ chức thực hiện tốt: các nhiệm vụ."]
    root = build_outline([Paragraph(t, SourceRef(line_start=i + 1)) for i, t in enumerate(paragraphs)])
    assert [n.label for n in root.children] == ["I", "II"]

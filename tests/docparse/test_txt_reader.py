"""The txt reader: pasted web text → paragraphs and tables."""

import json
from pathlib import Path

import pytest

from cchc.docparse.blocks import Paragraph, Table
from cchc.docparse.readers.line_cells import STT_CODE
from cchc.docparse.readers.txt import read_lines, read_txt
from cchc.docparse.task_fields import products_of, strip_bullet, title_text

DATA = Path(__file__).resolve().parent.parent / "data"


def _paras(lines):
    return [b.text for b in read_lines(lines) if isinstance(b, Paragraph)]


def _seed(prefix: str) -> tuple[list, dict]:
    path = next((DATA / "seeds").glob(f"{prefix}_*.txt"))
    gold = json.loads((DATA / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    return read_txt(path.read_bytes()), gold


def test_page_chrome_and_metadata_preamble_are_dropped():
    lines = [
        "Hệ thống pháp luật",
        "Đang tải nội dung, vui lòng chờ giây lát...",
        "Lượt xem: 1234",
        "Số hiệu: 19/KH-UBND",
        "Loại văn bản: Kế hoạch",
        "Người ký: Trần Phi Long",
        "",
        "ỦY BAN NHÂN DÂN QUẬN 11",
        "-------",
        "Số: 19/KH-UBND",
        "Loại văn bản: giữ lại vì đã vào văn bản",
    ]
    assert _paras(lines) == [
        "ỦY BAN NHÂN DÂN QUẬN 11",
        "Số: 19/KH-UBND",
        "Loại văn bản: giữ lại vì đã vào văn bản",
    ]


def test_markdown_headings_bold_and_emphasis():
    blocks = read_lines(
        ["## KẾ HOẠCH", "### **III. TỔ CHỨC THỰC HIỆN**", "Chữ *nghiêng* và **đậm** giữa câu."]
    )
    assert [b.text for b in blocks] == ["KẾ HOẠCH", "III. TỔ CHỨC THỰC HIỆN", "Chữ nghiêng và đậm giữa câu."]
    assert [b.bold for b in blocks] == [False, True, False]


def test_glued_emphasis_runs_keep_their_words_apart():
    assert _paras(["**CHỦ TỊCH*****Nơi nhận:***"]) == ["CHỦ TỊCH Nơi nhận:"]


def test_emphasis_inside_a_word_joins_its_letters():
    assert _paras(["Hà Nội, ngày 21 tháng 11 n**ă**m 2025"]) == ["Hà Nội, ngày 21 tháng 11 năm 2025"]
    assert _paras(["**Quy ****định chi tiết v****à hư****ớng dẫn**"]) == ["Quy định chi tiết và hướng dẫn"]
    assert _paras(["Căn cứ Nghị định số **1**04/2012/NĐ-CP"]) == ["Căn cứ Nghị định số 104/2012/NĐ-CP"]


def test_missing_space_and_caron_breve():
    assert _paras(["Căn cứ Kế hoạch số 263/KH-UBNDngày 12 tháng 3 nǎm 2023"]) == [
        "Căn cứ Kế hoạch số 263/KH-UBND ngày 12 tháng 3 năm 2023"
    ]


def test_broken_lines_are_joined_but_real_lines_are_not():
    lines = [
        "b) Tăng cường kiểm tra, góp phần nâng cao Chỉ số CCHC của quận",
        "trong năm 2023.",
        "c) đẩy mạnh tuyên truyền",
        "Đảm bảo 100% cán bộ đạt chuẩn theo quy",
        "",
        "định; đối với các trường hợp khác.",
        "Kính gửi:",
        "- các cơ quan",
        "ỦY BAN NHÂN DÂN",
        "QUẬN GÒ VẤP",
    ]
    assert _paras(lines) == [
        "b) Tăng cường kiểm tra, góp phần nâng cao Chỉ số CCHC của quận trong năm 2023.",
        "c) đẩy mạnh tuyên truyền",
        "Đảm bảo 100% cán bộ đạt chuẩn theo quy định; đối với các trường hợp khác.",
        "Kính gửi:",
        "- các cơ quan",
        "ỦY BAN NHÂN DÂN",
        "QUẬN GÒ VẤP",
    ]


def test_paragraph_source_lines():
    blocks = read_lines(["", "Dòng đầu chưa hết câu", "còn tiếp.", "", "Đoạn hai."])
    assert [(b.ref.line_start, b.ref.line_end) for b in blocks] == [(2, 3), (5, 5)]


def test_seed_001_rows_after_page_split_merging():
    blocks, gold = _seed("001")
    table = next(b for b in blocks if isinstance(b, Table))
    body = table.rows[1:]
    sections = [r for r in body if not any(r.cells[2:])]
    tasks = [r for r in body if any(r.cells[2:])]
    assert (len(tasks), len(sections)) == (65, 9)
    assert [r.cell_text(0) for r in tasks] == [t["code"] for t in gold["tasks"]]
    assert [title_text(r.cells[1]) for r in tasks] == [t["title"] for t in gold["tasks"]]
    assert [products_of(r.cells[2]) for r in tasks] == [t["products"] for t in gold["tasks"]]


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_seed_one_cell_per_line_rows_match_gold_cells(prefix):
    blocks, gold = _seed(prefix)
    table = next(b for b in blocks if isinstance(b, Table))
    tasks = [r for r in table.rows[1:] if any(r.cells[2:])]
    assert len(tasks) == len(gold["tasks"])
    for row, task in zip(tasks, gold["tasks"], strict=True):
        assert title_text(row.cells[1]) in ("", task["title"])
        assert products_of(row.cells[2]) == task["products"]
        deadline = " ".join(strip_bullet(p) for p in row.cells[5])
        assert deadline == task["deadline"]["text"]
        if row.cells[3]:
            assert (
                " ".join(strip_bullet(p) for p in row.cells[3]).replace(";", ",")[:12] == task["lead"][0][:12]
            )


def test_seed_002_placeholder_cells_and_continuation_rows():
    blocks, _ = _seed("002")
    table = next(b for b in blocks if isinstance(b, Table))
    codes = [r.cell_text(0) for r in table.rows[1:]]
    assert codes[:2] == ["I", "1"]
    assert codes.count("") == 2 and codes.count("-") == 2
    assert all(STT_CODE.match(c) for c in codes if c)


def test_no_table_seeds_have_no_table():
    for prefix in ("003", "004"):
        blocks, _ = _seed(prefix)
        assert not any(isinstance(b, Table) for b in blocks)


def test_capitalised_place_glued_to_the_number_symbol_is_spaced():
    assert _paras(["Số: 07/CT-UBNDBến Thành, ngày 20 tháng 10 năm 2025"]) == [
        "Số: 07/CT-UBND Bến Thành, ngày 20 tháng 10 năm 2025"
    ]
    assert _paras(["Ứng dụng VNeID và PAR INDEX"]) == ["Ứng dụng VNeID và PAR INDEX"]

"""The Word reader on documents built from the seeds, and on odd or broken files."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from fixtures import (
    SEEDS,
    TABLE_SEEDS,
    build_docx,
    docx_cell,
    docx_package,
    docx_paragraph,
    docx_table,
    expected_paragraphs,
    expected_table_rows,
    seed,
    table_rows,
)

from cchc.docparse.blocks import Paragraph, Table
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers.docx import read_docx


def _paragraphs(blocks):
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def _tables(blocks):
    return [b for b in blocks if isinstance(b, Table)]


@pytest.mark.parametrize("stem", SEEDS)
def test_paragraphs_follow_the_source_lines(stem):
    assert _paragraphs(read_docx(build_docx(stem))) == expected_paragraphs(stem)


def test_auto_numbered_roman_headings_get_their_labels():
    stem = SEEDS[0]
    assert any(line.roman for line in seed(stem).body)  # the fixture really uses numPr
    texts = _paragraphs(read_docx(build_docx(stem)))
    assert "I. MỤC TIÊU" in texts and any(t.startswith("IV. ") for t in texts)


@pytest.mark.parametrize("stem", SEEDS)
def test_header_is_a_two_column_table(stem):
    header = _tables(read_docx(build_docx(stem)))[0]
    s = seed(stem)
    left = [line for row in header.rows for line in row.cells[0]]
    assert left == s.issuer + s.number
    assert header.rows[-1].cells[1] == s.date


@pytest.mark.parametrize("stem", TABLE_SEEDS)
def test_split_task_table_is_one_table_with_one_row_per_task(stem):
    tables = _tables(read_docx(build_docx(stem)))
    assert len(tables) == 2  # header + task table (the two halves merged)
    rows = tables[1].rows
    gold = seed(stem).gold
    assert len(rows) == 1 + len(gold["sections"]) + len(gold["tasks"])
    assert [r.cells for r in rows] == expected_table_rows(stem)
    assert [r.ref.row for r in rows] == list(range(len(rows)))


@pytest.mark.parametrize("stem", TABLE_SEEDS)
def test_section_rows_span_all_columns_and_lead_cells_are_repeated(stem):
    rows = _tables(read_docx(build_docx(stem)))[1].rows
    kinds = [r.kind for r in table_rows(stem)]
    for row, kind in zip(rows, kinds, strict=True):
        assert row.spans == ([6] if kind == "section" else [1] * 6)
    tasks = [r for r, k in zip(rows, kinds, strict=True) if k == "task"]
    assert all(r.cell_text(3) for r, t in zip(tasks, seed(stem).gold["tasks"], strict=True) if t["lead"])


def test_merged_lead_cells_come_from_vmerge():
    # 000 has runs of tasks with the same lead: the docx holds them as vMerge continuations.
    xml = zipfile.ZipFile(io.BytesIO(build_docx(SEEDS[0]))).read("word/document.xml").decode()
    assert "<w:vMerge/>" in xml and 'w:gridSpan w:val="6"' in xml


def test_numbering_formats_and_levels():
    body = "".join(
        [
            docx_paragraph("Giao Phòng Nội vụ", num=(2, 0)),
            docx_paragraph("Rà soát", num=(2, 1)),
            docx_paragraph("Kiện toàn", num=(2, 1)),
            docx_paragraph("Kế hoạch", num=(2, 2)),
            docx_paragraph("Giao Văn phòng", num=(2, 0)),
            docx_paragraph("Tham mưu", num=(2, 1)),
            docx_paragraph("MỤC TIÊU", num=(1, 0)),
            docx_paragraph("NHIỆM VỤ", num=(1, 0)),
        ]
    )
    texts = _paragraphs(read_docx(docx_package(body)))
    assert texts == [
        "1. Giao Phòng Nội vụ",
        "a) Rà soát",
        "b) Kiện toàn",
        "- Kế hoạch",
        "2. Giao Văn phòng",
        "a) Tham mưu",
        "I. MỤC TIÊU",
        "II. NHIỆM VỤ",
    ]


def test_bold_only_when_every_run_is_bold():
    mixed = docx_paragraph("Đậm toàn bộ đoạn văn này", bold=True).replace("<w:rPr><w:b/></w:rPr>", "", 1)
    body = docx_paragraph("KẾ HOẠCH", bold=True) + docx_paragraph("thường") + mixed
    paras = [b for b in read_docx(docx_package(body)) if isinstance(b, Paragraph)]
    assert [p.bold for p in paras] == [True, False, False]


def test_soft_line_breaks_split_lines_and_cells_keep_their_paragraphs():
    para = "<w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t><w:br/><w:t>QUẬN 11</w:t></w:r></w:p>"
    table = docx_table(
        ["<w:tr>" + docx_cell(["- Kế hoạch", "- Báo cáo"], 2000) + docx_cell(["x"], 2000) + "</w:tr>"],
        (2000, 2000),
    )
    blocks = read_docx(docx_package(para + table))
    assert _paragraphs(blocks) == ["ỦY BAN NHÂN DÂN", "QUẬN 11"]
    assert _tables(blocks)[0].rows[0].cells == [["- Kế hoạch", "- Báo cáo"], ["x"]]


def test_different_consecutive_tables_stay_apart():
    t1 = docx_table(["<w:tr>" + docx_cell(["A"], 1000) + docx_cell(["B"], 1000) + "</w:tr>"], (1000, 1000))
    t2 = docx_table(["<w:tr>" + docx_cell(["C"], 1000) + docx_cell(["D"], 1000) + "</w:tr>"], (1000, 1000))
    assert len(_tables(read_docx(docx_package(t1 + t2)))) == 2


@pytest.mark.parametrize(
    "data, words",
    [
        (b"PK\x03\x04 not really a zip", "bị hỏng"),
        (b"", "bị hỏng"),
        (build_docx(SEEDS[4])[:3000], "bị hỏng"),
    ],
)
def test_corrupt_files_are_unreadable_with_a_vietnamese_message(data, words):
    with pytest.raises(UnreadableDocument) as err:
        read_docx(data)
    assert words in err.value.message


def test_broken_xml_and_missing_body():
    with pytest.raises(UnreadableDocument, match="bị hỏng"):
        read_docx(docx_package("<w:p><w:r><w:t>unclosed"))
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("word/other.xml", "<x/>")
    with pytest.raises(UnreadableDocument, match="không phải văn bản Word"):
        read_docx(package.getvalue())


def test_empty_document_says_there_is_no_text():
    with pytest.raises(UnreadableDocument, match="không có nội dung chữ"):
        read_docx(docx_package("<w:p/>"))


def test_encrypted_docx_asks_to_remove_the_password():
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 500
        + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 100
    )
    with pytest.raises(UnreadableDocument, match="mật khẩu"):
        read_docx(ole)


def _big_docx(target: int = 1_050_000) -> bytes:
    """A ~1 MB docx: a long task table of pseudo-random seed words (compresses like prose)."""
    rng = random.Random(7)
    words = " ".join(expected_paragraphs(SEEDS[0])).split()

    def rows(n: int) -> list[str]:
        cells = lambda: [docx_cell([" ".join(rng.choices(words, k=k))], 1500) for k in (1, 25, 6, 4, 8, 4)]  # noqa: E731
        return ["<w:tr>" + "".join(cells()) + "</w:tr>" for _ in range(n)]

    sample = len(docx_package(docx_table(rows(500), (1500,) * 6)))
    return docx_package(docx_table(rows(500 * target // sample + 1), (1500,) * 6))


def test_a_one_megabyte_docx_is_read_whole():
    # Its speed is measured by `cchc bench parse`, not asserted here.
    data = _big_docx()
    assert len(data) >= 1_000_000
    blocks = read_docx(data)
    assert len(_tables(blocks)[0].rows) > 1000

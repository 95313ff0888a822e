"""The HTML reader on saved web pages built from the seeds."""

from __future__ import annotations

import pytest
from fixtures import (
    SEEDS,
    SITE_FOOTER,
    SITE_MENU,
    SITE_SIDEBAR,
    TABLE_SEEDS,
    build_html,
    expected_paragraphs,
    expected_table_rows,
    table_rows,
)

from cchc.docparse.blocks import Paragraph, Table
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers.html import read_html


def _texts(blocks):
    out = []
    for b in blocks:
        out += [b.text] if isinstance(b, Paragraph) else [x for r in b.rows for c in r.cells for x in c]
    return out


@pytest.mark.parametrize("stem", SEEDS)
def test_paragraphs_follow_the_source_lines(stem):
    paras = [b.text for b in read_html(build_html(stem)) if isinstance(b, Paragraph)]
    assert paras == expected_paragraphs(stem)


@pytest.mark.parametrize("stem", SEEDS)
def test_menu_sidebar_footer_and_scripts_are_ignored(stem):
    text = " ".join(_texts(read_html(build_html(stem))))
    for chrome in [*SITE_MENU, *SITE_SIDEBAR, SITE_FOOTER, "quảng cáo", "Thư viện văn bản", "Đăng nhập"]:
        assert chrome not in text


@pytest.mark.parametrize("stem", TABLE_SEEDS)
def test_task_table_with_rowspan_and_colspan(stem):
    tables = [b for b in read_html(build_html(stem)) if isinstance(b, Table)]
    assert len(tables) == 2  # header table + the two halves merged
    rows = tables[1].rows
    assert [r.cells for r in rows] == expected_table_rows(stem)
    kinds = [r.kind for r in table_rows(stem)]
    assert [r.spans for r, k in zip(rows, kinds, strict=True) if k == "section"] == [[6]] * kinds.count(
        "section"
    )


def test_lists_breaks_bold_and_layout_tables():
    page = """<html><body><table><tr><td>
    <p><b>KẾ HOẠCH</b></p><p>dòng một<br>dòng hai</p>
    <ul><li>mục a</li><li><p>mục b</p></li></ul><ol start="3"><li>ba</li></ol>
    <table border=1><tr><th>A</th><th>B</th></tr>
    <tr><td rowspan=2>x</td><td>1</td></tr><tr><td>2</td></tr></table>
    </td></tr></table></body></html>"""
    blocks = read_html(page.encode())
    paras = [b for b in blocks if isinstance(b, Paragraph)]
    assert [p.text for p in paras] == ["KẾ HOẠCH", "dòng một", "dòng hai", "- mục a", "- mục b", "3. ba"]
    assert paras[0].bold and not paras[1].bold
    table = next(b for b in blocks if isinstance(b, Table))
    assert [r.cells for r in table.rows] == [[["A"], ["B"]], [["x"], ["1"]], [["x"], ["2"]]]


def test_xml_declaration_and_legacy_encoding():
    page = '<?xml version="1.0" encoding="utf-8"?><html><body><p>Độc lập</p></body></html>'
    assert [b.text for b in read_html(page.encode())] == ["Độc lập"]
    # Windows-1258 writes "ị" as "i" plus a combining dot below; NFC joins them again.
    legacy = "<html><body><p>Đơn vi\u0323</p></body></html>".encode("cp1258")
    assert next(b.text for b in read_html(legacy)) == "Đơn vị"


@pytest.mark.parametrize(
    "page", [b"<html><body><nav>menu</nav></body></html>", b"<html></html>", b"\x00\x01"]
)
def test_pages_without_content_are_unreadable(page):
    with pytest.raises(UnreadableDocument):
        read_html(page)

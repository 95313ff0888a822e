"""Scanned documents read by OCR: rulings → cells, a missing Tesseract, and the quality bar.

The quality bar is the one an office meets in practice: a seed printed from Word, scanned
at 300 dpi in black and white, and uploaded as a PDF with no text layer must parse to the
seed's gold with task F1 ≥ 0.90 and header F1 ≥ 0.95.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from fixtures import DATA, SEEDS, build_docx, build_table_excerpt_docx
from PIL import Image, ImageDraw
from scans import image_pdf, needs, scanned
from seed_outline import planscore

from cchc.docparse import UnreadableDocument, parse
from cchc.docparse.readers import ocr_engine
from cchc.docparse.readers.ocr_rulings import table_cells

# A short công văn (lettered duties) and a ward plan without a table.
ROUND_TRIP_SEEDS = [s for s in SEEDS if s[:3] in ("003", "004")]


def _grid(width: int = 1200, height: int = 900) -> np.ndarray:
    """A page with a 3×3 ruled table whose first row is one merged cell, and a lone rule."""
    dark = np.zeros((height, width), dtype=bool)
    for y in (100, 200, 300, 400):
        dark[y : y + 3, 100:1000] = True
    for x in (100, 1000):
        dark[100:403, x : x + 3] = True
    for x in (400, 700):
        dark[200:403, x : x + 3] = True  # no inner rule in the first row: merged across
    dark[700:702, 100:900] = True  # a rule under the signature: not a table
    return dark


def test_rulings_give_cells_and_a_merged_row():
    (cells,) = table_cells(_grid())
    assert len(cells) == 7
    widths = sorted(x1 - x0 for x0, _, x1, _ in cells)
    assert widths[-1] >= 890  # the first row is one cell across the table
    assert sum(1 for _, top, _, _ in cells if top < 150) == 1


def test_a_page_without_rulings_has_no_table():
    dark = np.zeros((900, 1200), dtype=bool)
    dark[100:103, 100:900] = True
    assert table_cells(dark) == []


def test_without_tesseract_the_message_says_how_to_install(monkeypatch):
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    page = Image.new("1", (850, 1100), 1)
    with pytest.raises(UnreadableDocument) as err:
        parse(image_pdf([page]), filename="ban-quet.pdf")
    assert err.value.message == ocr_engine.NOT_INSTALLED
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-vie" in err.value.message


def test_a_blank_scan_says_nothing_was_recognised():
    needs("tesseract")
    page = Image.new("1", (2480, 3508), 1)
    ImageDraw.Draw(page).rectangle((300, 300, 2000, 3000), fill=0)
    with pytest.raises(UnreadableDocument, match="Không nhận dạng được chữ"):
        parse(image_pdf([page]), filename="ban-quet.pdf")


def test_a_broken_image_is_refused_with_a_message():
    png = io.BytesIO()
    Image.new("L", (10, 10)).save(png, format="PNG")
    with pytest.raises(UnreadableDocument, match="ảnh bị hỏng"):
        parse(png.getvalue()[:40], filename="anh.png")


def _f1(gold: dict, parsed: dict, kind: str) -> float:
    scorer = planscore()
    return scorer.f1(*scorer.score_doc(gold, parsed)[kind])


@pytest.mark.parametrize("stem", ROUND_TRIP_SEEDS, ids=lambda s: s[:3])
def test_a_scanned_print_of_a_seed_parses_to_its_gold(stem):
    needs("soffice", "tesseract")
    gold = json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    pages = []
    parsed = parse(
        scanned(build_docx(stem)), filename="ban-quet.pdf", progress=lambda d, n: pages.append((d, n))
    )
    result = parsed.to_dict()
    assert pages and pages[-1][0] == pages[-1][1]  # every page reported
    assert _f1(gold, result, "task") >= 0.90
    assert _f1(gold, result, "doc") >= 0.95


def test_a_scanned_ruled_task_table_is_read_cell_by_cell():
    needs("soffice", "tesseract")
    docx, gold = build_table_excerpt_docx(SEEDS[0], sections=2)
    result = parse(scanned(docx), filename="ban-quet.pdf").to_dict()
    assert _f1(gold, result, "task") >= 0.90
    assert [s["code"] for s in result["sections"]] == [s["code"] for s in gold["sections"]]
    refs = [t.get("source_ref", {}) for t in result["tasks"]]
    assert all("table" in r for r in refs)  # from the ruled table, not from running text

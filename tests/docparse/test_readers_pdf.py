"""The PDF reader on PDFs built from the seeds (reportlab), and on scans and broken files."""

from __future__ import annotations

import functools
import io
import re

import pytest
from fixtures import build_docx, build_pdf, expected_paragraphs, seed
from scans import needs

from cchc.docparse.blocks import Paragraph, Table
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers.docx import read_docx
from cchc.docparse.readers.pdf import read_pdf

TABLE_SEED = "002_ccb51e7cc21fb8ad"  # the smallest seed with a task table: pdfplumber is slow
TEXT_SEED = "003_22232acf49f52acb"


@functools.cache
def _read(stem: str):
    return read_pdf(build_pdf(stem))


def _squash(text: str) -> str:
    # Table cells wrap long words (URLs) without a space: compare without whitespace.
    return re.sub(r"\s+", "", text)


def test_task_table_equals_the_docx_table_cell_for_cell():
    pdf_tables = [b for b in _read(TABLE_SEED) if isinstance(b, Table)]
    docx_table = [b for b in read_docx(build_docx(TABLE_SEED)) if isinstance(b, Table)][-1]
    assert len(pdf_tables) == 1  # continued over pages with the header repeated: one table
    got = [[_squash(" ".join(c)) for c in r.cells] for r in pdf_tables[0].rows]
    want = [[_squash(" ".join(c)) for c in r.cells] for r in docx_table.rows]
    assert got == want
    assert [r.spans for r in pdf_tables[0].rows] == [r.spans for r in docx_table.rows]


def test_products_stay_separate_paragraphs_in_cells():
    rows = next(b for b in _read(TABLE_SEED) if isinstance(b, Table)).rows
    multi = [r.cells[2] for r in rows if len(r.cells) == 6 and len(r.cells[2]) > 1]
    assert multi and all(p.startswith("- ") for cell in multi for p in cell)


@pytest.mark.parametrize("stem", [TABLE_SEED, TEXT_SEED])
def test_body_text_comes_in_order_without_page_numbers(stem):
    paras = [b.text for b in _read(stem) if isinstance(b, Paragraph)]
    assert _squash(" ".join(expected_paragraphs(stem))) in _squash(" ".join(paras))
    assert not any(re.fullmatch(r"\d{1,3}", p) for p in paras)


def test_two_column_header_reads_left_column_first():
    paras = [b.text for b in _read(TEXT_SEED) if isinstance(b, Paragraph)]
    s = seed(TEXT_SEED)
    assert paras[: len(s.issuer)] == s.issuer
    assert paras.index(s.number[0]) < paras.index(s.motto[0])


def _scan_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    c.rect(50, 50, 400, 600, fill=1)  # an image-like page: drawing, no text
    c.showPage()
    c.save()
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", strength=128)
    c = canvas.Canvas(buffer, encrypt=enc)
    c.drawString(100, 700, "Ke hoach")
    c.save()
    return buffer.getvalue()


def test_a_pdf_without_a_text_layer_goes_to_ocr_which_finds_no_text():
    needs("tesseract")
    with pytest.raises(UnreadableDocument, match="Không nhận dạng được chữ trên trang 1"):
        read_pdf(_scan_pdf())


def test_encrypted_pdf():
    with pytest.raises(UnreadableDocument, match="mật khẩu"):
        read_pdf(_encrypted_pdf())


@pytest.mark.parametrize("data", [b"%PDF-1.4\n garbage", build_pdf(TEXT_SEED)[:2000], b"%PDF"])
def test_broken_pdf(data):
    with pytest.raises(UnreadableDocument) as err:
        read_pdf(data)
    assert "PDF" in err.value.message

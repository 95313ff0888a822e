"""PDF documents with a text layer (pdfplumber).

Per page: tables found by their ruling lines become `Table`s (`pdf_tables`); the text
outside them becomes logical lines (`pdf_layout`) handed to `txt.read_lines`, which also
rebuilds tables printed without rulings. A table continuing on the next page (header row
repeated, or the same number of columns right at the top of the page) is merged into one.
Scanned PDFs (no text layer), password-protected and broken files are UnreadableDocument.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pdfplumber
from pdfplumber.page import Page

from cchc.docparse.blocks import Block, Paragraph, Row, SourceRef, Table
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers.pdf_layout import page_lines
from cchc.docparse.readers.pdf_tables import BBox, table_rows
from cchc.docparse.readers.table_grid import continues, join_tables, merge_continued_tables
from cchc.docparse.readers.txt import read_lines

NO_TEXT = (
    "Tệp PDF không có lớp chữ (bản quét) nên không đọc được nội dung: hãy dùng bản PDF có chữ hoặc bản Word."
)
ENCRYPTED = (
    "Tệp PDF được đặt mật khẩu nên không đọc được; hãy bỏ mật khẩu hoặc dùng bản Word rồi tải lên lại."
)
BROKEN = (
    "Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được. Hãy xuất lại PDF (hoặc dùng bản Word) rồi tải lên."
)
_MIN_CHARS = 20  # fewer visible characters than this in the whole file: a scan


def read_pdf(data: bytes) -> list[Block]:
    """Blocks of a PDF with a text layer; raises UnreadableDocument otherwise."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise UnreadableDocument(ENCRYPTED if _is_password_error(exc) else BROKEN) from None
    visible = sum(len(text.strip()) for items in pages for kind, text in items if kind == "text")
    visible += sum(1 for items in pages for kind, _ in items if kind == "table")
    if visible < _MIN_CHARS:
        raise UnreadableDocument(NO_TEXT)
    return merge_continued_tables(_blocks(_join_pages(pages)))


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(5):  # pdfplumber wraps pdfminer's exception
        if seen is None:
            break
        name = type(seen).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__ or (seen.args[0] if seen.args else None)
        if not isinstance(seen, BaseException):
            break
    return False


def _page_items(page: Page) -> list[tuple[str, object]]:
    """("text", line) and ("table", Table) items of a page, top to bottom."""
    # Without any drawn line or box there is no ruled table: skip the costly search.
    ruled = bool(page.lines or page.rects or page.curves)
    tables = [t for t in page.find_tables() if t.cells] if ruled else []
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, b) for b in boxes)) if boxes else page
    words = outside.extract_words(extra_attrs=["size"], keep_blank_chars=False)
    items: list[tuple[float, str, object]] = []
    top = 0.0
    for seg in page_lines(words, float(page.width), float(page.height)):
        # Lines come in reading order (left column before right): keep it when sorting.
        top = max(top, seg.top)
        items.append((top, "text", seg.text))
    chars = page.chars
    for t in tables:
        rows = table_rows(t, chars)
        if rows:
            items.append((t.bbox[1], "table", Table(rows=rows)))
    return [(kind, value) for _, kind, value in sorted(items, key=lambda it: it[0])]


def _inside(obj: dict, box: BBox) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _join_pages(pages: list[list[tuple[str, object]]]) -> list[tuple[str, object]]:
    """Page items in order, a table continued at the top of the next page merged."""
    out: list[tuple[str, object]] = []
    for items in pages:
        if out and items and out[-1][0] == "table" and items[0][0] == "table":
            first, second = out[-1][1], items[0][1]
            if continues(first, second, same_width=True):
                out[-1] = ("table", join_tables(first, second))
                items = items[1:]
        out += items
    return out


def _blocks(items: list[tuple[str, object]]) -> list[Block]:
    blocks: list[Block] = []
    run: list[str] = []
    offset = 0
    for kind, value in [*items, ("end", None)]:
        if kind == "text":
            run.append(value)
            continue
        if run:
            blocks += [_shift(b, offset) for b in read_lines(run)]
            offset += len(run)
            run = []
        if kind == "table":
            blocks.append(value)
    return blocks


def _shift(block: Block, offset: int) -> Block:
    """A block from read_lines with its line numbers counted from the document start."""
    if isinstance(block, Paragraph):
        return replace(block, ref=_shift_ref(block.ref, offset))
    if isinstance(block, Table):
        rows = [Row(r.cells, _shift_ref(r.ref, offset), r.spans) for r in block.rows]
        return Table(rows=rows, ref=_shift_ref(block.ref, offset))
    return block


def _shift_ref(ref: SourceRef, offset: int) -> SourceRef:
    return replace(
        ref,
        line_start=None if ref.line_start is None else ref.line_start + offset,
        line_end=None if ref.line_end is None else ref.line_end + offset,
    )

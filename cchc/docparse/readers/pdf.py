"""PDF documents with a text layer (pdfplumber).

Per page: tables found by their ruling lines become `Table`s (`pdf_tables`); the text
outside them becomes logical lines (`pdf_layout`) handed to `txt.read_lines`, which also
rebuilds tables printed without rulings. A table continuing on the next page (header row
repeated, or the same number of columns right at the top of the page) is merged into one.
A PDF without a text layer is a scan and is read by OCR (`scan`); password-protected and
broken files are UnreadableDocument.
"""

from __future__ import annotations

import io

import pdfplumber
from pdfplumber.page import Page

from cchc.docparse.blocks import Block, Table
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers.page_blocks import PageItem, TextItem, items_to_blocks, join_pages
from cchc.docparse.readers.pdf_layout import page_lines
from cchc.docparse.readers.pdf_tables import BBox, table_rows
from cchc.docparse.readers.progress import Progress
from cchc.docparse.readers.table_grid import merge_continued_tables

ENCRYPTED = (
    "Tệp PDF được đặt mật khẩu nên không đọc được; hãy bỏ mật khẩu hoặc dùng bản Word rồi tải lên lại."
)
BROKEN = (
    "Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được. Hãy xuất lại PDF (hoặc dùng bản Word) rồi tải lên."
)
_MIN_CHARS = 20  # fewer visible characters than this in the whole file: a scan


def read_pdf(data: bytes, progress: Progress | None = None) -> list[Block]:
    """Blocks of a PDF: its text layer, or OCR for a scan; raises UnreadableDocument."""
    pages = _text_pages(data)
    visible = sum(len(i.text.strip()) if isinstance(i, TextItem) else 1 for items in pages for i in items)
    if visible < _MIN_CHARS:
        from cchc.docparse.readers.scan import read_scanned_pdf  # numpy work only for scans

        return read_scanned_pdf(data, progress=progress)
    return merge_continued_tables(items_to_blocks(join_pages(pages)))


def has_text_layer(data: bytes) -> bool:
    """Whether the PDF has text to read (pdfium counts characters without laying pages out);
    a broken or locked file counts as text, so that reading it gives the precise message."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return True
    try:
        chars = 0
        for page in pdf:
            chars += page.get_textpage().count_chars()
            if chars >= _MIN_CHARS:
                return True
        return False
    finally:
        pdf.close()


def _text_pages(data: bytes) -> list[list[PageItem]]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise UnreadableDocument(ENCRYPTED if _is_password_error(exc) else BROKEN) from None
    return pages


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


def _page_items(page: Page) -> list[PageItem]:
    """Text lines and tables of a page, top to bottom."""
    # Without any drawn line or box there is no ruled table: skip the costly search.
    ruled = bool(page.lines or page.rects or page.curves)
    tables = [t for t in page.find_tables() if t.cells] if ruled else []
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, b) for b in boxes)) if boxes else page
    words = outside.extract_words(extra_attrs=["size"], keep_blank_chars=False)
    items: list[tuple[float, PageItem]] = []
    top = 0.0
    for seg in page_lines(words, float(page.width), float(page.height)):
        # Lines come in reading order (left column before right): keep it when sorting.
        top = max(top, seg.top)
        items.append((top, TextItem(seg.text)))
    chars = page.chars
    for t in tables:
        rows = table_rows(t, chars)
        if rows:
            items.append((t.bbox[1], Table(rows=rows)))
    return [item for _, item in sorted(items, key=lambda it: it[0])]


def _inside(obj: dict, box: BBox) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]

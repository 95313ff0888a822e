"""Scanned documents (a PDF without a text layer, or PNG/JPEG/TIFF pages) read by OCR.

Each page is rendered at 300 dpi (pypdfium2 for PDF pages), recognised by Tesseract
(`ocr_engine`) and laid out like a PDF page with a text layer: ruled tables come from
the page image's rulings (`ocr_rulings`), their cells filled with the words whose centre
falls inside; the other words go through the same line and column logic as pdfplumber's
words (`pdf_layout`). Cells and paragraphs carry their OCR confidence so that the review
page can mark what a person should check against the original.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from statistics import median

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from cchc.docparse.blocks import Block, Table
from cchc.docparse.errors import UnreadableDocument
from cchc.docparse.readers import ocr_engine
from cchc.docparse.readers.ocr_engine import Word
from cchc.docparse.readers.ocr_rulings import Box, dark_pixels, ruling_mask, table_cells
from cchc.docparse.readers.page_blocks import PageItem, TextItem, items_to_blocks, join_pages
from cchc.docparse.readers.pdf import BROKEN
from cchc.docparse.readers.pdf_layout import page_lines
from cchc.docparse.readers.pdf_tables import paragraphs_from_lines, place_boxes
from cchc.docparse.readers.progress import Progress
from cchc.docparse.readers.table_grid import merge_continued_tables, rows_from_grid

DPI = 300
# Pages beyond this are not read: a plan is tens of pages; hundreds is a wrong file.
MAX_PAGES = 150
TOO_MANY_PAGES = "Bản quét có hơn %(max)s trang; hãy tách riêng phần kế hoạch rồi tải lên lại."
BAD_IMAGE = "Tệp ảnh bị hỏng hoặc không đọc được. Hãy quét hoặc chụp lại rồi tải lên."
_POINTS = 72 / DPI  # page coordinates in points, as pdfplumber gives them
_GRID_TOLERANCE = 8  # pixels: cell edges this close are one grid line
# A cell narrower than this share of the page is a numbering column (STT): read again on
# its own when the page-level pass found it empty.
_NARROW_CELL = 0.08


def read_scanned_pdf(data: bytes, progress: Progress | None = None) -> list[Block]:
    """Blocks of a PDF whose pages are images."""
    import pypdfium2 as pdfium  # only scans need it

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise UnreadableDocument(BAD_IMAGE) from None
    count = len(pdf)
    _check_count(count)

    def pages() -> Iterator[Image.Image]:
        for index in range(count):
            yield pdf[index].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")

    try:
        return _read(pages(), count, progress)
    except pdfium.PdfiumError:  # a page that cannot be rendered: a damaged file
        raise UnreadableDocument(BROKEN) from None
    finally:
        pdf.close()


def read_image(data: bytes, progress: Progress | None = None) -> list[Block]:
    """Blocks of a scanned page image (a multi-page TIFF gives several pages)."""
    try:
        image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError):
        raise UnreadableDocument(BAD_IMAGE) from None
    _check_count(count)

    def pages() -> Iterator[Image.Image]:
        for index in range(count):
            image.seek(index)
            yield _at_dpi(ImageOps.exif_transpose(image).convert("L"), image.info.get("dpi"))

    return _read(pages(), count, progress)


def check_image(data: bytes) -> None:
    """UnreadableDocument(BAD_IMAGE) unless the image's data can be decoded."""
    try:
        Image.open(io.BytesIO(data)).verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UnreadableDocument(BAD_IMAGE) from None


def _check_count(count: int) -> None:
    if count > MAX_PAGES:
        raise UnreadableDocument(TOO_MANY_PAGES % {"max": MAX_PAGES})


def _at_dpi(image: Image.Image, dpi: tuple[float, float] | None) -> Image.Image:
    """A photo or low-resolution scan scaled to about 300 dpi (Tesseract's best size)."""
    source = float(dpi[0]) if dpi and dpi[0] else None
    if source is None:  # a phone photo: assume an A4 page across the image's width
        source = image.width / 8.27
    scale = DPI / source
    if 0.8 <= scale <= 1.25:
        return image
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)


def _read(pages: Iterator[Image.Image], count: int, progress: Progress | None) -> list[Block]:
    layouts: list[_Layout] = []

    def pngs() -> Iterator[bytes]:
        # Tables come from the page as scanned; OCR reads it with the rules erased.
        for image in pages:
            gray = np.asarray(image)
            dark = dark_pixels(gray)
            clean = np.where(ruling_mask(dark), 255, gray).astype(np.uint8)
            tables = table_cells(dark)
            layouts.append(_Layout(gray.shape, tables, _narrow_crops(clean, tables)))
            yield _png(clean)

    words = ocr_engine.recognise(pngs(), count=count, progress=progress)
    items = [_page_items(layout, ws) for layout, ws in zip(layouts, words, strict=True)]
    blocks = merge_continued_tables(items_to_blocks(join_pages(items)))
    if not any(b.text.strip() if not isinstance(b, Table) else b.rows for b in blocks):
        raise UnreadableDocument(ocr_engine.FAILED % {"page": 1})
    return blocks


@dataclass
class _Layout:
    """What a page's image says before OCR: its size, ruled tables, and the crops of its
    narrow cells by (table, cell) index (PNG bytes, kept small instead of the page)."""

    shape: tuple[int, int]
    tables: list[list[Box]]
    crops: dict[tuple[int, int], bytes]


def _png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _narrow_crops(clean: np.ndarray, tables: list[list[Box]]) -> dict[tuple[int, int], bytes]:
    limit = clean.shape[1] * _NARROW_CELL
    return {
        (t, c): _png(clean[top:bottom, x0:x1])
        for t, boxes in enumerate(tables)
        for c, (x0, top, x1, bottom) in enumerate(boxes)
        if x1 - x0 < limit and bottom - top > 10
    }


def _page_items(layout: _Layout, words: list[Word]) -> list[PageItem]:
    """Text lines and tables of one page, top to bottom."""
    height, width = layout.shape
    tables = layout.tables
    outside, inside = _split_words(words, tables)
    _reread_empty(layout, inside)
    items: list[tuple[float, PageItem]] = []
    top = 0.0
    for seg in page_lines(_as_pdf_words(outside), width * _POINTS, height * _POINTS):
        top = max(top, seg.top)
        items.append((top, TextItem(seg.text, seg.conf)))
    for boxes, cell_words in zip(tables, inside, strict=True):
        table = _table(boxes, cell_words)
        if table is not None:
            items.append((min(b[1] for b in boxes) * _POINTS, table))
    return [item for _, item in sorted(items, key=lambda it: it[0])]


def _reread_empty(layout: _Layout, inside: list[list[list[Word]]]) -> None:
    """Read again, on their own, the narrow cells the page pass left empty."""
    for (t, c), png in layout.crops.items():
        if not inside[t][c]:
            x0, top = layout.tables[t][c][:2]
            inside[t][c] = [
                replace(w, left=w.left + x0, top=w.top + top) for w in ocr_engine.recognise_block(png)
            ]


def _split_words(words: list[Word], tables: list[list[Box]]) -> tuple[list[Word], list[list[list[Word]]]]:
    """Words outside every table, and per table the words of each of its cells."""
    inside = [[[] for _ in boxes] for boxes in tables]
    outside = []
    for word in words:
        cx, cy = word.left + word.width / 2, word.top + word.height / 2
        spot = _cell_of(tables, cx, cy)
        if spot is None:
            outside.append(word)
        else:
            inside[spot[0]][spot[1]].append(word)
    return outside, inside


def _cell_of(tables: list[list[Box]], x: float, y: float) -> tuple[int, int] | None:
    for t, boxes in enumerate(tables):
        for c, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= x <= x1 and top <= y <= bottom:
                return t, c
    return None


def _as_pdf_words(words: list[Word]) -> list[dict]:
    """OCR words as pdfplumber-like dicts (points). A line's words share its top and size,
    because accents make each word's own box a different height; a line about as high as
    the page's usual line takes the usual size, so that wrapped lines of one paragraph
    compare equal (the layout joins lines of the same size only)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    heights = {key: median(w.height for w in line) for key, line in lines.items()}
    usual = median(heights.values()) if heights else 0
    out = []
    for key, line in lines.items():
        top = median(w.top for w in line) * _POINTS
        bottom = median(w.bottom for w in line) * _POINTS
        height = usual if abs(heights[key] - usual) <= 0.3 * usual else heights[key]
        size = height * _POINTS
        for w in line:
            out.append(
                {
                    "text": w.text,
                    "x0": w.left * _POINTS,
                    "x1": w.right * _POINTS,
                    "top": top,
                    "bottom": bottom,
                    "size": size,
                    "conf": w.conf,
                }
            )
    return out


def _table(boxes: list[Box], cell_words: list[list[Word]]) -> Table | None:
    placed = place_boxes(boxes, tolerance=_GRID_TOLERANCE)
    for cell, words in zip(placed, cell_words, strict=True):
        cell.lines = paragraphs_from_lines(_cell_lines(words))
        cell.extra["confidence"] = sum(w.conf for w in words) / len(words) if words else None
    rows = [r for r in rows_from_grid(placed) if any(" ".join(c).strip() for c in r.cells)]
    return Table(rows=rows) if rows else None


def _cell_lines(words: list[Word]) -> list[str]:
    """The text lines of a cell, top to bottom (Tesseract's line numbering within the page)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    ordered = sorted(lines.values(), key=lambda ws: (median(w.top for w in ws), ws[0].left))
    return [" ".join(w.text for w in sorted(ws, key=lambda w: w.left)) for ws in ordered]

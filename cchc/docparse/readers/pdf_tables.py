"""Ruled PDF tables (pdfplumber `find_tables`) as grid rows with merged cells resolved.

pdfplumber gives each cell's bounding box; the grid lines are the distinct box edges, so a
box covering several columns is a column merge (one cell, `spans=[n]`) and a box covering
several rows is a row merge (repeated into each row), as for docx and html.
Characters are assigned to cells by their centre, which is linear in the page's characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from pdfplumber.table import Table as PdfTable
from pdfplumber.utils import extract_text

from cchc.docparse.blocks import Row
from cchc.docparse.readers.table_grid import GridCell, rows_from_grid
from cchc.docparse.text import clean_inline, collapse

_TOLERANCE = 2.0  # points: box edges closer than this are one grid line
# A cell line starting with a bullet or a list label starts a new paragraph of the cell.
_NEW_PARAGRAPH = re.compile(r"^\s*([-•+–·*]\s|[a-zđ]\)\s|\d+[.)]\s)")
# A bounding box: (x0, top, x1, bottom).
BBox = tuple[float, float, float, float]


def table_rows(table: PdfTable, chars: list[dict]) -> list[Row]:
    """Rows of a pdfplumber table; `chars` are the page's characters."""
    boxes = [b for b in table.cells if b[2] - b[0] > 1 and b[3] - b[1] > 1]
    if not boxes:
        return []
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    placed = [_place(b, xs, ys) for b in boxes]
    owner = {(r, c): cell for cell in placed for r, c in _covered(cell)}
    texts: dict[int, list[dict]] = {id(cell): [] for cell in placed}
    x0, top, x1, bottom = table.bbox
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom:
            cell = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
            if cell is not None:
                texts[id(cell)].append(ch)
    for cell in placed:
        cell.lines = cell_paragraphs(texts[id(cell)])
    return [r for r in rows_from_grid(placed) if any(collapse(" ".join(c)) for c in r.cells)]


def place_boxes(boxes: list[BBox], tolerance: float = _TOLERANCE) -> list[GridCell]:
    """Grid cells for cell boxes, in the order of `boxes` (the grid lines are their edges)."""
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    return [_place(b, xs, ys, tolerance) for b in boxes]


def _edges(values: list[float], tolerance: float = _TOLERANCE) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > tolerance:
            edges.append(v)
    return edges


def _index(edges: list[float], value: float, tolerance: float = _TOLERANCE) -> int:
    i = bisect_right(edges, value + tolerance) - 1
    return max(i, 0)


def _place(box: BBox, xs: list[float], ys: list[float], tolerance: float = _TOLERANCE) -> GridCell:
    col, row = _index(xs, box[0], tolerance), _index(ys, box[1], tolerance)
    colspan = max(_index(xs, box[2], tolerance) - col, 1)
    rowspan = max(_index(ys, box[3], tolerance) - row, 1)
    return GridCell(row=row, col=col, lines=[], rowspan=rowspan, colspan=colspan)


def _covered(cell: GridCell) -> Iterator[tuple[int, int]]:
    for r in range(cell.row, cell.row + cell.rowspan):
        for c in range(cell.col, cell.col + cell.colspan):
            yield r, c


def cell_paragraphs(chars: list[dict]) -> list[str]:
    """A cell's paragraphs: wrapped lines joined, a bullet line starting a new paragraph."""
    if not chars:
        return []
    return paragraphs_from_lines(extract_text(chars).split("\n"))


def paragraphs_from_lines(lines: list[str]) -> list[str]:
    """A cell's wrapped lines as paragraphs: a bullet or list label starts a new one."""
    paragraphs: list[str] = []
    for line in lines:
        line = clean_inline(line)
        if not line:
            continue
        if paragraphs and not _NEW_PARAGRAPH.match(line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs

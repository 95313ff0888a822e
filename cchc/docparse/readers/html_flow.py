"""Walk an HTML element in reading order into lines and tables.

Block elements end a line, <br> ends a line, list items become "- …" (or "1. …" in an
ordered list), real tables become `Table`s with rowspan repeated and colspan kept as one
cell (see `table_grid`); one-column tables and tables wrapping other tables are page
layout and are walked as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml.html import HtmlElement

from cchc.docparse.blocks import Block, Paragraph, SourceRef, Table
from cchc.docparse.readers.table_grid import GridCell, rows_from_grid
from cchc.docparse.text import clean_inline, collapse

BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section", "article",
    "main", "center", "address", "dd", "dt", "dl", "tr", "td", "th", "caption", "figure", "figcaption",
    "hr", "body", "html", "tbody", "thead", "tfoot",
}  # fmt: skip
BOLD_TAGS = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)
_BULLET = re.compile(r"^\s*[-•+–·]")
_MAX_SPAN = 200  # a colspan="9999" must not blow up the grid


def tag_of(el: HtmlElement) -> str:
    """Lower-case tag name ('' for comments and processing instructions)."""
    return el.tag.lower() if isinstance(el.tag, str) else ""


class Flow:
    """Collects lines (with bold flags) and tables from a walk, in order."""

    def __init__(self, on_line: Callable[[str, bool], None], on_table: Callable[[object], None]):
        self.on_line = on_line
        self.on_table = on_table
        self.segments: list[tuple[str, bool]] = []

    def text(self, text: str | None, bold: bool) -> None:
        """Add inline text to the current line."""
        if text:
            self.segments.append((text, bold))

    def flush(self) -> None:
        """End the current line (emitted only when it has text)."""
        line = clean_inline("".join(t for t, _ in self.segments))
        flags = [b for t, b in self.segments if t.strip()]
        self.segments = []
        if any(c.isprintable() and not c.isspace() and c != "\ufffd" for c in line):  # not binary junk
            self.on_line(line, bool(flags) and all(flags))

    def walk(self, el: HtmlElement, bold: bool = False) -> None:
        """Walk an element's content (not its tail)."""
        tag = tag_of(el)
        bold = bold or tag in BOLD_TAGS or bool(_BOLD_STYLE.search(el.get("style") or ""))
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.on_table(el)
            return
        if tag in ("ul", "ol"):
            self._list(el, bold, ordered=tag == "ol")
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        self.text(el.text, bold)
        for child in el:
            if tag_of(child):
                self.walk(child, bold)
            self.text(child.tail, bold)
        if block:
            self.flush()

    def _list(self, el: HtmlElement, bold: bool, *, ordered: bool) -> None:
        self.flush()
        number = _int(el.get("start"), 1)
        for child in el:
            if tag_of(child) != "li":
                if tag_of(child):
                    self.walk(child, bold)
                continue
            self._item(child, bold, f"{number}. " if ordered else "- ")
            number += 1
        self.flush()

    def _item(self, li: HtmlElement, bold: bool, prefix: str) -> None:
        # The prefix goes on the item's first line even when the text sits in a nested <p>.
        self.flush()
        emit = self.on_line
        first = True

        def prefixed(line: str, is_bold: bool) -> None:
            nonlocal first
            if first and not _BULLET.match(line):
                line = prefix + line
            first = False
            emit(line, is_bold)

        self.on_line = prefixed
        try:
            self.walk(li, bold)
            self.flush()
        finally:
            self.on_line = emit


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def lines_of(el: HtmlElement) -> list[str]:
    """The text lines of an element (nested tables flattened row by row)."""
    lines: list[str] = []
    flow = Flow(lambda line, _bold: lines.append(line), lambda table: lines.extend(_table_lines(table)))
    flow.walk(el)
    flow.flush()
    return lines


def _table_lines(table: HtmlElement) -> list[str]:
    return [line for row in rows_from_grid(grid_cells(table)) for cell in row.cells for line in cell]


def grid_cells(table: HtmlElement) -> list[GridCell]:
    """Cells of an HTML table on its grid, with rowspan/colspan (nested tables excluded)."""
    cells: list[GridCell] = []
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(_rows(table)):
        col = 0
        for td in (c for c in tr if tag_of(c) in ("td", "th")):
            while (r, col) in taken:
                col += 1
            rowspan = min(max(_int(td.get("rowspan"), 1), 1), _MAX_SPAN)
            colspan = min(max(_int(td.get("colspan"), 1), 1), _MAX_SPAN)
            cells.append(GridCell(row=r, col=col, lines=lines_of(td), rowspan=rowspan, colspan=colspan))
            taken.update((r + i, col + j) for i in range(rowspan) for j in range(colspan))
            col += colspan
    return cells


def _rows(table: HtmlElement) -> Iterator[HtmlElement]:
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tag_of(tr) == "tr")


def is_layout_table(table: HtmlElement) -> bool:
    """One column, or cells wrapping other tables: the page's layout, not a data table."""
    rows = list(_rows(table))
    widest = max((sum(1 for c in tr if tag_of(c) in ("td", "th")) for tr in rows), default=0)
    if widest <= 1:
        return True
    return any(tag_of(d) == "table" for tr in rows for td in tr for d in td.iter() if d is not td)


def html_blocks(container: HtmlElement) -> list[Block]:
    """Paragraphs and tables of a content element, in reading order."""
    blocks: list[Block] = []

    count = [0]

    def on_line(line: str, bold: bool) -> None:
        count[0] += 1
        n = count[0]
        blocks.append(Paragraph(line, SourceRef(line_start=n, line_end=n), bold=bold))

    def on_table(table: HtmlElement) -> None:
        if is_layout_table(table):
            for row in _rows(table):
                for td in row:
                    flow.walk(td)
            return
        rows = [r for r in rows_from_grid(grid_cells(table)) if any(collapse(" ".join(c)) for c in r.cells)]
        if rows:
            blocks.append(Table(rows=rows))

    flow = Flow(on_line, on_table)
    flow.walk(container)
    flow.flush()
    return blocks

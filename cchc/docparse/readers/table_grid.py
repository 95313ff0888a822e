"""Table grids shared by the docx, html and pdf readers.

Every reader describes a table as cells placed on a grid (row, column, row span,
column span). `rows_from_grid` turns that into `Row`s with one convention for all
formats:

- a cell merged across columns (docx gridSpan, html colspan, a pdf cell without inner
  rulings) is ONE cell whose `spans` entry is the number of grid columns it covers, so a
  section title across the whole table comes out as `cells=[[title]]`, `spans=[ncols]`;
- a cell merged down rows (docx vMerge, html rowspan) is REPEATED into every row it
  covers, because each task row needs its own lead unit.

`merge_continued_tables` joins a table split over pages (the same header row printed
again at the top of the second part) into one table, keeping the header once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cchc.docparse.blocks import Block, Row, SourceRef, Table
from cchc.docparse.readers.table_header import column_roles
from cchc.docparse.text import collapse


@dataclass
class GridCell:
    """A cell placed on the table grid (0-based row/col of its top-left corner)."""

    row: int
    col: int
    lines: list[str]
    rowspan: int = 1
    colspan: int = 1
    extra: dict = field(default_factory=dict)

    def covers(self, row: int, col: int) -> bool:
        """True when grid position (row, col) lies inside this cell."""
        return self.row <= row < self.row + self.rowspan and self.col <= col < self.col + self.colspan


def rows_from_grid(cells: list[GridCell]) -> list[Row]:
    """Rows for cells on a grid: column merges kept as one cell, row merges repeated."""
    if not cells:
        return []
    nrows = max(c.row + c.rowspan for c in cells)
    per_row: list[list[GridCell]] = [[] for _ in range(nrows)]
    for cell in cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            per_row[r].append(cell)
    return [_row(sorted(found, key=lambda c: c.col), r) for r, found in enumerate(per_row)]


def _row(found: list[GridCell], index: int) -> Row:
    cells: list[list[str]] = []
    spans: list[int] = []
    confidence: list[float | None] = []
    col = 0
    for cell in found:
        if cell.col < col:  # overlapping cells in a malformed table: keep the first
            continue
        # A hole in the grid (a row with fewer cells) keeps later cells in their columns.
        for _ in range(cell.col - col):
            cells.append([])
            spans.append(1)
            confidence.append(None)
        cells.append(list(cell.lines))
        spans.append(cell.colspan)
        confidence.append(cell.extra.get("confidence"))
        col = cell.col + cell.colspan
    recognised = confidence if any(c is not None for c in confidence) else None
    return Row(cells=cells, ref=SourceRef(row=index), spans=spans, confidence=recognised)


def row_key(row: Row) -> tuple[str, ...]:
    """A row's cell texts, whitespace-collapsed and case-folded, for comparing rows."""
    return tuple(collapse(" ".join(cell)).casefold() for cell in row.cells)


def width(table: Table) -> int:
    """Grid columns of a table (from its widest row)."""
    return max((sum(r.spans or [1] * len(r.cells)) for r in table.rows), default=0)


def is_header_like(row: Row) -> bool:
    """A row with at least two non-empty cells, none of them long: a plausible header."""
    texts = [t for t in row_key(row) if t]
    return len(texts) >= 2 and all(len(t) <= 80 for t in texts)


def continues(first: Table, second: Table, *, same_width: bool = False) -> bool:
    """True when `second` is the continuation of `first` (repeated header, or same width)."""
    if not first.rows or not second.rows:
        return False
    if is_header_like(first.rows[0]) and row_key(first.rows[0]) == row_key(second.rows[0]):
        return True
    return same_width and width(first) == width(second) and width(first) > 1


def join_tables(first: Table, second: Table) -> Table:
    """`first` with the rows of `second` appended, a repeated header row dropped, and a row
    broken over the page break (its rest at the top of the next page) joined back."""
    rows = list(second.rows)
    if rows and first.rows and _same_header(first.rows[0], rows[0]):
        rows = rows[1:]
    head = list(first.rows)
    if rows and head and _continues_row(head[-1], rows[0]):
        head[-1] = _joined_row(head[-1], rows.pop(0))
    if rows and head and rows[0].confidence is not None:
        rows = _merged_over_break(first.rows[0], head[-1], rows)
    return Table(rows=head + rows, ref=first.ref)


# Columns whose cells a table merges down rows (one lead unit for several tasks).
_MERGED_ROLES = ("lead", "support", "deadline")


def _merged_over_break(header: Row, above: Row, rows: list[Row]) -> list[Row]:
    """A scanned table prints a row-merged cell once, on the page where it starts: the
    blank lead (support, deadline) cells at the top of the next page are its rest."""
    roles = column_roles([" ".join(c) for c in header.cells])
    out = list(rows)
    for k, role in enumerate(roles):
        if role not in _MERGED_ROLES or k >= len(above.cells) or not above.cells[k]:
            continue
        for i, row in enumerate(out):
            if len(row.cells) != len(above.cells) or row.cells[k]:
                break
            cells = [list(c) for c in row.cells]
            cells[k] = list(above.cells[k])
            out[i] = replace(row, cells=cells)
    return out


def _same_header(header: Row, row: Row) -> bool:
    """`row` repeats `header`: the same text, or (read by OCR, a letter off here and there)
    the same column roles."""
    if row_key(row) == row_key(header):
        return True
    if row.confidence is None or not is_header_like(header):
        return False
    roles = column_roles([" ".join(c) for c in header.cells])
    again = column_roles([" ".join(c) for c in row.cells])
    if len(again) != len(roles) or sum(r is not None for r in roles) < 3:
        return False
    misread = sum(a != b for a, b in zip(roles, again, strict=True))
    return misread <= 1 and all(a == b or None in (a, b) for a, b in zip(roles, again, strict=True))


def _continues_row(above: Row, row: Row) -> bool:
    """The rest of `above` after a page break: same cells, no number of its own, and its
    first text goes on in lower case (the middle of a sentence)."""
    if len(row.cells) != len(above.cells) or len(row.cells) < 2 or any(p.strip() for p in row.cells[0]):
        return False
    texts = [" ".join(c).strip() for c in row.cells[1:] if " ".join(c).strip()]
    return bool(texts) and texts[0][:1].islower()


def _joined_row(above: Row, rest: Row) -> Row:
    cells = [list(a) + list(b) for a, b in zip(above.cells, rest.cells, strict=True)]
    return replace(above, cells=cells)


def drop_repeated_headers(table: Table) -> Table:
    """Remove copies of the header row inside a table (header rows repeated on each page)."""
    if len(table.rows) < 2 or not is_header_like(table.rows[0]):
        return table
    header = row_key(table.rows[0])
    first = table.rows[0].cells[0] if table.rows[0].cells else []
    # Cheap pre-check on the first cell before comparing whole rows (large tables).
    rows = [table.rows[0]] + [
        r for r in table.rows[1:] if (r.cells[:1] or [[]])[0] != first or row_key(r) != header
    ]
    return Table(rows=rows, ref=table.ref)


def merge_continued_tables(blocks: list[Block]) -> list[Block]:
    """Join adjacent tables that repeat the same header row; renumber table refs."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and out and isinstance(out[-1], Table) and continues(out[-1], block):
            out[-1] = join_tables(out[-1], block)
        else:
            out.append(block)
    return renumber_tables(out)


def renumber_tables(blocks: list[Block]) -> list[Block]:
    """Give tables and their rows document-order indexes in their refs."""
    out: list[Block] = []
    index = 0
    for block in blocks:
        if isinstance(block, Table):
            block = drop_repeated_headers(block)
            for i, row in enumerate(block.rows):
                ref = row.ref
                row.ref = SourceRef(ref.line_start, ref.line_end, index, i, ref.cell)
            block = Table(rows=block.rows, ref=replace(block.ref, table=index))
            index += 1
        out.append(block)
    return out

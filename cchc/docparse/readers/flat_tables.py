"""Tables flattened to text by legal-document websites, found among pasted lines.

Four flattenings are recognised:

- tab-separated rows (one row per line, cells split by tabs);
- markdown pipe tables (`| a | b |` with `|---|` rules);
- cells separated by lines holding a lone `|`, rows by blank lines;
- one cell per line with blank lines between (see `line_cells`), recognised by a run
  of header cells ("STT", "Nhiệm vụ cụ thể", "Sản phẩm" …) each on its own line.

A table split over pages repeats its header row; the repeat is dropped, and a row right
after it whose STT cell is blank continues the row before the break, cell by cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.docparse import vocab
from cchc.docparse.blocks import Row, SourceRef, Table
from cchc.docparse.readers.cell_text import cell_paragraphs, merge_cell
from cchc.docparse.readers.line_cells import rebuild_rows
from cchc.docparse.readers.table_header import column_role, column_roles, is_header_row
from cchc.docparse.readers.text_lines import Line

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BAR = "|"


@dataclass
class Region:
    """Lines[start:end] hold one table; `notes` are lines inside it that belong to no row
    (footnotes printed between the parts of a page-split table)."""

    start: int
    end: int
    table: Table
    notes: list[Line] = field(default_factory=list)


def find_tables(lines: list[Line]) -> list[Region]:
    """The tables among the lines, in order, without overlaps."""
    regions: list[Region] = []
    i = 0
    while i < len(lines):
        region = _table_at(lines, i)
        if region is None or region.end <= i:  # nothing consumed: not a table here
            i += 1
            continue
        regions.append(region)
        i = region.end
    return regions


def _table_at(lines: list[Line], i: int) -> Region | None:
    line = lines[i]
    if line.kind != "text":
        return None
    if "\t" in line.text.strip() and len(_tab_cells(line)) >= 2:
        return _tab_table(lines, i)
    if _PIPE_ROW.match(line.text) and not _PIPE_RULE.match(line.text):
        return _pipe_table(lines, i)
    if _bar_soon(lines, i):
        return _bar_table(lines, i)
    return _line_table(lines, i)


# --- tab-separated ---------------------------------------------------------------------


def _tab_cells(line: Line) -> list[str]:
    return line.text.strip("\r\n").split("\t")


def _tab_table(lines: list[Line], start: int) -> Region:
    raw: list[tuple[list[str], int, int]] = []
    notes: list[Line] = []
    i, end = start, start
    while i < len(lines):
        line = lines[i]
        if line.kind == "text" and "\t" in line.text:
            raw.append((_tab_cells(line), line.no, line.no))
            end = i + 1
        elif line.kind == "text" and raw and _tab_follows(lines, i):
            if lines[i - 1].kind == "text":  # a cell's second line, pasted without its tabs
                cells, first, _ = raw[-1]
                cells[-1] += "<br>" + line.text
                raw[-1] = (cells, first, line.no)
            else:  # set apart by a blank line: a footnote between table parts
                notes.append(line)
        elif line.kind == "text":
            break
        i += 1
    return Region(start, end, _assemble(raw), [n for n in notes if lines.index(n) < end])


def _tab_follows(lines: list[Line], i: int) -> bool:
    """A tab-less line inside a tab table continues the row before when a tab row follows."""
    for line in lines[i + 1 :]:
        if line.kind == "text":
            return "\t" in line.text
    return False


# --- markdown pipes and lone bars --------------------------------------------------------


def _pipe_table(lines: list[Line], start: int) -> Region:
    raw: list[tuple[list[str], int, int]] = []
    i = start
    while i < len(lines) and lines[i].kind == "text" and _PIPE_ROW.match(lines[i].text):
        if not _PIPE_RULE.match(lines[i].text):
            cells = re.split(r"(?<!\\)\|", lines[i].text.strip())[1:-1]
            raw.append(([c.replace("\\|", "|") for c in cells], lines[i].no, lines[i].no))
        i += 1
    return Region(start, i, _assemble(raw))


# Lines looked at for a lone bar after a table's first cell line.
_BAR_LOOKAHEAD = 6
# This many lines without a bar: the table has ended and running text goes on (a page
# without blank lines is otherwise one group from its first bar to its end).
_FREE_TEXT = 40


def _bar_soon(lines: list[Line], i: int) -> bool:
    """A lone bar within the next few lines of the same blank-line group."""
    for line in lines[i + 1 : i + _BAR_LOOKAHEAD]:
        if line.kind == "blank":
            return False
        if line.clean == _BAR:
            return True
    return False


def _bar_table(lines: list[Line], start: int) -> Region:
    """Cells separated by lines holding a lone "|", rows by blank lines or double bars.

    A task table's header row starts a table of its own: the cells before it (the page's
    header, a signature block) are a layout table, returned alone."""
    stop = _bar_region_end(lines, start)
    raw: list[tuple[list[str], int, int]] = []
    i, end = start, start
    while i < stop:
        group, j = _blank_group(lines, i, stop)
        if not group:
            i = j
            continue
        has_bar = any(ln.clean == _BAR for ln in group)
        if not has_bar and not _bar_group_follows(lines, j, stop):
            break
        raw.extend(_bar_rows(group))
        i = end = j
    raw = [part for row in raw for part in _split_at_header(row)]
    header = next((k for k, row in enumerate(raw) if _is_header_cells(row[0])), None)
    if header:  # not None, not 0
        raw, end = raw[:header], _index_of(lines, start, raw[header][1])
    return Region(start, end, _assemble(raw, wrapped=True))


def _split_at_header(row: tuple[list[str], int, int]) -> list[tuple[list[str], int, int]]:
    """A row whose last cells are a task table's header (the cells before it closed the
    layout table above with a single bar) as two rows."""
    cells, first, last = row
    if len(cells) < 4 or not _is_header_cells(cells):
        return [row]
    roles = column_roles([re.sub(r"<[^>]+>", " ", c).strip() for c in cells])
    k = next(i for i, role in enumerate(roles) if role)
    return [(cells[:k], first, first), (cells[k:], first, last)] if k else [row]


def _is_header_cells(cells: list[str]) -> bool:
    return is_header_row([re.sub(r"<[^>]+>", " ", c).strip() for c in cells])


def _index_of(lines: list[Line], start: int, no: int) -> int:
    """The index of the line numbered `no`, searching from `start`."""
    return next((k for k in range(start, len(lines)) if lines[k].no >= no), len(lines))


def _bar_region_end(lines: list[Line], start: int) -> int:
    """The index after the last bar before a stretch of running text (or the end)."""
    last = start
    for k in range(start, len(lines)):
        if lines[k].clean == _BAR:
            last = k
        elif k - last > _FREE_TEXT:
            return last + 1
    return len(lines)


def _blank_group(lines: list[Line], i: int, stop: int) -> tuple[list[Line], int]:
    """The non-blank lines from i up to the next blank line (or stop), and the index after them."""
    group = []
    while i < stop and lines[i].kind != "blank":
        group.append(lines[i])
        i += 1
    return group, (i if group else i + 1)


def _bar_group_follows(lines: list[Line], i: int, stop: int) -> bool:
    group, _ = _blank_group(lines, i, stop)
    while i < stop and not group:
        i += 1
        group, _ = _blank_group(lines, i, stop)
    return any(ln.clean == _BAR for ln in group)


def _bar_rows(group: list[Line]) -> list[tuple[list[str], int, int]]:
    """The rows of a group; several rows when the blank lines between rows were lost:
    two bars in a row end a row (legal-document sites print `|` after each cell and
    another at the end of the row), else rows of equal width (`_split_runs`)."""
    runs = _bar_runs(group)
    rows = _double_bar_rows(runs) or _split_runs(runs) or [runs]
    out = []
    for row in rows:
        nos = [ln.no for run in row for ln in run] or [group[0].no]
        out.append((["<br>".join(ln.text for ln in run) for run in row], min(nos), max(nos)))
    return out


def _bar_runs(group: list[Line]) -> list[list[Line]]:
    """The lines of each cell: the runs of text lines between lone bars."""
    runs: list[list[Line]] = [[]]
    for line in group:
        if line.clean == _BAR:
            runs.append([])
        else:
            runs[-1].append(line)
    return runs


def _double_bar_rows(runs: list[list[Line]]) -> list[list[list[Line]]] | None:
    """Rows split at empty runs (a bar right after a bar); None unless at least three rows."""
    rows: list[list[list[Line]]] = [[]]
    for run in runs:
        if run:
            rows[-1].append(run)
        elif rows[-1]:
            rows.append([])
    rows = [row for row in rows if row]
    return rows if len(rows) >= 3 else None


def _split_runs(runs: list[list[Line]]) -> list[list[list[Line]]] | None:
    """Rows of equal width when a run holds the last cell of one row and the first of the
    next (width = the position of the first such run + 1); None unless at least three
    rows come out all of that width."""
    first = next((k for k, run in enumerate(runs) if len(run) == 2), None)
    if not first:
        return None
    width, rows, current = first + 1, [], []
    for run in runs:
        if len(current) == width - 1 and len(run) == 2:
            rows.append([*current, run[:1]])
            current = [run[1:]]
            continue
        current.append(run)
    rows.append(current)
    if len(rows) < 3 or any(len(row) != width for row in rows):
        return None
    return rows


# --- one cell per line -----------------------------------------------------------------


def _line_table(lines: list[Line], start: int) -> Region | None:
    header = _header_run(lines, start)
    if header is None:
        return None
    end_pattern = re.compile(vocab.load("table_headers")["table_end_pattern"])
    body_start = header[-1] + 1
    end = body_start
    while end < len(lines) and not (lines[end].kind == "text" and end_pattern.match(lines[end].clean)):
        end += 1
    head = [lines[k] for k in header]
    head_row = Row([cell_paragraphs(h.text) for h in head], SourceRef(head[0].no, head[-1].no))
    rows = rebuild_rows(column_roles([h.clean for h in head]), lines[body_start:end])
    return Region(start, end, Table([head_row, *rows]))


def _header_run(lines: list[Line], start: int) -> list[int] | None:
    """Indexes of consecutive header-cell lines starting at `start` (blank lines between)."""
    run: list[int] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.kind == "text":
            if column_role(line.clean) is None:
                break
            run.append(i)
        elif line.kind == "empty":
            break
        i += 1
    if len(run) < 3 or not is_header_row([lines[k].clean for k in run]):
        return None
    return run


# --- rows → Table ------------------------------------------------------------------------


def _assemble(raw: list[tuple[list[str], int, int]], *, wrapped: bool = False) -> Table:
    """Rows from raw cell texts: the header kept once, page-split rows merged."""
    rows: list[Row] = []
    header: list[str] | None = None
    stt = 0
    after_header = False
    for cells, first, last in raw:
        texts = [re.sub(r"<[^>]+>", " ", c).strip() for c in cells]
        if is_header_row(texts):
            if header is None:
                header = texts
                stt = _stt_index(texts)
                rows.append(_row(cells, first, last, wrapped=wrapped))
            after_header = True
            continue
        row = _row(cells, first, last, wrapped=wrapped)
        if header is not None:
            row = _right_aligned(row, rows[-1], len(header), stt, inherit=len(rows) > 1)
        if after_header and len(rows) > 1 and not row.cell_text(stt):
            _merge_into(rows[-1], row)
        else:
            rows.append(row)
        after_header = False
    return Table(rows)


def _right_aligned(row: Row, above: Row, width: int, stt: int, *, inherit: bool) -> Row:
    """A row with fewer cells than the header: a section row (one or two cells, "A." and
    its title) is one cell across the table; a longer one lost its first cells to merges
    down from the row above (a site prints a merged cell once), so they are taken from
    there, except the number: the row is an item under the one above."""
    missing = width - len(row.cells)
    if missing <= 0:
        return row
    if len(row.cells) <= 2:
        text = " ".join(row.cell_text(k) for k in range(len(row.cells))).strip()
        return Row([[text]], row.ref, spans=[width])
    if not inherit or len(above.cells) != width or (above.spans and len(above.spans) == 1):
        return row
    inherited = [[] if k == stt else list(above.cells[k]) for k in range(missing)]
    return Row(inherited + row.cells, row.ref)


def _stt_index(header: list[str]) -> int:
    roles = column_roles(header)
    return roles.index("stt") if "stt" in roles else 0


def _row(cells: list[str], first: int, last: int, *, wrapped: bool = False) -> Row:
    """`wrapped`: the cell lines are the site's hard wraps, so a line going on in lower case
    is the same sentence as the line before."""
    paragraphs = [cell_paragraphs(c) for c in cells]
    if wrapped:
        paragraphs = [_unwrap(p) for p in paragraphs]
    return Row(paragraphs, SourceRef(line_start=first, line_end=last))


def _unwrap(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for text in paragraphs:
        if out and text[:1].islower() and not out[-1].rstrip().endswith((".", ";", ":", "!", "?")):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _merge_into(previous: Row, continued: Row) -> None:
    width = max(len(previous.cells), len(continued.cells))
    cells = previous.cells + [[] for _ in range(width - len(previous.cells))]
    for k, part in enumerate(continued.cells):
        cells[k] = merge_cell(cells[k], part)
    previous.cells = cells
    previous.ref = SourceRef(line_start=previous.ref.line_start, line_end=continued.ref.line_end)

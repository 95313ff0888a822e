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
    if any(ln.clean == _BAR for ln in _blank_group(lines, i)[0][1:6]):
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


def _bar_table(lines: list[Line], start: int) -> Region:
    """Cells separated by lines holding a lone "|", rows by blank lines."""
    raw: list[tuple[list[str], int, int]] = []
    i, end = start, start
    while i < len(lines):
        group, j = _blank_group(lines, i)
        if not group:
            i = j
            continue
        has_bar = any(ln.clean == _BAR for ln in group)
        if not has_bar and not _bar_group_follows(lines, j):
            break
        raw.extend(_bar_rows(group))
        i = end = j
    return Region(start, end, _assemble(raw))


def _blank_group(lines: list[Line], i: int) -> tuple[list[Line], int]:
    """The non-blank lines from i up to the next blank line, and the index after them."""
    group = []
    while i < len(lines) and lines[i].kind != "blank":
        group.append(lines[i])
        i += 1
    return group, (i if group else i + 1)


def _bar_group_follows(lines: list[Line], i: int) -> bool:
    group, _ = _blank_group(lines, i)
    while i < len(lines) and not group:
        i += 1
        group, _ = _blank_group(lines, i)
    return any(ln.clean == _BAR for ln in group)


def _bar_rows(group: list[Line]) -> list[tuple[list[str], int, int]]:
    """The rows of a group; several rows when the blank lines between rows were lost."""
    runs = _bar_runs(group)
    rows = _split_runs(runs) or [runs]
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


def _assemble(raw: list[tuple[list[str], int, int]]) -> Table:
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
                rows.append(_row(cells, first, last))
            after_header = True
            continue
        row = _row(cells, first, last)
        if after_header and rows[1:] and not row.cell_text(stt):
            _merge_into(rows[-1], row)
        else:
            rows.append(row)
        after_header = False
    return Table(rows)


def _stt_index(header: list[str]) -> int:
    roles = column_roles(header)
    return roles.index("stt") if "stt" in roles else 0


def _row(cells: list[str], first: int, last: int) -> Row:
    return Row([cell_paragraphs(c) for c in cells], SourceRef(line_start=first, line_end=last))


def _merge_into(previous: Row, continued: Row) -> None:
    width = max(len(previous.cells), len(continued.cells))
    cells = previous.cells + [[] for _ in range(width - len(previous.cells))]
    for k, part in enumerate(continued.cells):
        cells[k] = merge_cell(cells[k], part)
    previous.cells = cells
    previous.ref = SourceRef(line_start=previous.ref.line_start, line_end=continued.ref.line_end)

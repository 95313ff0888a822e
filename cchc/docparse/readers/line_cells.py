"""Rows of a table pasted one cell per line, where cell boundaries are invisible.

Each non-blank line is a cell or one paragraph of a cell; an empty cell is either
missing or a line holding only a non-breaking space. Rows are rebuilt from structure:

- a row starts with an STT line (1, 1.1, I, "-", a) …); a code followed by a single
  title line (and nothing else, or only empty cells) is a section row;
- after the title come the other columns in header order; the last line that reads as
  a deadline ends the row, and a row can hold a second row whose STT and title were
  merged cells (printed once): it starts after an inner deadline line;
- the lines between title and deadline are shared among products, lead and support by
  a small dynamic programme that scores each line's fit (unit names vs product nouns,
  data/table_headers.yaml) and prefers one line for the lead cell.
"""

from __future__ import annotations

import re
from functools import cache

from cchc.docparse import vocab
from cchc.docparse.blocks import Row, SourceRef
from cchc.docparse.readers.cell_text import cell_paragraphs
from cchc.docparse.readers.text_lines import Line

STT_CODE = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3}){0,4})\.?$|^[a-zđ][).]?$|^[-–+•*]$")
_BULLET = re.compile(r"^[-–+•]\s*")
_STRONG_DEADLINE = re.compile(
    r"\b(?:quý|tháng|năm\s+\d{4}|\d{4})\b|hằng|hàng|thường xuyên|định kỳ", re.IGNORECASE
)
_EMPTY_GROUP = -1.0
_EXTRA_LEAD_LINE = -0.75


@cache
def _vocab() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = vocab.load("table_headers")

    def starts(words: list[str]) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"^(?:{alternatives})(?!\w)")

    deadline = re.compile(data["deadline_pattern"], re.IGNORECASE)
    return starts(data["unit_starts"]), starts(data["product_starts"]), deadline


def is_deadline_like(text: str) -> bool:
    """True when a line opens like a deadline cell ("Quý I/2021", "Khi có …")."""
    return bool(_vocab()[2].match(text))


def _fit(text: str) -> tuple[int, int]:
    """(unit-likeness, product-likeness) of a line: the longer matching opening wins."""
    units, products, _ = _vocab()
    body = _BULLET.sub("", text)
    u, p = units.match(body), products.match(body)
    if u and p:
        return (1, 0) if len(u.group()) > len(p.group()) else (0, 1)
    return int(bool(u)), int(bool(p))


def rebuild_rows(roles: list[str | None], lines: list[Line]) -> list[Row]:
    """Rows for the body lines of a one-cell-per-line table with the given column roles."""
    items = [ln for ln in lines if ln.kind != "blank"]
    rows: list[Row] = []
    for segment in _segments(items):
        rows += _segment_rows(roles, segment)
    return rows


def _segments(items: list[Line]) -> list[list[Line]]:
    """Runs of lines that each start with an STT line (the first run may lack one)."""
    segments: list[list[Line]] = []
    for item in items:
        if not segments or (item.kind == "text" and STT_CODE.match(item.clean)):
            segments.append([])
        segments[-1].append(item)
    return segments


def _segment_rows(roles: list[str | None], segment: list[Line]) -> list[Row]:
    head = segment[0]
    if not (head.kind == "text" and STT_CODE.match(head.clean)):
        return [_build(roles, "", [], segment, segment)]
    title, rest = _take_title(segment[1:])
    parts = _split_rows(rest) if "deadline" in roles else [rest]
    rows = [_build(roles, head.clean, title, parts[0], segment[: 1 + len(title) + len(parts[0])])]
    for part in parts[1:]:
        rows.append(_build(roles, "", [], part, part))
    return rows


def _take_title(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The title line, plus the bullet lines of a list it introduces ("…các lĩnh vực:")."""
    if not lines:
        return [], []
    k = 1
    if lines[0].clean.endswith(":"):
        while k < len(lines) and _BULLET.match(lines[k].clean) and lines[k - 1].clean.endswith((":", ";")):
            k += 1
    return lines[:k], lines[k:]


def _split_rows(lines: list[Line]) -> list[list[Line]]:
    """Cut after inner deadline lines where a second row (merged STT/title) begins."""
    parts, start = [], 0
    for j in range(len(lines) - 2):
        text = lines[j].clean
        after = lines[j + 1 :]
        inner_deadline = lines[j].kind == "text" and is_deadline_like(text) and _STRONG_DEADLINE.search(text)
        row_follows = not is_deadline_like(after[0].clean) and is_deadline_like(lines[-1].clean)
        if j >= start and inner_deadline and row_follows and len(after) >= 2:
            parts.append(lines[start : j + 1])
            start = j + 1
    parts.append(lines[start:])
    return parts


def _build(roles: list[str | None], code: str, title: list[Line], rest: list[Line], span: list[Line]) -> Row:
    cells: list[list[str]] = [[] for _ in roles]
    stt = roles.index("stt") if "stt" in roles else None
    title_col = roles.index("title") if "title" in roles else None
    if stt is not None:
        cells[stt] = [code] if code else []
    others = [k for k in range(len(roles)) if k not in (stt, title_col)]
    if title_col is not None:
        cells[title_col] = [p for ln in title for p in cell_paragraphs(ln.text)]
    elif title:
        rest = title + rest
    for col, group in zip(others, _assign([roles[k] for k in others], rest), strict=True):
        cells[col] = [p for ln in group if ln.kind == "text" for p in cell_paragraphs(ln.text)]
    return Row(cells, SourceRef(line_start=span[0].no, line_end=span[-1].no) if span else SourceRef())


def _assign(roles: list[str | None], lines: list[Line]) -> list[list[Line]]:
    """Contiguous groups of lines, one per column, maximising the fit score."""
    n, m = len(lines), len(roles)
    if m == 0:
        return []
    prefix = [_prefix_scores(role, lines) for role in roles]
    empties = [k for k, ln in enumerate(lines) if ln.kind == "empty"]
    best: dict[tuple[int, int], tuple[float, list[int]]] = {(0, 0): (0.0, [])}
    for col in range(m):
        for start in range(n + 1):
            if (start, col) not in best:
                continue
            base, cuts = best[(start, col)]
            for end in [n] if col == m - 1 else range(start, n + 1):
                score = base + _group_score(roles[col], prefix[col], empties, start, end)
                if (end, col + 1) not in best or score > best[(end, col + 1)][0]:
                    best[(end, col + 1)] = (score, [*cuts, end])
    bounds = [0, *best[(n, m)][1]]
    return [lines[bounds[k] : bounds[k + 1]] for k in range(m)]


def _prefix_scores(role: str | None, lines: list[Line]) -> list[float]:
    sums = [0.0]
    for line in lines:
        sums.append(sums[-1] + (_line_score(role, line) if line.kind == "text" else 0.0))
    return sums


def _group_score(role: str | None, prefix: list[float], empties: list[int], start: int, end: int) -> float:
    if start == end:
        return _EMPTY_GROUP if role in ("products", "lead", "support", "deadline") else 0.0
    if end - start > 1 and any(start <= k < end for k in empties):
        return -100.0  # an empty-cell line is a whole cell by itself
    score = prefix[end] - prefix[start]
    if role == "lead":
        score += _EXTRA_LEAD_LINE * (end - start - 1)
    return score


def _line_score(role: str | None, line: Line) -> float:
    text = line.clean
    deadline = is_deadline_like(text)
    if role == "deadline":
        return 3.0 if deadline else -3.0
    unit, product = _fit(text)
    if role == "products":
        return 2.0 * product - 2.0 * unit
    if role in ("lead", "support"):
        # a lone unit line goes to the lead column: every task has a lead, not all a partner
        weight = 2.25 if role == "lead" else 2.0
        return weight * unit - 2.0 * product - (1.0 if deadline else 0.0)
    return -0.5

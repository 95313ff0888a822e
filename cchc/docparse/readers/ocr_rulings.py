"""Ruled tables in a page image: cell boxes from the table's drawn lines.

A scanned task table keeps its rulings. Horizontal rules are runs of dark pixels much
longer than any letter stroke; vertical rules likewise down the columns. The distinct rule
positions make a grid; two neighbouring grid squares with no rule between them belong to
one merged cell (a section row across the table, a lead cell spanning several rows), so
each cell is the union of the squares its rules enclose. The cells then go through the
same grid code as ruled PDF tables (`pdf_tables.place_boxes`).

Everything is vectorised with numpy: a 300 dpi A4 page (8.7 M pixels) takes ~50 ms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# A rule is at least this share of the page's width (horizontal) or height (vertical).
_MIN_RULE = 0.035
# Rule pixels closer than this (pixels) are one rule (rules print 1–4 px thick at 300 dpi).
_MERGE = 6
# A rule must cover this share of a grid square's side to separate it from its neighbour.
_COVER = 0.6
# A table has at least this many rules of each direction.
_MIN_RULES = 2

# A box in pixels: (x0, top, x1, bottom).
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Rule:
    """A drawn line: its position across, and the mask of what it covers along."""

    pos: int
    cover: np.ndarray  # bool, along the page axis the rule runs on


def dark_pixels(gray: np.ndarray) -> np.ndarray:
    """The ink of a greyscale page (True = dark), with a fixed threshold (scans are high-contrast)."""
    return gray < 140


def table_cells(dark: np.ndarray) -> list[list[Box]]:
    """The cell boxes of each ruled table on the page, tables top to bottom."""
    height, width = dark.shape
    horizontal = _rules(dark, int(width * _MIN_RULE))
    vertical = _rules(dark.T, int(height * _MIN_RULE))
    tables = []
    for hs, vs in _tables(horizontal, vertical):
        cells = _cells(hs, vs)
        if len(cells) >= 2:
            tables.append(cells)
    return sorted(tables, key=lambda cells: min(c[1] for c in cells))


def ruling_mask(dark: np.ndarray) -> np.ndarray:
    """The pixels of the page's rules (long horizontal and vertical runs), one pixel wider
    on each side: erased before OCR, which otherwise reads a column rule as "|" or "l"."""
    height, width = dark.shape
    mask = _long_run_mask(dark, int(width * _MIN_RULE)) | _long_run_mask(dark.T, int(height * _MIN_RULE)).T
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def _rules(dark: np.ndarray, min_len: int) -> list[Rule]:
    """Rules along axis 1 of `dark` (rows of the image: horizontal rules)."""
    long_runs = _long_run_mask(dark, min_len)
    rows = np.flatnonzero(long_runs.any(axis=1))
    if rows.size == 0:
        return []
    rules: list[Rule] = []
    groups = np.split(rows, np.flatnonzero(np.diff(rows) > _MERGE) + 1)
    for group in groups:
        rules.append(Rule(pos=int(group.mean()), cover=long_runs[group[0] : group[-1] + 1].any(axis=0)))
    return rules


def _long_run_mask(dark: np.ndarray, min_len: int) -> np.ndarray:
    """The pixels of `dark` that lie in a horizontal run at least `min_len` long."""
    padded = np.zeros((dark.shape[0], dark.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded, axis=1)
    starts_r, starts_c = np.nonzero(edges == 1)
    _, ends_c = np.nonzero(edges == -1)
    # nonzero walks row by row, left to right: the k-th start pairs with the k-th end.
    keep = (ends_c - starts_c) >= min_len
    mask = np.zeros(dark.shape, dtype=np.int32)
    rows, starts, ends = starts_r[keep], starts_c[keep], ends_c[keep]
    np.add.at(mask, (rows, starts), 1)
    ends_inside = ends < dark.shape[1]
    np.add.at(mask, (rows[ends_inside], ends[ends_inside]), -1)
    return np.cumsum(mask, axis=1) > 0


def _tables(horizontal: list[Rule], vertical: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Rules grouped into tables: vertical rules whose extents overlap, and the horizontal
    rules that lie within their extent."""
    spans = sorted(((_extent(v), v) for v in vertical if v.cover.any()), key=lambda item: item[0])
    groups: list[tuple[int, int, list[Rule]]] = []
    for (top, bottom), rule in spans:
        if groups and top <= groups[-1][1] + _MERGE:
            first, last, rules = groups[-1]
            groups[-1] = (first, max(last, bottom), [*rules, rule])
        else:
            groups.append((top, bottom, [rule]))
    out = []
    for top, bottom, vs in groups:
        left, right = min(v.pos for v in vs), max(v.pos for v in vs)
        hs = [
            h
            for h in horizontal
            if top - _MERGE <= h.pos <= bottom + _MERGE and _share(h.cover, left, right) >= _COVER
        ]
        if len(hs) >= _MIN_RULES and len(vs) >= _MIN_RULES:
            out.append((sorted(hs, key=lambda r: r.pos), sorted(vs, key=lambda r: r.pos)))
    return out


def _extent(rule: Rule) -> tuple[int, int]:
    along = np.flatnonzero(rule.cover)
    return int(along[0]), int(along[-1])


def _cells(hs: list[Rule], vs: list[Rule]) -> list[Box]:
    """Cell boxes: grid squares joined where no rule separates them (union-find)."""
    ys, xs = [h.pos for h in hs], [v.pos for v in vs]
    nrows, ncols = len(ys) - 1, len(xs) - 1
    parent = list(range(nrows * ncols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(nrows):
        for c in range(ncols):
            if c + 1 < ncols and not _covers(vs[c + 1].cover, ys[r], ys[r + 1]):
                join(r * ncols + c, r * ncols + c + 1)
            if r + 1 < nrows and not _covers(hs[r + 1].cover, xs[c], xs[c + 1]):
                join(r * ncols + c, (r + 1) * ncols + c)
    boxes: dict[int, list[int]] = {}
    for r in range(nrows):
        for c in range(ncols):
            if not _closed(hs, vs, r, c):
                continue
            root = find(r * ncols + c)
            box = boxes.setdefault(root, [xs[c], ys[r], xs[c + 1], ys[r + 1]])
            box[0], box[1] = min(box[0], xs[c]), min(box[1], ys[r])
            box[2], box[3] = max(box[2], xs[c + 1]), max(box[3], ys[r + 1])
    return [(b[0], b[1], b[2], b[3]) for b in boxes.values()]


def _covers(cover: np.ndarray, start: int, end: int) -> bool:
    return _share(cover, start, end) >= _COVER


def _share(cover: np.ndarray, start: int, end: int) -> float:
    """The share of [start, end) a rule covers (0 for an empty span)."""
    span = cover[start:end]
    return float(span.mean()) if span.size else 0.0


def _closed(hs: list[Rule], vs: list[Rule], r: int, c: int) -> bool:
    """A grid square inside the table: some rule lies on each side of it, at this row/column.

    Squares outside the table's outline (the grid extended by a rule of another row) have
    no rule on at least one side and are dropped.
    """
    x0, x1 = vs[c].pos, vs[c + 1].pos
    y0, y1 = hs[r].pos, hs[r + 1].pos
    left = any(_covers(v.cover, y0, y1) for v in vs if v.pos <= x0 + _MERGE)
    right = any(_covers(v.cover, y0, y1) for v in vs if v.pos >= x1 - _MERGE)
    top = any(_covers(h.cover, x0, x1) for h in hs if h.pos <= y0 + _MERGE)
    bottom = any(_covers(h.cover, x0, x1) for h in hs if h.pos >= y1 - _MERGE)
    return left and right and top and bottom

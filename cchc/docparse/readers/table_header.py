"""Task-table header cells: which column holds what (vocabulary in data/table_headers.yaml).

Readers use this to recognise a header row (and its repeats after a page break);
`task_table` uses it to map columns by their names, never by their positions.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cchc.docparse import vocab
from cchc.docparse.readers.text_lines import quick_clean

_PUNCT = re.compile(r"[\s.:;,()/*-]+")


def _key(text: str) -> str:
    """Lower case, punctuation and whitespace runs as one space."""
    return _PUNCT.sub(" ", quick_clean(text).lower()).strip()


@cache
def _vocabulary() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, role) pairs, longest keyword first."""
    entries = []
    for role, spec in vocab.load("table_headers")["columns"].items():
        entries += [(_key(k), role, True) for k in spec.get("exact", [])]
        entries += [(_key(k), role, False) for k in spec.get("contains", [])]
    entries.sort(key=lambda e: -len(e[0]))
    return tuple((_pattern(k, exact), role) for k, role, exact in entries)


def _pattern(keyword: str, exact: bool) -> re.Pattern[str]:
    if exact:
        return re.compile(rf"^{re.escape(keyword)}$")
    return re.compile(rf"(?<!\w){re.escape(keyword)}(?!\w)")


@lru_cache(maxsize=4096)  # cells repeat: header rows after page breaks, unit names, dates
def column_role(cell: str) -> str | None:
    """The role of a header cell (stt, title, products, lead, support, deadline, notes, budget)."""
    if len(cell) > 80:  # header cells are short; skip cleaning long body cells
        return None
    key = _key(cell)
    if not key or len(key.split()) > 8:
        return None
    for pattern, role in _vocabulary():
        if pattern.search(key):
            return role
    # "ST" / "T": a narrow column wraps a short exact header word inside the word.
    return _compact_exact().get(key.replace(" ", ""))


@cache
def _compact_exact() -> dict[str, str]:
    """Exact header words without their spaces ("stt", "sốtt"), by role."""
    out = {}
    for role, spec in vocab.load("table_headers")["columns"].items():
        out.update({_key(k).replace(" ", ""): role for k in spec.get("exact", [])})
    return out


def column_roles(cells: list[str]) -> list[str | None]:
    """The role of each header cell, in order."""
    return [column_role(c) for c in cells]


# A row whose first cell is a number ("1", "2.3", "IV.") is a body row: checked first,
# because a big table asks this of every row.
_NUMBERED = re.compile(r"^\s*(?:\d{1,5}(?:\.\d{1,3})*|[IVXLC]{1,6})\.?\s*$")


def is_header_row(cells: list[str]) -> bool:
    """True when the cells read like a task-table header (title column plus two others)."""
    if cells and _NUMBERED.match(cells[0]):
        return False
    roles = [r for r in column_roles(cells) if r]
    needed = vocab.load("table_headers")["min_other_columns"]
    return "title" in roles and len(set(roles) - {"title"}) >= needed

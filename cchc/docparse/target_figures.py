"""The figures of one target sentence: where they are and how they split the sentence.

A figure is a number with "%" or with a counted unit (data/targets.yaml). Counts in
parentheses that restate the figure before them ("40% … (26 đơn vị)") and the level
implied by a change ("(tức là đạt 74% năm 2022)") are not figures. Between two figures a
clause boundary ("; ", ". ", " và ") makes the second a target of its own; without one the
second is a condition of the first ("Trên 80% … đúng hạn từ 96%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cchc.docparse.vocab import load

_NUMBER = r"(?P<num>\d+(?:[.,]\d+)?)"


@dataclass(frozen=True)
class Figure:
    """A number with its unit; `start`/`end` span the number and unit in the text."""

    start: int
    end: int
    value: int | float
    unit: str


@dataclass(frozen=True)
class Clause:
    """The part of a sentence one figure governs (`text[start:end]`).

    `shared` is True when the clause is joined to the one before by a coordinating
    boundary ("… và 20% …"): it takes that clause's indicator and operator.
    """

    figure: Figure
    start: int
    end: int
    shared: bool


@cache
def vocab() -> dict:
    """data/targets.yaml."""
    return load("targets")


@cache
def _figure_re() -> re.Pattern[str]:
    units = sorted(vocab()["units"], key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    return re.compile(rf"(?<![\d/.,:]){_NUMBER}\s*(?:(?P<pct>%)|\s(?P<unit>{unit_alt})(?![\w/]))")


@cache
def _implied_re() -> re.Pattern[str]:
    return re.compile(vocab()["implied"], re.IGNORECASE)


_PURE_COUNT = re.compile(r"\(\s*[^()]*\)")


def to_number(text: str) -> int | float:
    """'98' → 98, '2,5' → 2.5 (int when integral)."""
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text` that can be a target, in order."""
    skip = _skipped_spans(text)
    figures = []
    for m in _figure_re().finditer(text):
        if not any(a <= m.start() < b for a, b in skip):
            unit = "%" if m.group("pct") else m.group("unit")
            figures.append(Figure(m.start(), m.end(), to_number(m.group("num")), unit))
    return figures


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _implied_re().finditer(text)]
    for m in _PURE_COUNT.finditer(text):
        # "(26 đơn vị)": the parenthesis holds nothing but one figure.
        inner = text[m.start() + 1 : m.end() - 1].strip()
        found = _figure_re().fullmatch(inner)
        if found:
            spans.append(m.span())
    return spans


def split_clauses(text: str, figures: list[Figure]) -> list[Clause]:
    """One clause per figure that starts a target; conditions stay inside their clause."""
    starts: list[tuple[Figure, int, int, bool]] = []  # figure, clause start, boundary start, shared
    for fig in figures:
        if not starts:
            starts.append((fig, 0, 0, False))
            continue
        found = _boundary(text, starts[-1][0].end, fig.start)
        if found is not None:
            starts.append((fig, *found))
    clauses = []
    for i, (fig, start, _, shared) in enumerate(starts):
        end = starts[i + 1][2] if i + 1 < len(starts) else len(text)
        clauses.append(Clause(fig, start, _sentence_end(text, fig.end, end), shared))
    return clauses


def _sentence_end(text: str, lo: int, hi: int) -> int:
    """Where the figure's provision ends: a later sentence without a figure, or a "; "
    opening a provision of its own ("; đối với các trường hợp …"), is not its scope."""
    m = re.search(vocab()["provision_end"], text[lo:hi], re.IGNORECASE)
    return lo + m.start() if m else hi


def _boundary(text: str, lo: int, hi: int) -> tuple[int, int, bool] | None:
    """(clause start, boundary start, shared) of the strongest boundary in text[lo:hi]."""
    gap = text[lo:hi]
    for rule in vocab()["boundaries"]:
        m = re.search(rule["pattern"], gap)
        if m:
            return lo + m.end(), lo + m.start(), bool(rule["shared"])
    return None

"""Is an upload a plan we already have, and which of its task rows continue which stored task.

Plans (`find_existing_plan`), for the issuing unit of the upload, first match first:
- "file": a plan one of whose versions was imported from the same file (sha256);
- "number": a plan of the same year with the same document number (numbers restart every
  year, so 19/KH-UBND of 2022 and of 2023 are two plans);
- "title": a plan of the same kind and year whose title is near-identical (score ≥ 90, the same
  numbers in both): a re-issued plan that got a new number.

Tasks (`match_tasks`), greedily, the best-scoring pair first, in three passes:
1. the same code and a similar title (≥ 60): the same task, perhaps corrected;
2. another code and a near-identical title (≥ 90, the same numbers): the same task, renumbered
   because a task was inserted or removed before it;
3. the same code, whatever the title: the same row of the table rewritten (what matching by
   code alone did before; a code printed more than once pairs in order of position).
Titles are compared normalised (NFC, case-folded, spaces collapsed) with rapidfuzz's ratio.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from django.db.models import Q
from rapidfuzz import fuzz, process

from cchc.org.models import Unit
from cchc.plans.models import Plan

FILE, NUMBER, TITLE = "file", "number", "title"
PLAN_TITLE_THRESHOLD = 90
SAME_CODE_THRESHOLD = 60
RENUMBERED_THRESHOLD = 90
_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")

TaskKey = tuple[str, str]  # (code, title) as stored: see task_key


def normalise_text(text: Any) -> str:
    """NFC, case-folded, spaces collapsed, outer punctuation dropped: what titles are compared on."""
    folded = unicodedata.normalize("NFC", str(text or "")).casefold()
    return _SPACE.sub(" ", folded).strip(" .,;:-–—")


def task_key(code: Any, title: Any) -> TaskKey:
    """A task's (code, title) as the import stores them (code cut to the column's 32 characters)."""
    return str(code or "").strip()[:32], str(title or "")


def find_existing_plan(
    *, issuer: Unit | None, document: Mapping[str, Any], sha256: str
) -> tuple[Plan | None, str]:
    """The issuer's plan the upload is (FILE) or is a new version of (NUMBER, TITLE), and how
    it was recognised; (None, "") when it is a new plan."""
    if issuer is None:
        return None, ""
    plans = Plan.objects.filter(issuer=issuer).order_by("created_at", "pk")
    if sha256:
        same_file = plans.filter(Q(source_sha256=sha256) | Q(versions__source_sha256=sha256)).first()
        if same_file is not None:
            return same_file, FILE
    year = document_year(document)
    if year is not None:
        plans = plans.filter(year=year)
    number = _number_key(document.get("number"))
    if number:
        for plan in plans.exclude(number=""):
            if _number_key(plan.number) == number:
                return plan, NUMBER
    title = normalise_text(document.get("title"))
    kind = normalise_text(document.get("kind"))
    if title:
        for plan in plans:
            if normalise_text(plan.kind) == kind and _near_identical(title, normalise_text(plan.title)):
                return plan, TITLE
    return None, ""


def document_year(document: Mapping[str, Any]) -> int | None:
    """The plan's year as the header gives it (its year, else the year of its date)."""
    for value in (document.get("year"), str(document.get("date") or "")[:4]):
        try:
            return int(value)
        except (TypeError, ValueError):
            continue
    return None


def match_tasks(stored: Sequence[TaskKey], rows: Sequence[TaskKey]) -> list[int | None]:
    """For each of `rows` (the new document's tasks), the index in `stored` of the task it
    continues, or None for a new task. Each stored task is taken at most once."""
    matched: list[int | None] = [None] * len(rows)
    if not rows or not stored:
        return matched
    taken: set[int] = set()
    row_titles = [normalise_text(title) for _code, title in rows]
    old_titles = [normalise_text(title) for _code, title in stored]
    scores = process.cdist(row_titles, old_titles, scorer=fuzz.ratio, dtype=np.uint8)
    same_code = np.array([[r[0] == s[0] for s in stored] for r in rows], dtype=bool)

    def take(mask: np.ndarray) -> None:
        rows_at, olds_at = np.nonzero(mask)
        order = sorted(zip(rows_at.tolist(), olds_at.tolist(), strict=True), key=lambda p: -int(scores[p]))
        for i, j in order:  # stable sort: ties keep (row, stored) order
            if matched[i] is None and j not in taken:
                matched[i] = j
                taken.add(j)

    take(same_code & (scores >= SAME_CODE_THRESHOLD))
    near = np.argwhere(scores >= RENUMBERED_THRESHOLD)
    renumbered = np.zeros_like(same_code)
    for i, j in near.tolist():
        renumbered[i, j] = _same_numbers(row_titles[i], old_titles[j])
    take(renumbered)
    _pair_by_code_in_order(stored, rows, matched, taken)
    return matched


def _pair_by_code_in_order(
    stored: Sequence[TaskKey], rows: Sequence[TaskKey], matched: list[int | None], taken: set[int]
) -> None:
    free: dict[str, list[int]] = defaultdict(list)
    for j, (code, _title) in enumerate(stored):
        if j not in taken:
            free[code].append(j)
    for i, (code, _title) in enumerate(rows):
        if matched[i] is None and free.get(code):
            matched[i] = free[code].pop(0)
            taken.add(matched[i])


def _near_identical(a: str, b: str) -> bool:
    return fuzz.ratio(a, b) >= PLAN_TITLE_THRESHOLD and _same_numbers(a, b)


def _same_numbers(a: str, b: str) -> bool:
    """`… năm 2022` and `… năm 2023`, `Nhiệm vụ 1` and `Nhiệm vụ 2` are not the same thing."""
    return _NUMBER.findall(a) == _NUMBER.findall(b)


def _number_key(number: Any) -> str:
    """19/KH-UBND, `19 / KH - UBND` and `19/kh-ubnd` are one number."""
    return _SPACE.sub("", normalise_text(number))

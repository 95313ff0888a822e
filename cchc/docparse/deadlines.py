"""Deadline phrases of CCHC plan tables → a normalised `Deadline` (docs/plan-schema.md).

`parse_deadline` normalises the phrase, then asks an ordered chain of small
recognisers (`RECOGNISERS`, in deadlines_recognisers.py); the first that
understands the phrase wins. The vocabulary lives in data/deadlines.yaml.

The order matters:

1. `try_offset_event`: "Trong vòng 05 ngày làm việc khi có thay đổi nhân sự" is an
   event with a delay, although it names "ngày".
2. `try_event`: a phrase that opens with a trigger ("Khi có …", "Theo hướng dẫn …",
   "Triển khai khi có …") depends on that trigger even if it quotes a dated
   document ("Theo Kế hoạch số 12/KH-UBND ngày 15/3/2022").
3. `try_continuous`: "Thường xuyên" wins over a cycle or a date written beside it
   ("Thường xuyên trong năm 2022" is ongoing work, not a year deadline).
   `try_span` comes just before it: work over a span of years ("Giai đoạn 2026 - 2030")
   is ongoing, unless the phrase opens with a completion word ("Hoàn thành trong …").
4. `try_recurring`: before dates, because "Theo từng Quý (Quý I, II, III)" lists
   quarters and "Định kỳ 03 tháng/lần" contains a month count.
5. `try_periods`: dates, weeks, months, quarters, halves, parts of the year, years.

Anything left is `unknown`; so is an empty phrase (`parse_deadline(None)`): a
default for tasks without a deadline (seed 003: the plan year) is the caller's
decision, as are the warnings for `unknown` deadlines and for due dates outside
the plan year (`deadline_outside_year`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from cchc.docparse.deadlines_recognisers import (
    try_continuous,
    try_event,
    try_offset_event,
    try_periods,
    try_recurring,
    try_span,
)
from cchc.docparse.model import Deadline

Recogniser = Callable[[str, int | None], Deadline | None]

RECOGNISERS: tuple[Recogniser, ...] = (
    try_offset_event,
    try_event,
    try_span,
    try_continuous,
    try_recurring,
    try_periods,
)

# Some fonts and converters give the caron ǎ (U+01CE) for the breve ă.
_LOOKALIKES = str.maketrans({"ǎ": "ă", "Ǎ": "Ă"})


def normalise(text: str) -> str:
    """NFC, look-alike letters fixed and whitespace collapsed: the form recognisers read."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_LOOKALIKES).split())


def parse_deadline(text: str | None, *, year: int | None) -> Deadline:
    """The normalised deadline for a phrase such as `Quý I năm 2022` in a plan of `year`.

    `Deadline.text` is the phrase as given, whitespace collapsed; `event` is cut
    from the normalised phrase. Never raises: what is not understood is `unknown`.
    """
    collapsed = " ".join(text.split()) if text else ""
    if not collapsed:
        return Deadline(text=None, kind="unknown")
    found = _recognise(normalise(collapsed), year)
    return replace(found, text=collapsed) if found is not None else Deadline(text=collapsed, kind="unknown")


@lru_cache(maxsize=4096)
def _recognise(normalised: str, year: int | None) -> Deadline | None:
    """The first recogniser's reading of a normalised phrase (cached; callers get a copy)."""
    for recognise in RECOGNISERS:
        found = recognise(normalised, year)
        if found is not None:
            return found
    return None


def deadline_outside_year(deadline: Deadline, year: int | None) -> bool:
    """True when the deadline has a due date that is not in the plan year (worth a warning)."""
    return deadline.due is not None and year is not None and deadline.due.year != year

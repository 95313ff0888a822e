"""The recognisers of the deadline chain: each is `(text, year) -> Deadline | None`.

`text` is already normalised (NFC, whitespace collapsed) by `parse_deadline`,
which also puts the caller's wording back into `Deadline.text`. The order in which
they are tried is `deadlines.RECOGNISERS`; see there for why it is that order.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from typing import Any

from cchc.docparse.dates import find_date
from cchc.docparse.deadlines_periods import alternation, resolve_periods, scan_periods
from cchc.docparse.model import Deadline
from cchc.docparse.vocab import load


def _vocab() -> dict[str, Any]:
    return load("deadlines")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def clean_event(phrase: str) -> str | None:
    """The trigger phrase without trailing punctuation or an unmatched closing bracket."""
    phrase = re.sub(r"[\s.;,:]+$", "", phrase.strip())
    if phrase.endswith(")") and phrase.count(")") > phrase.count("("):
        phrase = re.sub(r"[\s.;,:]+$", "", phrase[:-1])
    return phrase or None


# --- event with a stated delay: "Trong vòng 05 ngày làm việc khi có thay đổi nhân sự" ---


@cache
def _offset_pattern() -> re.Pattern[str]:
    v = _vocab()
    return _compile(
        rf"^(?:{alternation(v['offset_lead_words'])}\s*)?(?P<n>[0-9]{{1,3}})\s*(?P<unit>ngày|tuần|tháng)"
        rf"(?P<wd>\s+làm\s+việc)?[\s,]*(?P<rest>{alternation(v['after_words'])}.*)$"
    )


def try_offset_event(text: str, year: int | None) -> Deadline | None:
    """N days (working days) after a trigger; calendar days after a written date give a date."""
    m = _offset_pattern().match(text)
    if not m:
        return None
    n, rest = int(m.group("n")), m.group("rest")
    is_days = m.group("unit").lower() == "ngày"
    if is_days and m.group("wd"):
        return Deadline(text=text, kind="event", event=clean_event(rest), offset_working_days=n)
    anchor = find_date(rest, default_year=year) if is_days else None
    if anchor is not None and anchor <= date.max - timedelta(days=n):
        # Calendar days after a written date: a fixed date ("30 ngày kể từ ngày 01/3/2022").
        return Deadline(text=text, kind="by_date", due=anchor + timedelta(days=n))
    return Deadline(text=text, kind="event", event=clean_event(rest))


# --- event: "Khi có phát sinh", "Theo hướng dẫn của Bộ Nội vụ", "Triển khai khi có …" ---


@cache
def _opener_pattern() -> re.Pattern[str]:
    return _compile(alternation(_vocab()["event_openers"]))


@cache
def _deadline_word_pattern() -> re.Pattern[str]:
    v = _vocab()
    words = v["period_words"] + v["continuous_words"] + v["recurring_words"] + v["recurrence_markers"]
    return _compile(alternation(words) + "|[0-9]")


def _is_lead(prefix: str) -> bool:
    # A short lead such as "Triển khai" may come before the opener; a lead that
    # names a period ("Quý I/2022 (khi …)") makes the phrase a date, not an event.
    words = prefix.split()
    too_long = len(words) > int(_vocab()["event_lead_max_words"])
    return not too_long and _deadline_word_pattern().search(prefix) is None


def try_event(text: str, year: int | None) -> Deadline | None:
    """A deadline set by something that happens; `event` is the text from the opener on."""
    for m in _opener_pattern().finditer(text):
        if _is_lead(text[: m.start()]):
            return Deadline(text=text, kind="event", event=clean_event(text[m.start() :]))
    return None


# --- continuous: "Thường xuyên", "thường xuyên, liên tục" ---


@cache
def _continuous_pattern() -> re.Pattern[str]:
    return _compile(alternation(_vocab()["continuous_words"]))


@cache
def _span_pattern() -> re.Pattern[str]:
    return _compile(r"(?<![0-9])(?:19|20)[0-9]{2}\s*(?:-|–|đến)\s*(?:năm\s*)?(?:19|20)[0-9]{2}(?![0-9])")


@cache
def _completion_pattern() -> re.Pattern[str]:
    return _compile(r"^\W*(?:" + alternation(_vocab()["completion_words"]) + r")\b")


def try_span(text: str, year: int | None) -> Deadline | None:
    """Work over a span of years ("Giai đoạn 2026 - 2030", "Thực hiện trong 2026-2027") is
    ongoing; a span that opens with a completion word ("Hoàn thành trong giai đoạn …")
    is due at its end, which the period recogniser finds."""
    if not _span_pattern().search(text) or _completion_pattern().search(text):
        return None
    return Deadline(text=text, kind="continuous")


def try_continuous(text: str, year: int | None) -> Deadline | None:
    """Ongoing work."""
    return Deadline(text=text, kind="continuous") if _continuous_pattern().search(text) else None


# --- recurring: "Hàng quý", "Định kỳ 03 tháng/lần", "02 lần/năm", "Định kỳ" ---


def _number(word: str | None) -> int:
    if not word:
        return 1
    return int(word) if word.isdigit() else int(_vocab()["number_words"][word.lower()])


def _cycle(months: float) -> str | None:
    return _vocab()["months_per_cycle"].get(int(months)) if months == int(months) else None


@cache
def _cycle_patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """(pattern, is_every): "N units/lần" is a cycle of N units; "N lần/unit" divides the unit."""
    v = _vocab()
    num = rf"(?<![0-9])(?P<n>[0-9]{{1,2}}|{alternation(v['number_words'])})\s*"
    unit = alternation(v["unit_months"], "u")
    return (
        (_compile(rf"(?:{num})?{unit}\s*(?:/|một|1)\s*lần"), True),  # "03 tháng/lần", "quý/lần"
        (_compile(rf"định\s+kỳ\s+{num}{unit}"), True),  # "định kỳ 6 tháng"
        (_compile(rf"{num}lần\s*(?:/|mỗi|một|trong\s+(?:một\s+|1\s+)?)\s*{unit}"), False),  # "02 lần/năm"
        (_compile(rf"(?:một|0?1)\s+{unit}\s*{num}lần"), False),  # "một năm 2 lần"
    )


def _recurrence_by_cycle(text: str) -> tuple[bool, str | None]:
    months = _vocab()["unit_months"]
    for pattern, is_every in _cycle_patterns():
        if m := pattern.search(text):
            n, unit = _number(m.group("n")), months[m.group("u").lower()]
            if is_every:
                return True, _cycle(n * unit)
            return True, _cycle(unit / n) if n else None
    return False, None


@cache
def _marker_pattern() -> re.Pattern[str]:
    v = _vocab()
    return _compile(alternation(v["recurrence_markers"]) + r"\s+" + alternation(v["recurrence_units"], "u"))


def _recurrence_by_words(text: str) -> tuple[bool, str | None]:
    v = _vocab()
    if m := _marker_pattern().search(text):
        return True, v["recurrence_units"][m.group("u").lower()]
    for rule in v["recurrence_patterns"]:
        if re.search(rule["pattern"], text, re.IGNORECASE):
            return True, rule["recurrence"]
    return _compile(alternation(v["recurring_words"])).search(text) is not None, None


def try_recurring(text: str, year: int | None) -> Deadline | None:
    """A repeating deadline; `recurrence` is None when no period is stated (`Định kỳ`)."""
    found, recurrence = _recurrence_by_cycle(text)
    if not found:
        found, recurrence = _recurrence_by_words(text)
    return Deadline(text=text, kind="recurring", recurrence=recurrence) if found else None


# --- dates and periods: "Quý I/2021", "Trước tháng 10 năm 2021", "Trong năm 2022" ---


def try_periods(text: str, year: int | None) -> Deadline | None:
    """A fixed due date (`by_date`) or the plan year (`year`), from the periods written."""
    resolved = resolve_periods(scan_periods(text), year)
    if resolved is None:
        return None
    kind, due = resolved
    return Deadline(text=text, kind=kind, due=due)

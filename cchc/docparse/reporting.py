"""The reporting calendar (chế độ báo cáo), expanded per period.

Documents state it in one of two ways:

- a calendar, one line per period: "- Quý 1: trước ngày 28 tháng 2 (số liệu tính từ
  15/12/2021 đến 28/2/2022);" — read wherever it stands in the body;
- a rule for every period: "chậm nhất là ngày 15 của tháng cuối kỳ báo cáo", "chốt số
  liệu từ ngày 10/12/2020 đến ngày 10 tháng cuối kỳ" — read only under a reporting
  heading, and expanded to the periods the document names next to it ("báo cáo CCHC
  Quý I, 6 tháng, 9 tháng, báo cáo CCHC năm").

The calendar may also be a small table (period | data window | due date), or clauses
run together in one sentence ("báo cáo quý I trước ngày 10/3/2026; báo cáo 6 tháng
trước ngày 10/6/2026 …").

Dates without a year take the plan year; a December from-date ahead of a period that
starts in January is in the year before ("từ ngày 15/12 năm trước").
"""

from __future__ import annotations

import re
from datetime import date

from cchc.docparse.blocks import Block, Table
from cchc.docparse.body import find_parts, node_lines
from cchc.docparse.dates import find_dates, make_date, month_end
from cchc.docparse.model import ReportDeadline
from cchc.docparse.outline import Node, Outline
from cchc.docparse.periods import last_month, leading_periods, periods_in

_FROM_TO = re.compile(
    r"từ\s+(?:ngày\s+)?(?P<from>.+?)\s+đến\s+(?:hết\s+)?(?:ngày\s+)?(?P<to>.+?)(?:\)|;|$)", re.I
)
_DUE_DAY = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*(?:của\s+)?tháng cuối (?:kỳ|quý)", re.IGNORECASE)
_PREV_YEAR = re.compile(r"năm trước", re.IGNORECASE)
_DATE = r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
# "báo cáo quý I trước ngày 10/3/2026": a period named right after "báo cáo", then its due date.
_INLINE = re.compile(
    rf"báo cáo\s+(?P<head>[^;:,()]{{1,30}}?)\s+(?:gửi\s+[^;:]{{1,60}}?\s+)?"
    rf"(?:trước|chậm nhất(?:\s+là)?|không muộn hơn)\s+(?:ngày\s+)?(?P<due>{_DATE})",
    re.IGNORECASE,
)


def extract_reporting(
    outline: Outline, *, year: int | None, blocks: list[Block] | None = None
) -> list[ReportDeadline]:
    """One ReportDeadline per reporting period the document sets."""
    if year is None:
        return []
    found = _calendar(outline, year) + _table_calendar(blocks or [], year)
    for part in find_parts(outline, "reporting"):
        found.extend(_rule(part, year))
    return _unique(found)


def _unique(entries: list[ReportDeadline]) -> list[ReportDeadline]:
    # A calendar line and a general rule may both set a period: the specific line wins.
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.period not in seen:
            seen.add(entry.period)
            out.append(entry)
    return out


# --- calendar lines ------------------------------------------------------------------


def _calendar(outline: Outline, year: int) -> list[ReportDeadline]:
    out: list[ReportDeadline] = []
    for node in outline.walk():
        # The root's body is the preamble; appendix and recipients hold no calendar.
        if node is outline or node.style in ("appendix", "closing"):
            continue
        for line in node_lines(node):
            out.extend(calendar_line(line, year) or inline_calendar(line, year))
    return out


def inline_calendar(line: str, year: int) -> list[ReportDeadline]:
    """Entries for "báo cáo <period> trước ngày <date>" clauses inside a sentence."""
    out: list[ReportDeadline] = []
    for m in _INLINE.finditer(line):
        due = _one_date(m.group("due"), year)
        periods = leading_periods(m.group("head"))
        if due is not None:
            out.extend(ReportDeadline(p, due) for p in periods)
    return out


def _table_calendar(blocks: list[Block], year: int) -> list[ReportDeadline]:
    """Entries for table rows that open with a period ("Quý I | Từ … đến … | Trước ngày …")."""
    out: list[ReportDeadline] = []
    for table in (b for b in blocks if isinstance(b, Table)):
        for row in table.rows:
            cells = [" ".join(row.cell_text(k).split()) for k in range(len(row.cells))]
            if len(cells) < 2 or not leading_periods(cells[0]):
                continue
            window = next((c for c in cells[1:] if _FROM_TO.search(c)), "")
            due = next((c for c in cells[1:] if c != window and find_dates(c, default_year=year)), None)
            if due:
                out.extend(calendar_line(f"{cells[0]}: {due} ({window})", year))
    return out


def calendar_line(line: str, year: int) -> list[ReportDeadline]:
    """Entries for a line that opens with period names and a colon ("Quý 1: trước ngày …")."""
    head, sep, rest = line.partition(":")
    periods = leading_periods(head) if sep else []
    if not periods:
        return []
    due_text, _, window = rest.partition("(")
    due = next(iter(find_dates(due_text, default_year=year)), None)
    if due is None:
        # "Báo cáo quý: trước ngày 20 của tháng cuối quý" is a rule for its periods.
        day = _first_int(_DUE_DAY, [rest])
        found = _FROM_TO.search(rest)
        return [_expand(p, day, found, year) for p in periods if last_month(p)] if day else []
    data_from, data_to = _window(window or rest, year, last_month(periods[0]) or due.month)
    return [ReportDeadline(p, due, data_from, data_to) for p in periods]


def _window(text: str, year: int, period_end_month: int) -> tuple[date | None, date | None]:
    """(from, to) of "từ … đến …"; a December start before the period is in the year before."""
    m = _FROM_TO.search(text)
    if not m:
        return None, None
    start = _one_date(m.group("from"), year)
    end = _one_date(m.group("to"), year)
    return _shift_start(start, end, m.group("from"), period_end_month), end


def _shift_start(start: date | None, end: date | None, written: str, period_end_month: int) -> date | None:
    """A yearless from-date said to be "năm trước", or falling after its end date (or in a
    December ahead of a period ending earlier in the year), is in the year before."""
    if start is None or _has_year(written):
        return start
    later = start > end if end else start.month == 12 and period_end_month < 12
    return start.replace(year=start.year - 1) if _PREV_YEAR.search(written) or later else start


def _has_year(text: str) -> bool:
    return bool(re.search(r"\d{4}", text))


def _one_date(text: str, year: int) -> date | None:
    return next(iter(find_dates(text, default_year=year)), None)


# --- a rule for every period -----------------------------------------------------------


def _rule(part: Node, year: int) -> list[ReportDeadline]:
    """Entries expanded from a "ngày 15 của tháng cuối kỳ" rule under a reporting heading."""
    for node in part.walk():
        lines = node_lines(node)
        due_day = _first_int(_DUE_DAY, lines + _child_lines(node))
        if due_day is None:
            continue
        periods = _named_periods(part, node)
        window = next((m for m in map(_FROM_TO.search, lines + _child_lines(node)) if m), None)
        return [_expand(p, due_day, window, year) for p in periods]
    return []


def _child_lines(node: Node) -> list[str]:
    return [line for child in node.children for line in node_lines(child)]


def _first_int(pattern: re.Pattern[str], lines: list[str]) -> int | None:
    for line in lines:
        m = pattern.search(line)
        if m:
            return int(m.group("d"))
    return None


def _named_periods(part: Node, node: Node) -> list[str]:
    """The periods named in the rule's own heading, else anywhere in the reporting part."""
    for text in (" ".join(node_lines(node)), " ".join(line for n in part.walk() for line in node_lines(n))):
        periods = [p for p in periods_in(text) if last_month(p)]
        if periods:
            return periods
    return []


def _expand(period: str, due_day: int, window: re.Match[str] | None, year: int) -> ReportDeadline:
    month = last_month(period) or 12
    due = make_date(year, month, due_day) or month_end(year, month)
    if window is None:
        return ReportDeadline(period, due)
    to_day = re.match(r"\s*(\d{1,2})\b(?!\s*[/.-]\d)", window.group("to"))
    end = make_date(year, month, int(to_day.group(1))) if to_day else _one_date(window.group("to"), year)
    start = _shift_start(_one_date(window.group("from"), year), end, window.group("from"), month)
    return ReportDeadline(period, due, start, end)

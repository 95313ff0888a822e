"""Cell and sentence clean-up shared by table tasks and body tasks."""

from __future__ import annotations

import re
from datetime import date

from cchc.docparse.deadlines import parse_deadline
from cchc.docparse.model import Deadline
from cchc.docparse.readers.cell_text import opens_item
from cchc.docparse.units import split_units

_BULLET = re.compile(r"^[-–+•]\s*")
# An inline list bullet after a colon or a sentence end ("các lĩnh vực: - Mối quan hệ").
_INLINE_BULLET = re.compile(r"(?<=[:;.])\s+[-–+•]\s+(?=\w)")
_TRAILING = re.compile(r"(?:\s*;|(?<!\.)\.)\s*$")

# Letters used after a parent code for its unnumbered rows (Vietnamese order).
LETTERS = list("abcdđeghiklmnopqrstuvxy")


def strip_bullet(text: str) -> str:
    """A paragraph without its leading "- " bullet."""
    return _BULLET.sub("", text).strip()


def title_text(paragraphs: list[str]) -> str:
    """A task title: its paragraphs joined, list bullets removed."""
    text = " ".join(strip_bullet(p) for p in paragraphs if p.strip())
    return _INLINE_BULLET.sub(lambda m: " " if opens_item(text[m.end()]) else m.group(), text).strip()


def products_of(paragraphs: list[str]) -> list[str]:
    """Products: one per paragraph, bullet and a trailing ";" or single "." removed."""
    out = []
    for p in paragraphs:
        text = _TRAILING.sub("", strip_bullet(p)).strip()
        if text:
            out.append(text)
    return out


def units_of(paragraphs: list[str]) -> list[str]:
    """Units of a lead/support cell; each paragraph is a list entry for split_units."""
    parts: list[str] = []
    for p in (p.strip() for p in paragraphs if p.strip()):
        if parts and p[:1].islower():  # "Phòng Văn hóa - thông" / "tin": a name wrapped in the cell
            parts[-1] = f"{parts[-1]} {p}"
        else:
            parts.append(p)
    if len(parts) > 1:
        parts = [p if _BULLET.match(p) else f"- {p}" for p in parts]
    return split_units("\n".join(parts)) if parts else []


def deadline_of(text: str | None, year: int | None) -> Deadline:
    """parse_deadline on a cell text with its bullets removed."""
    return parse_deadline(text or None, year=year)


def year_default(year: int | None) -> Deadline:
    """A duty with no stated deadline in a yearly plan or letter: due by year end."""
    if year is None:
        return Deadline(text=None, kind="unknown")
    return Deadline(text=None, kind="year", due=date(year, 12, 31))


def deadline_warnings(code: str | None, deadline: Deadline, year: int | None) -> list[str]:
    """Warnings for an unrecognised deadline or a due date outside the plan year."""
    if deadline.kind == "unknown":
        what = f'"{deadline.text}" is not recognised' if deadline.text else "is missing"
        return [f"Task {code}: deadline {what}."]
    if deadline.due and year and deadline.due.year != year:
        return [
            f'{code} deadline "{deadline.text}" (due {deadline.due.isoformat()}) is outside the plan year '
            f"{year}; kept as written."
        ]
    return []

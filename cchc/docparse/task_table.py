"""Sections and tasks from an appendix task table.

Columns are mapped by their header names (data/table_headers.yaml), never by position.
A row with a code and only a title (or one cell spanning the row) is a section; other
rows are tasks. Codes are kept as printed; Arabic rows under a Roman section become
`I.1`; rows without a number (STT "-" or blank) continue the numbered row above and get
its code plus a letter (`III.6.a`), taking its title and units where their cells are blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cchc.docparse.blocks import Row, Table
from cchc.docparse.model import Section, Task
from cchc.docparse.outline import ROMAN, parse_label
from cchc.docparse.readers.table_header import column_roles, is_header_row
from cchc.docparse.task_fields import (
    LETTERS,
    deadline_of,
    deadline_warnings,
    products_of,
    strip_bullet,
    title_text,
    units_of,
)

_NUMBER = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3}){0,4})$")
# "A. BỘ XÂY DỰNG": a part of the table by a capital letter, numbered rows under it (A.1).
_PART_LETTER = re.compile(r"^([A-ZĐ])[.)]\s+(\S.*)$")
# What OCR makes of a printed number ("2.Ð" for 2.5, "1,3" for 1.3).
_OCR_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\w{1,3}){1,4}$")
_FIELDS = ("products", "lead", "support", "deadline")
# OCR confidence (0–100) under which a cell is marked for a person to check; Tesseract
# gives clean print 90+, and most misread words under 70.
LOW_CONFIDENCE = 70
# Task fields by the column role they come from.
_ROLE_FIELDS = {"stt": "code", "title": "title", "products": "products", "lead": "lead"}
_ROLE_FIELDS |= {"support": "support", "deadline": "deadline"}


@dataclass
class _Walk:
    """State while walking the rows of task tables."""

    year: int | None
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    roman: str | None = None
    section: str | None = None
    parent: Task | None = None
    children: int = 0
    seen: dict[str, Task] = field(default_factory=dict)


def tasks_from_tables(
    tables: list[Table], *, year: int | None
) -> tuple[list[Section], list[Task], list[str]]:
    """(sections, tasks, warnings) from every task table (empty when there is none)."""
    walk = _Walk(year)
    for table in tables:
        header = _header_index(table)
        if header is None:
            continue
        roles = column_roles([table.rows[header].cell_text(k) for k in range(len(table.rows[header].cells))])
        for row in table.rows[header + 1 :]:
            _row(walk, roles, row)
    return walk.sections, walk.tasks, walk.warnings


def _header_index(table: Table) -> int | None:
    for i, row in enumerate(table.rows[:3]):
        if is_header_row([row.cell_text(k) for k in range(len(row.cells))]):
            return i
    return None


def _cells(roles: list[str | None], row: Row) -> dict[str, list[str]]:
    cells: dict[str, list[str]] = {}
    for k, role in enumerate(roles):
        if role and k < len(row.cells) and role not in cells:
            cells[role] = [p for p in row.cells[k] if p.strip()]
    return cells


def _row(walk: _Walk, roles: list[str | None], row: Row) -> None:
    if is_header_row([row.cell_text(k) for k in range(len(row.cells))]):
        return  # a header repeated after a page break
    spanning = _spanning_text(row)
    if spanning is not None:
        _section_from_text(walk, spanning)
        return
    cells = _cells(roles, row)
    row = _marked(roles, row)
    code = _code(cells.get("stt", []))
    if row.confidence is not None:
        code = _ocr_code(walk, code)
    title = title_text(cells.get("title", []))
    if not any(cells.get(f) for f in _FIELDS):
        if title and _NUMBER.match(code):
            _section(walk, code, title)
        return
    _task(walk, code, title, cells, row)


def _marked(roles: list[str | None], row: Row) -> Row:
    """The row with its ref naming the task fields whose cells OCR read with low confidence."""
    if row.confidence is None:
        return row
    low = tuple(
        dict.fromkeys(
            _ROLE_FIELDS[role]
            for role, conf in zip(roles, row.confidence, strict=False)
            if role in _ROLE_FIELDS and conf is not None and conf < LOW_CONFIDENCE
        )
    )
    return replace(row, ref=replace(row.ref, low_confidence=low or None))


def _code(lines: list[str]) -> str:
    """The printed STT; a narrow column wraps "1.10" as "1.1" / "0"."""
    code = strip_bullet(" ".join(lines)).rstrip(".").strip()
    compact = code.replace(" ", "")
    return compact if " " in code and _NUMBER.match(compact) else code


def _ocr_code(walk: _Walk, code: str) -> str:
    """A recognised number that breaks the column's sequence is the next number of it:
    OCR reads 3 as 5 or 8 as 6 far more often than a table skips a number."""
    last = walk.parent.code if walk.parent is not None else None
    if not _OCR_NUMBER.match(code) or last is None or last.count(".") != code.count("."):
        return code
    head, _, tail = last.rpartition(".")
    if not tail.isdigit():
        return code
    expected = f"{head}.{int(tail) + 1}"
    printed_head = code.replace(",", ".").rpartition(".")[0]
    if printed_head != _plain(walk, head) and _qualify(walk, printed_head) != head:
        return code
    return code if _qualify(walk, code) == expected else _plain(walk, expected)


def _plain(walk: _Walk, code: str) -> str:
    """A qualified code ("III.2") as printed under its roman section ("2")."""
    prefix = f"{walk.roman}." if walk.roman else ""
    return code[len(prefix) :] if prefix and code.startswith(prefix) else code


def _spanning_text(row: Row) -> str | None:
    """The text of a row that is one merged cell (or the same text repeated across it)."""
    texts = {row.cell_text(k) for k in range(len(row.cells))} - {""}
    one_cell = row.spans is not None and len(row.cells) == 1
    if len(texts) == 1 and (one_cell or (len(row.cells) > 2 and all(row.cells))):
        return texts.pop()
    return None


def _section_from_text(walk: _Walk, text: str) -> None:
    parsed = parse_label(text)
    letter = _PART_LETTER.match(text)
    if parsed and parsed[0] in ("roman", "arabic"):
        _section(walk, parsed[1], parsed[2])
    elif letter:
        _section(walk, letter.group(1), letter.group(2))
    else:
        _section(walk, "", text)


def _section(walk: _Walk, code: str, title: str) -> None:
    if code in ROMAN or _PART_LETTER.match(f"{code}. x"):
        walk.roman = code
    else:
        code = _qualify(walk, code)
    walk.section = code or walk.section
    walk.parent, walk.children = None, 0
    walk.sections.append(Section(code=code, title=title.rstrip(":").strip()))


def _qualify(walk: _Walk, code: str) -> str:
    """`1` under Roman section `III` is `III.1`; other codes stay as printed."""
    if walk.roman and code and code not in ROMAN and not code.startswith(f"{walk.roman}."):
        return f"{walk.roman}.{code}"
    return code


def _task(walk: _Walk, code: str, title: str, cells: dict[str, list[str]], row: Row) -> None:
    parent = walk.parent
    repeated = parent is not None and code and _qualify(walk, code) == parent.code and title == parent.title
    if _NUMBER.match(code) and not repeated:
        task = _new_task(walk, _qualify(walk, code), title, cells, row)
        _note_duplicate(walk, code, task)
        walk.parent, walk.children = task, 0
    elif parent is not None:
        letter = LETTERS[min(walk.children, len(LETTERS) - 1)]
        walk.children += 1
        task = _new_task(walk, f"{parent.code}.{letter}", title or parent.title, cells, row)
        task.lead = task.lead or list(parent.lead)
        task.support = task.support or list(parent.support)
    else:
        task = _new_task(walk, code or None, title, cells, row)
    walk.tasks.append(task)
    walk.warnings += deadline_warnings(task.code, task.deadline, walk.year)


def _new_task(walk: _Walk, code: str | None, title: str, cells: dict[str, list[str]], row: Row) -> Task:
    deadline_text = " ".join(strip_bullet(p) for p in cells.get("deadline", [])) or None
    return Task(
        code=code,
        section=walk.section,
        title=title,
        products=products_of(cells.get("products", [])),
        lead=units_of(cells.get("lead", [])),
        support=units_of(cells.get("support", [])),
        deadline=deadline_of(deadline_text, walk.year),
        ref=row.ref,
    )


def _note_duplicate(walk: _Walk, printed: str, task: Task) -> None:
    first = walk.seen.get(task.code or "")
    if first is None:
        walk.seen[task.code or ""] = task
        return
    where = f" in section {walk.section}" if walk.section else ""
    walk.warnings.append(
        f'STT {printed} is printed twice{where} ({task.code} "{first.title}" and '
        f'{task.code} "{task.title}"); '
        f"both kept with code {task.code}."
    )

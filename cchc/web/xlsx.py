"""One declarative .xlsx writer for every export.

An export is a spec: sheets of `Column`s (heading, width, how to get the value from a
row, what kind of value it is) and the rows a selector returns. Dates are written as
real dates shown dd/mm/yyyy, percentages as numbers shown `98,5 %` by a Vietnamese
spreadsheet (the format code's "." is the locale's decimal separator), so people can
sort and compute on them. openpyxl's write-only mode keeps memory flat for big lists.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Kind = Literal["text", "date", "int", "number", "percent"]

NUMBER_FORMATS: dict[str, str] = {
    "date": "dd/mm/yyyy",
    "int": "#,##0",
    "number": "#,##0.##########",
    "percent": '0.0##" %"',
}
_HEADING_FONT = Font(bold=True)
_HEADING_FILL = PatternFill("solid", fgColor="EEF2F7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
# Characters Excel refuses in a cell (control characters other than tab and newlines).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """One column: its heading, width in characters, value getter and kind of value."""

    heading: str
    value: Callable[[Any], Any]
    width: float = 14
    kind: Kind = "text"
    wrap: bool = False
    # Per-row kind, e.g. a target's value is a percentage only when its unit is "%".
    kind_for: Callable[[Any], Kind] | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[Any] = field(default_factory=list)


def _cell_value(value: Any, kind: Kind) -> Any:
    if value is None or value == "":
        return None
    if kind == "date":
        if isinstance(value, datetime):
            return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return value if isinstance(value, date) else str(value)
    if kind in ("int", "number", "percent"):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value
    if isinstance(value, list | tuple):
        value = "\n".join(str(v) for v in value)
    return _ILLEGAL.sub("", str(value))


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_TITLE_BAD.sub("-", str(title)).strip() or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """The .xlsx file's bytes for `sheets`; each starts with a bold, frozen heading row."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for spec in sheets:
        ws = workbook.create_sheet(title=_sheet_title(spec.title, used))
        ws.freeze_panes = "A2"
        for index, column in enumerate(spec.columns, start=1):
            ws.column_dimensions[_letter(index)].width = column.width
        heading = []
        for column in spec.columns:
            cell = WriteOnlyCell(ws, value=str(column.heading))
            cell.font, cell.fill, cell.alignment = _HEADING_FONT, _HEADING_FILL, _WRAP
            heading.append(cell)
        ws.append(heading)
        for row in spec.rows:
            cells = []
            for column in spec.columns:
                kind = column.kind_for(row) if column.kind_for else column.kind
                cell = WriteOnlyCell(ws, value=_cell_value(column.value(row), kind))
                if kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[kind]
                cell.alignment = _WRAP if column.wrap else _TOP
                cells.append(cell)
            ws.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def ascii_filename(*parts: object, extension: str = "xlsx") -> str:
    """`ke-hoach-19-KH-UBND-nhiem-vu.xlsx`: diacritics dropped, case kept, ASCII only."""
    words = []
    for part in parts:
        text = str(part or "").replace("đ", "d").replace("Đ", "D")
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
        if text:
            words.append(text)
    return f"{'-'.join(words)[:150] or 'export'}.{extension}"


def xlsx_response(sheets: Iterable[Sheet], *, filename: str) -> HttpResponse:
    """An attachment response with the workbook."""
    response = HttpResponse(write_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

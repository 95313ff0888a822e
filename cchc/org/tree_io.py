"""The unit tree as a file: CSV (UTF-8, opens in Excel) and XLSX, both ways.

Columns (header row, any order): code, name, short_name, kind, parent_code, aliases,
valid_from, valid_to. `aliases` is "a|b|c"; dates are dd/mm/yyyy. Reading gives rows
for `org.services.import_units`; writing takes units in tree order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from cchc.org.models import Unit
from cchc.org.services import TREE_COLUMNS, UnitImportError

FORMATS = (".csv", ".xlsx")


def read_tree_file(path: Path) -> list[dict]:
    """Rows of a .csv or .xlsx tree file (see `read_tree`)."""
    return read_tree(data=path.read_bytes(), filename=path.name)


def read_tree(*, data: bytes, filename: str) -> list[dict]:
    """Rows (dicts by column, `_row` = spreadsheet row number) of a CSV or XLSX tree file.

    Raises UnitImportError (Vietnamese) for an unknown format, an unreadable file or a
    header that is not exactly the expected columns.
    """
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        table = _csv_table(data, filename)
    elif suffix == ".xlsx":
        table = _xlsx_table(data, filename)
    else:
        raise UnitImportError([f"Tệp “{filename}” không phải .csv hoặc .xlsx."])
    if not table:
        raise UnitImportError([f"Tệp “{filename}” trống: " + _expected_columns()])
    header = [str(h or "").strip().lower() for h in table[0]]
    while header and not header[-1]:
        header.pop()
    missing = [c for c in TREE_COLUMNS if c not in header]
    unknown = [h for h in header if h not in TREE_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        details = []
        if missing:
            details.append("thiếu cột " + ", ".join(missing))
        if unknown:
            details.append("cột không dùng được: " + ", ".join(f"“{h}”" for h in unknown))
        if len(set(header)) != len(header):
            details.append("có cột bị lặp")
        problem = f"Tệp “{filename}” có tiêu đề không đúng ({'; '.join(details)}). "
        raise UnitImportError([problem + _expected_columns()])
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = [_cell_text(v) for v in values]
        if not any(cells):
            continue  # blank line
        row = {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(header)}
        row["_row"] = number
        rows.append(row)
    return rows


def _expected_columns() -> str:
    return "Dòng đầu phải gồm đúng các cột: " + ", ".join(TREE_COLUMNS) + "."


def _csv_table(data: bytes, filename: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnitImportError(
            [f"Tệp “{filename}” không phải văn bản UTF-8. Trong Excel hãy lưu dạng “CSV UTF-8”."]
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel in Vietnamese locales writes ";"
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_table(data: bytes, filename: str) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a non-xlsx file
        raise UnitImportError([f"Không mở được tệp Excel “{filename}”. Hãy lưu lại dạng .xlsx."]) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- export --------------------------------------------------------------------------


def tree_rows(units: Iterable[Unit]) -> list[list[str]]:
    """Header and one row per unit, in the file columns."""
    rows = [list(TREE_COLUMNS)]
    for unit in units:
        rows.append(
            [
                unit.code,
                unit.name,
                unit.short_name,
                unit.kind,
                unit.parent.code if unit.parent_id else "",
                "|".join(a.text for a in sorted(unit.aliases.all(), key=lambda a: a.pk)),
                _date_text(unit.valid_from),
                _date_text(unit.valid_to),
            ]
        )
    return rows


def _date_text(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _prepared(units: Iterable[Unit]) -> Iterable[Unit]:
    if hasattr(units, "select_related"):
        return units.select_related("parent").prefetch_related("aliases")  # type: ignore[union-attr]
    return units


def export_tree_csv(units: Iterable[Unit]) -> bytes:
    """The units as CSV, UTF-8 with a byte-order mark so Excel shows Vietnamese correctly."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(tree_rows(_prepared(units)))
    return buffer.getvalue().encode("utf-8-sig")


def export_tree_xlsx(units: Iterable[Unit]) -> bytes:
    """The units as an .xlsx workbook, one sheet "Đơn vị", dates as text dd/mm/yyyy."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đơn vị"
    for row in tree_rows(_prepared(units)):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGH", (18, 48, 16, 12, 18, 60, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_tree(units: Iterable[Unit], filename: str) -> bytes:
    """CSV or XLSX by the file name's extension."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return export_tree_csv(units)
    if suffix == ".xlsx":
        return export_tree_xlsx(units)
    raise UnitImportError([f"Chỉ xuất được .csv hoặc .xlsx, không phải “{filename}”."])

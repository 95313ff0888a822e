"""HTML of the review tables: editable cells, tasks shown as text, the unit chips in them.

A plan can have hundreds of tasks with eight fields each; rendering them through the
template engine cost most of the page time, so their markup is built here (escaped with
format_html) and the templates place it. The tasks table shows each task as text
(`render_task_row`) until a person opens it: 2,400 live form controls weighed megabytes.
A cell carries no request attributes of its own: its control is named after the cell
(`task-5-title`) and the element around it, the cell host (`cell_host`), posts a changed
control's name and value to imports:update, which answers with the new cell swapped in by
its id (`cell-task-5-title`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cchc.plans.import_selectors import Cell, UnitRow

# The changed control is the event's target; queue:all, so that quick edits of two cells
# are both saved (the host is one element: by default htmx would keep only the last).
_HOST = (
    ' hx-post="{}" hx-trigger="change queue:all" hx-swap="none"'
    " hx-vals='js:{{cell: event.target.name, value: event.target.value}}'"
)


def cell_host(update_url: str) -> SafeString:
    """The attributes of an element holding cells (a table, the header's list) that save them."""
    return format_html(_HOST, update_url)


def render_cell(cell: Cell, *, labels: Mapping[str, str], oob: bool = False) -> SafeString:
    """One editable cell (`<div class="cell">`), with unit chips, error or "saved" mark;
    `oob` marks it for an out-of-band swap (the answer to an edit)."""
    state = " cell-error" if cell.error else (" cell-saved" if cell.saved else "")
    note = ""
    if cell.error:
        note = format_html(
            '<p class="error" role="alert" data-testid="{}-error">{}</p>', cell.testid, cell.error
        )
    elif cell.saved:
        note = format_html(
            '<span class="saved" data-testid="{}-saved">{}</span>', cell.testid, labels["saved"]
        )
    return format_html(
        '<div class="cell{}" id="cell-{}"{}>{}{}{}</div>',
        state,
        cell.testid,
        mark_safe(' hx-swap-oob="true"') if oob else "",
        render_chips(cell.chips),
        _control(cell, labels),
        note,
    )


def render_cells(cells: Iterable[Cell], *, labels: Mapping[str, str]) -> None:
    """Attach `html` to each cell."""
    for cell in cells:
        cell.html = render_cell(cell, labels=labels)


def render_task_row(row: Mapping[str, Any]) -> SafeString:
    """A task as the review shows it until a person opens it: its values as text, its units as
    chips. Its code opens it for editing (`?nhiem-vu=5`, a link the table boosts: HTMX swaps
    the open row in; without JavaScript the page loads with it open)."""
    code, title, products, lead, support, deadline_text, due, kind = row["cells"]
    return format_html(
        '<tr id="task-{0}" data-testid="task-row-{0}">'
        '<td><a class="open-task" href="?nhiem-vu={0}#task-{0}">{1}</a></td>'
        "<td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td><td>{6}</td></tr>",
        row["index"],
        code.value or "✎",
        title.value,
        _lines(products.value),
        render_chips(lead.chips),
        render_chips(support.chips),
        _deadline(deadline_text.value, due.value, dict(kind.options).get(kind.value, "")),
    )


def render_chips(units: list[UnitRow]) -> SafeString:
    """The unit names of a lead or support cell, each coloured by its matching status."""
    return format_html_join("", "{}", ((chip(u),) for u in units))


def chip(unit: UnitRow, *, oob: bool = False) -> SafeString:
    """One unit name as a chip linking to its row in the units panel; `oob` makes it replace
    every chip of the same name in the tasks table (the answer to mapping the name)."""
    selector = f'#tasks [data-testid="chip-{unit.slug}"]'
    return format_html(
        '<a href="#unit-{}" data-testid="chip-{}" data-status="{}"{}{}>{}</a>',
        unit.slug,
        unit.slug,
        unit.status,
        format_html(' title="{}"', unit.unit_name) if unit.unit_name else "",
        format_html(' hx-swap-oob="outerHTML:{}"', selector) if oob else "",
        unit.wording,
    )


def _control(cell: Cell, labels: Mapping[str, str]) -> SafeString:
    value = "" if cell.value is None else str(cell.value)
    # The header's few controls keep their test ids (browser tests read them); a task
    # table's thousands do without: `#cell-task-5-title textarea` finds one.
    test_id = format_html(' data-testid="{}"', cell.testid) if cell.kind == "header" else ""
    name = format_html('name="{}"{}', cell.testid, test_id)
    if cell.widget == "textarea":
        return format_html('<textarea {} rows="3">{}</textarea>', name, value)
    if cell.widget == "lines":
        area = format_html('<textarea {} rows="{}">{}</textarea>', name, 3 if value else 1, value)
        if cell.chips:
            return format_html(
                '<details class="edit-units"><summary>{}</summary>{}</details>', labels["edit"], area
            )
        return area
    if cell.widget == "select":
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if v == value else "", label) for v, label in cell.options),
        )
        return format_html("<select {}>{}</select>", name, options)
    if cell.widget == "date":
        # A text field in dd/mm/yyyy, not <input type="date">: the browser would show the
        # date in its own locale (02/03/2022 for 3 February in an English browser).
        return format_html('<input {} value="{}" placeholder="dd/mm/yyyy" size="10">', name, _vn_date(value))
    if cell.widget == "number":
        return format_html('<input {} value="{}" inputmode="decimal" size="8">', name, value)
    return format_html('<input {} value="{}">', name, value)


def _lines(text: str) -> SafeString:
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in str(text or "").splitlines()))


def _deadline(text: str, due: object, kind_label: str) -> SafeString:
    """The due date and the deadline as written; the deadline's kind only when neither is there."""
    if not (text or due):
        return format_html("<small>{}</small>", kind_label)
    if not due:
        return format_html("{}", text)
    return format_html("<b>{}</b>{}", _vn_date(due), format_html("<br>{}", text) if text else "")


def _vn_date(value: object) -> str:
    """An ISO date (as the draft stores it) shown as dd/mm/yyyy; anything else unchanged."""
    text = str(value or "")
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return text

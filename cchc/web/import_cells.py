"""HTML of the review tables' editable cells.

A plan can have hundreds of tasks with eight editable fields each; rendering every cell
through the template engine cost most of the page time, so the cell markup is built
here (escaped with format_html) and the templates place it. One cell is one small
HTMX form: a change posts it to imports:update, which answers with the new cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cchc.plans.import_selectors import Cell, UnitRow


def render_cell(cell: Cell, *, update_url: str, labels: Mapping[str, str]) -> SafeString:
    """One editable cell (`<form class="cell">`), with unit chips, error or "saved" mark."""
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
        '<form class="cell cell-{widget}{state}" id="cell-{testid}" '
        'hx-post="{url}" hx-trigger="change" hx-target="this" hx-swap="outerHTML">'
        '<input type="hidden" name="kind" value="{kind}"><input type="hidden" name="index" value="{index}">'
        '<input type="hidden" name="field" value="{field}">{chips}{control}{note}</form>',
        widget=cell.widget,
        state=state,
        testid=cell.testid,
        url=update_url,
        kind=cell.kind,
        index=str(cell.index),
        field=cell.field,
        chips=_chips(cell.chips),
        control=_control(cell, labels),
        note=note,
    )


def render_cells(cells: Iterable[Cell], *, update_url: str, labels: Mapping[str, str]) -> None:
    """Attach `html` to each cell."""
    for cell in cells:
        cell.html = render_cell(cell, update_url=update_url, labels=labels)


def _chips(units: list[UnitRow]) -> SafeString:
    if not units:
        return mark_safe("")
    items = format_html_join(
        "",
        '<li><a href="#unit-{0}" class="chip unit-{1}" data-testid="chip-{0}" data-status="{1}" '
        'title="{2}">{3}</a></li>',
        ((u.slug, u.status, u.unit_name, u.wording) for u in units),
    )
    return format_html('<ul class="chips">{}</ul>', items)


def _control(cell: Cell, labels: Mapping[str, str]) -> SafeString:
    value = "" if cell.value is None else str(cell.value)
    if cell.widget == "textarea":
        return format_html(
            '<textarea name="value" rows="3" data-testid="{}">{}</textarea>', cell.testid, value
        )
    if cell.widget == "lines":
        area = format_html(
            '<textarea name="value" rows="{}" data-testid="{}" title="{}">{}</textarea>',
            3 if value else 1,
            cell.testid,
            labels["one_per_line"],
            value,
        )
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
        return format_html('<select name="value" data-testid="{}">{}</select>', cell.testid, options)
    if cell.widget == "date":
        # A text field in dd/mm/yyyy, not <input type="date">: the browser would show the
        # date in its own locale (02/03/2022 for 3 February in an English browser).
        return format_html(
            '<input type="text" name="value" value="{}" placeholder="dd/mm/yyyy" size="10" data-testid="{}">',
            _vn_date(value),
            cell.testid,
        )
    if cell.widget == "number":
        return format_html(
            '<input type="text" inputmode="decimal" name="value" value="{}" size="8" data-testid="{}">',
            value,
            cell.testid,
        )
    return format_html('<input type="text" name="value" value="{}" data-testid="{}">', value, cell.testid)


def _vn_date(value: object) -> str:
    """An ISO date (as the draft stores it) shown as dd/mm/yyyy; anything else unchanged."""
    text = str(value or "")
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    return text

"""Plan progress: lead obligations by section and by unit, a bar chart, the unit ranking,
and their Excel exports.

The plan is fetched through cchc.plans.selectors.plan_get_for_user (outsiders get 404); the
figures come from cchc.tracking.selectors (aggregated in the database).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cchc.plans.selectors import plan_get_for_user
from cchc.tracking import selectors
from cchc.tracking.selectors import PlanProgress
from cchc.web.xlsx import Column, Sheet, ascii_filename, xlsx_response

# Stacked series of the chart, bottom to top; progress-chart.js colours them by key.
_SERIES = ("on_time", "late", "not_done", "overdue", "open")


def outcome_labels() -> dict[str, str]:
    """Names of the outcomes of a lead obligation (per request: in the user's language)."""
    return {
        "on_time": _("Done on time"),
        "late": _("Done late"),
        "not_done": _("Could not be done"),
        "overdue": _("Overdue"),
        "open": _("Not yet due"),
    }


def chart_data(progress: PlanProgress) -> dict:
    """What progress-chart.js draws: one stacked bar per unit, one series per outcome."""
    labels = outcome_labels()
    return {
        "labels": [row.label for row in progress.units],
        "series": [
            {"key": key, "label": labels[key], "data": [getattr(row, key) for row in progress.units]}
            for key in _SERIES
        ],
        "axis": _("Obligations"),
    }


@login_required
@require_GET
def plan_progress(request, pk: int):
    plan = plan_get_for_user(request.user, pk)
    progress = selectors.plan_progress(plan=plan)
    context = {
        "plan": plan,
        "progress": progress,
        "ranking": selectors.unit_ranking(plan=plan, today=progress.today),
        "chart": chart_data(progress),
        # Horizontal bars: room for each unit's bar and name, plus the legend and axis.
        "chart_height": 5 + 2 * len(progress.units),
        "labels": outcome_labels(),
    }
    return render(request, "plans/progress.html", context)


def progress_columns(first: str, *, code: bool = False) -> list[Column]:
    """Columns of a progress sheet (by section with its code, or by unit)."""
    labels = outcome_labels()
    columns = [Column(_("Code"), lambda r: r.code, width=8)] if code else []
    return [
        *columns,
        Column(first, lambda r: r.label, width=48, wrap=True),
        Column(_("Obligations"), lambda r: r.total, width=12, kind="int"),
        Column(labels["on_time"], lambda r: r.on_time, width=12, kind="int"),
        Column(_("Done on time (%)"), lambda r: r.pct_on_time, width=12, kind="percent"),
        Column(labels["late"], lambda r: r.late, width=12, kind="int"),
        Column(_("Done late (%)"), lambda r: r.pct_late, width=12, kind="percent"),
        Column(labels["not_done"], lambda r: r.not_done, width=12, kind="int"),
        Column(labels["overdue"], lambda r: r.overdue, width=12, kind="int"),
        Column(_("Overdue (%)"), lambda r: r.pct_overdue, width=12, kind="percent"),
        Column(labels["open"], lambda r: r.open, width=12, kind="int"),
    ]


def support_columns() -> list[Column]:
    return [
        Column(_("Supporting unit"), lambda r: r.label, width=48, wrap=True),
        Column(_("Obligations"), lambda r: r.total, width=12, kind="int"),
        Column(_("Done"), lambda r: r.done, width=12, kind="int"),
        Column(_("Done (%)"), lambda r: r.pct_done, width=12, kind="percent"),
        Column(_("Overdue"), lambda r: r.overdue, width=12, kind="int"),
    ]


@login_required
@require_GET
def export_progress(request, pk: int):
    plan = plan_get_for_user(request.user, pk)
    progress = selectors.plan_progress(plan=plan)
    sheets = [
        Sheet(
            _("By section"), progress_columns(_("Section"), code=True), [*progress.sections, progress.totals]
        ),
        Sheet(_("By unit"), progress_columns(_("Lead unit")), [*progress.units, progress.totals]),
        Sheet(_("Supporting units"), support_columns(), progress.support),
    ]
    return xlsx_response(sheets, filename=ascii_filename("ke-hoach", plan.number or plan.pk, "tien-do"))


def ranking_columns() -> list[Column]:
    return [
        Column(_("Rank"), lambda r: r.rank, width=8, kind="int"),
        Column(_("Lead unit"), lambda r: r.unit_name, width=48, wrap=True),
        Column(_("Due by today"), lambda r: r.due_count, width=12, kind="int"),
        Column(_("Done on time"), lambda r: r.on_time, width=12, kind="int"),
        Column(_("On-time rate"), lambda r: r.rate, width=12, kind="percent"),
        Column(_("Overdue"), lambda r: r.overdue, width=12, kind="int"),
        Column(_("All obligations"), lambda r: r.total, width=12, kind="int"),
    ]


@login_required
@require_GET
def export_ranking(request, pk: int):
    plan = plan_get_for_user(request.user, pk)
    ranking = selectors.unit_ranking(plan=plan)
    sheet = Sheet(_("Ranking"), ranking_columns(), ranking)
    return xlsx_response([sheet], filename=ascii_filename("ke-hoach", plan.number or plan.pk, "xep-hang"))

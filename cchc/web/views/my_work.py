""" "Việc của tôi": one unit's obligations in four buckets (overdue, due soon, open, done).

The unit is `?unit=<id>`, by default the first unit the user is a member of. A unit the user
may not read is a 404 (cchc.plans.selectors.unit_get_for_user); the obligations are read
through cchc.tracking.access by cchc.tracking.selectors.my_work.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from cchc.org.models import Unit
from cchc.plans.selectors import unit_get_for_user
from cchc.tracking import selectors
from cchc.tracking.due_states import DueState
from cchc.tracking.models import Obligation
from cchc.web.views.plans import url_parts
from cchc.web.xlsx import Column, Sheet, ascii_filename, xlsx_response


def bucket_labels() -> dict[str, str]:
    """Headings of the four buckets (per request: in the user's language)."""
    return {
        DueState.OVERDUE: _("Overdue"),
        DueState.DUE_SOON: _("Due soon (within 5 working days)"),
        DueState.OPEN: _("Open"),
        DueState.DONE: _("Done"),
    }


def _chosen_unit(request, member_units: list[Unit]) -> Unit | None:
    raw = request.GET.get("unit", "").strip()
    if not raw:
        return member_units[0] if member_units else None
    if not raw.isdigit():
        raise Http404
    return unit_get_for_user(request.user, int(raw))


@login_required
@require_GET
def my_work(request):
    member_units = list(selectors.work_units_for_user(user=request.user))
    unit = _chosen_unit(request, member_units)
    work = selectors.my_work(user=request.user, unit=unit, limit=selectors.MY_WORK_LIMIT) if unit else None
    choices = member_units if unit is None or unit in member_units else [*member_units, unit]
    href, href_end = url_parts("tracking:obligation")
    labels = bucket_labels()
    # Test ids and anchors: bucket-overdue, bucket-due-soon, bucket-open, bucket-done.
    sections = [(b, labels[s], s.replace("_", "-")) for s, b in work.buckets.items()] if work else []
    context = {
        "unit": unit,
        "units": choices,
        "work": work,
        "sections": sections,
        "obligation_href": href,
        "obligation_href_end": href_end,
    }
    return render(request, "tracking/my_work.html", context)


def _review_label(row: selectors.WorkRow) -> str:
    return str(Obligation.Review(row.review).label) if row.review else ""


def my_work_columns(labels: dict[str, str]) -> list[Column]:
    """Columns of the "my work" export: one sheet, bucket by bucket."""
    roles = dict(Obligation.Role.choices)
    return [
        Column(_("Situation"), lambda r: labels[r.state], width=16),
        Column(_("Role"), lambda r: roles[r.role], width=10),
        Column(_("Plan"), lambda r: r.plan_number or r.plan_title, width=18, wrap=True),
        Column(_("Code"), lambda r: r.task_code, width=9),
        Column(_("Task"), lambda r: r.task_title, width=60, wrap=True),
        Column(pgettext("obligation", "Period"), lambda r: r.period_label, width=16),
        Column(_("Due date"), lambda r: r.due, width=12, kind="date"),
        Column(_("Working days overdue"), lambda r: r.overdue_days or None, width=12, kind="int"),
        Column(_("Status"), lambda r: r.status_label, width=18),
        Column(_("Review"), _review_label, width=18),
        Column(_("Completed on"), lambda r: r.completed_on, width=12, kind="date"),
        Column(_("Working days late"), lambda r: r.late_working_days, width=12, kind="int"),
    ]


@login_required
@require_GET
def export_my_work(request):
    member_units = list(selectors.work_units_for_user(user=request.user))
    unit = _chosen_unit(request, member_units)
    rows: list[selectors.WorkRow] = []
    if unit is not None:
        work = selectors.my_work(user=request.user, unit=unit, limit=None)
        rows = [row for bucket in work.buckets.values() for row in bucket.rows]
    name = (unit.short_name or unit.name) if unit else ""
    sheet = Sheet(_("My work"), my_work_columns(bucket_labels()), rows)
    return xlsx_response([sheet], filename=ascii_filename("viec-cua-toi", name))

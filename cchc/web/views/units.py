"""Unit page: every task a unit leads or supports, across the plans the user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cchc.plans import selectors
from cchc.plans.models import Assignment
from cchc.web.views.plans import task_columns, url_parts
from cchc.web.xlsx import Column, Sheet, ascii_filename, xlsx_response


def _roles(task) -> str:
    labels = {Assignment.Role.LEAD: _("Lead"), Assignment.Role.SUPPORT: _("Support")}
    return ", ".join(str(labels[r]) for r in task.unit_roles)


@login_required
@require_GET
def unit_detail(request, pk: int):
    unit = selectors.unit_get_for_user(request.user, pk)
    tasks, page = selectors.unit_task_page(unit=unit, user=request.user, number=request.GET.get("trang"))
    plan_href, plan_href_end = url_parts("plans:detail")
    context = {
        "unit": unit,
        "tasks": tasks,
        "page": page,
        "plan_href": plan_href,
        "plan_href_end": plan_href_end,
        "lead_label": _("Lead"),
        "support_label": _("Support"),
    }
    return render(request, "units/detail.html", context)


@login_required
@require_GET
def unit_export(request, pk: int):
    unit = selectors.unit_get_for_user(request.user, pk)
    tasks = selectors.unit_tasks(unit=unit, user=request.user)
    columns = [
        Column(_("Role"), _roles, width=14),
        Column(_("Year"), lambda t: t.plan.year, width=7, kind="int"),
        Column(_("Plan"), lambda t: t.plan.number or t.plan.title, width=18, wrap=True),
        Column(_("Issuer"), lambda t: t.plan.issuer.name, width=28, wrap=True),
        *task_columns(),
    ]
    filename = ascii_filename("don-vi", unit.short_name or unit.name, "nhiem-vu")
    return xlsx_response([Sheet(_("Tasks"), columns, tasks)], filename=filename)

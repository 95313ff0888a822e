"""Plan pages: the list, one plan with its filterable task table, exports and edits.

Every plan is fetched through cchc.plans.selectors (plan_get_for_user / plans_for_user):
outsiders get 404, readers without an edit role get 404 on the edit pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from cchc.org.access import can_edit_unit
from cchc.org.models import Unit
from cchc.plans import selectors, version_selectors
from cchc.plans.edits import StaleEditError, target_fingerprint, update_target
from cchc.plans.models import Plan, Task
from cchc.tracking.plan_changes import edit_task
from cchc.web.forms.plans import (
    AssignmentFormSet,
    PlanListFilterForm,
    TargetForm,
    TaskFilterForm,
    TaskForm,
    assignment_initial,
)
from cchc.web.xlsx import Column, Sheet, ascii_filename, xlsx_response

PLANS_PER_PAGE = 50


def _list_form(request) -> PlanListFilterForm:
    years, issuers = selectors.plan_list_choices(user=request.user)
    return PlanListFilterForm(request.GET or None, years=years, issuers=issuers)


@login_required
@require_GET
def plan_list(request):
    form = _list_form(request)
    plans = selectors.plan_list_for_user(user=request.user, **form.filters())
    page = Paginator(plans, PLANS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/list.html",
        {"form": form, "page": page, "plans": page.object_list, "query": query.urlencode()},
    )


def _task_filter_form(request, plan: Plan) -> TaskFilterForm:
    return TaskFilterForm(request.GET or None, lead_units=selectors.plan_lead_units(plan=plan))


_SENTINEL = 987654321


def url_parts(name: str) -> tuple[str, str]:
    """("/don-vi/", "/") for units:detail: the URL around its pk, reversed once per page
    instead of once per row (reverse() was a quarter of the 300-task page's time)."""
    before, _sep, after = reverse(name, args=[_SENTINEL]).partition(str(_SENTINEL))
    return before, after


def _row_urls() -> dict[str, str]:
    unit_href, unit_href_end = url_parts("units:detail")
    edit_href, edit_href_end = url_parts("plans:task_edit")
    task_href, task_href_end = url_parts("plans:task")
    return {
        "unit_href": unit_href,
        "unit_href_end": unit_href_end,
        "edit_href": edit_href,
        "task_href": task_href,
        "task_href_end": task_href_end,
        "edit_href_end": edit_href_end,
    }


def _task_table_context(request, plan: Plan) -> dict:
    form = _task_filter_form(request, plan)
    filters = form.filters()
    filtered = any(value is not None for value in filters.values())
    groups = selectors.plan_sections_with_tasks(plan=plan, keep_empty=not filtered, **filters)
    return {
        "plan": plan,
        "form": form,
        "groups": groups,
        "task_total": sum(len(g.tasks) for g in groups),
        "filtered": filtered,
        "query": request.GET.urlencode(),
        "can_edit": can_edit_unit(request.user, plan.issuer),
        **_row_urls(),
        "edit_label": _("Edit"),
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def plan_detail(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    context = _task_table_context(request, plan)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "plans/detail.html#task-table", context)
    context["targets"] = list(plan.targets.order_by("position", "pk"))
    context["report_deadlines"] = list(plan.report_deadlines.order_by("position", "pk"))
    context["versions"] = version_selectors.plan_versions(plan=plan)
    context["withdrawn_tasks"] = version_selectors.plan_withdrawn_tasks(plan=plan)
    return render(request, "plans/detail.html", context)


# --- Exports ----------------------------------------------------------------------------------


def list_columns() -> list[Column]:
    """Columns of the plan-list export (built per request: headings in the user's language)."""
    return [
        Column(_("Year"), lambda p: p.year, width=7, kind="int"),
        Column(_("Issuer"), lambda p: p.issuer.name, width=32, wrap=True),
        Column(_("Level"), lambda p: Unit.Kind(p.issuer_kind).label if p.issuer_kind else "", width=18),
        Column(_("Number"), lambda p: p.number, width=16),
        Column(_("Date issued"), lambda p: p.issued_on, width=12, kind="date"),
        Column(_("Title"), lambda p: p.title, width=60, wrap=True),
        Column(_("Signer"), lambda p: p.signer_name, width=22),
        Column(_("Tasks"), lambda p: p.task_count, width=10, kind="int"),
        Column(_("Targets"), lambda p: p.target_count, width=10, kind="int"),
    ]


def _units(assignments) -> str:
    return "\n".join(a.wording for a in assignments)


def task_columns() -> list[Column]:
    """Columns of a task export; shared by the plan and unit exports."""
    return [
        Column(_("Code"), lambda t: t.code, width=9),
        Column(_("Task"), lambda t: t.title, width=60, wrap=True),
        Column(_("Products"), lambda t: t.products, width=36, wrap=True),
        Column(_("Lead unit"), lambda t: _units(t.leads), width=28, wrap=True),
        Column(_("Supporting units"), lambda t: _units(t.supports), width=32, wrap=True),
        Column(_("Deadline as written"), lambda t: t.deadline_text, width=28, wrap=True),
        Column(_("Deadline kind"), lambda t: t.get_deadline_kind_display(), width=18),
        Column(_("Due date"), lambda t: t.due, width=12, kind="date"),
    ]


def _value_kind(target) -> str:
    return "percent" if target.unit_label.strip() == "%" else "number"


def target_columns() -> list[Column]:
    return [
        Column(_("Code"), lambda t: t.code, width=9),
        Column(_("Target as written"), lambda t: t.text, width=60, wrap=True),
        Column(_("Indicator"), lambda t: t.indicator, width=40, wrap=True),
        Column(_("Comparison"), lambda t: t.get_op_display() if t.op else "", width=12),
        Column(_("Value"), lambda t: t.value, width=12, kind="number", kind_for=_value_kind),
        Column(_("Unit of measure"), lambda t: t.unit_label, width=14),
        Column(_("Base year"), lambda t: t.base_year, width=10, kind="int"),
        Column(_("Scope"), lambda t: t.scope, width=40, wrap=True),
    ]


@login_required
@require_GET
def export_list(request):
    form = _list_form(request)
    plans = selectors.plan_list_for_user(user=request.user, **form.filters())
    filename = ascii_filename("ke-hoach", form.filters().get("year") or "", "danh-sach")
    return xlsx_response(
        [Sheet(_("Plans"), list_columns(), plans.iterator(chunk_size=500))], filename=filename
    )


@login_required
@require_GET
def export_tasks(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    filters = _task_filter_form(request, plan).filters()
    tasks = selectors.plan_tasks(plan=plan, **filters)
    targets = list(plan.targets.order_by("position", "pk"))
    sheets = [
        Sheet(_("Tasks"), task_columns(), tasks),
        Sheet(_("Targets"), target_columns(), targets),
    ]
    return xlsx_response(sheets, filename=ascii_filename("ke-hoach", plan.number or plan.pk, "nhiem-vu"))


# --- Edits --------------------------------------------------------------------------------------


def _edit_units(plan: Plan, task: Task):
    """Units offered for a task's assignments: the issuer's subtree and the units already set."""
    assigned = task.assignments.exclude(unit=None).values("unit_id")
    return Unit.objects.filter(path__startswith=plan.issuer.path) | Unit.objects.filter(pk__in=assigned)


def _task_url(task: Task) -> str:
    return reverse("plans:detail", args=[task.plan_id]) + f"#task-{task.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk, write=True)
    units = _edit_units(task.plan, task).order_by("path").distinct()
    if request.method == "POST":
        form = TaskForm(request.POST)
        formset = AssignmentFormSet(request.POST, prefix="units", form_kwargs={"units": units})
        if form.is_valid() and formset.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            specs = formset.specs()
            try:
                edit_task(task=task, user=request.user, version=version, **data, **specs)
            except StaleEditError as error:
                task.refresh_from_db()
                form = TaskForm(initial=TaskForm.initial_for(task))
                formset = AssignmentFormSet(
                    initial=assignment_initial(task), prefix="units", form_kwargs={"units": units}
                )
                return _render_task_edit(request, task, form, formset, stale=error.messages, status=409)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The task was saved."))
                return redirect(_task_url(task))
    else:
        form = TaskForm(initial=TaskForm.initial_for(task))
        formset = AssignmentFormSet(
            initial=assignment_initial(task), prefix="units", form_kwargs={"units": units}
        )
    return _render_task_edit(request, task, form, formset)


def _render_task_edit(request, task, form, formset, *, stale=None, status=200):
    return render(
        request,
        "plans/task_edit.html",
        {"task": task, "plan": task.plan, "form": form, "formset": formset, "stale": stale or []},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int):
    target = selectors.target_get_for_user(request.user, pk, write=True)
    stale: list[str] = []
    status = 200
    if request.method == "POST":
        form = TargetForm(request.POST, instance=target)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in TargetForm.Meta.fields}
            try:
                update_target(
                    target=target,
                    user=request.user,
                    fingerprint=form.cleaned_data.get("fingerprint") or None,
                    **data,
                )
            except StaleEditError as error:
                target.refresh_from_db()
                stale, status = error.messages, 409
                form = TargetForm(instance=target, initial={"fingerprint": target_fingerprint(target)})
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The target was saved."))
                return redirect(reverse("plans:detail", args=[target.plan_id]) + f"#target-{target.pk}")
    else:
        form = TargetForm(instance=target, initial={"fingerprint": target_fingerprint(target)})
    return render(
        request,
        "plans/target_edit.html",
        {"target": target, "plan": target.plan, "form": form, "stale": stale},
        status=status,
    )

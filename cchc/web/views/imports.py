"""Plan import pages: upload, review (with HTMX fragments), confirm.

Each view parses its input with a form, calls one service and renders; refusals come
back from the services as ImportRejected and are shown as they are.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from cchc.org.access import EDIT_ROLES, units_for_user
from cchc.org.models import Unit
from cchc.plans import drafts
from cchc.plans.errors import ImportRejected
from cchc.plans.import_selectors import (
    cell_for,
    changed_unit_rows,
    draft_get_for_user,
    draft_review,
    draft_task_row,
    unit_rows,
)
from cchc.plans.matching import scope_units
from cchc.plans.models import ImportDraft
from cchc.tracking.plan_changes import confirm_import
from cchc.tracking.version_review import version_review
from cchc.web.forms.imports import (
    ConfirmForm,
    FieldEditForm,
    IssuerForm,
    MapUnitForm,
    UploadForm,
    parse_cell,
)
from cchc.web.import_cells import cell_host, chip, render_cell, render_cells, render_task_row

TEMPLATE = "imports/review.html"


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Upload a plan file or paste its text; a readable one opens its review."""
    may_import = units_for_user(request.user, roles=EDIT_ROLES).exists()
    form = UploadForm()
    if request.method == "POST" and may_import:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                draft = drafts.create_draft(
                    user=request.user, data=form.cleaned_data["data"], filename=form.cleaned_data["filename"]
                )
            except ImportRejected as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("imports:review", draft.pk)
    open_drafts = ImportDraft.objects.filter(
        created_by=request.user,
        expires_at__gt=timezone.now(),
        status__in=[ImportDraft.Status.PARSING, ImportDraft.Status.READY],
    ).order_by("-created_at")[:10]
    return render(
        request,
        "imports/new.html",
        {
            "form": form,
            "may_import": may_import,
            "drafts": open_drafts,
            "max_upload_mb": settings.CCHC_MAX_UPLOAD_MB,
        },
        status=200 if may_import else 403,
    )


@login_required
@require_GET
def review(request: HttpRequest, draft_id) -> HttpResponse:
    """The review page: header, warnings, units, targets and tasks, confirm."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)
    context = {"draft": draft}
    if draft.status == ImportDraft.Status.READY:
        # A task or a unit name is opened in place (HTMX), or by loading the page with it open.
        open_task, open_unit = _index(request.GET.get("nhiem-vu")), request.GET.get("don-vi", "")
        if request.htmx and open_task is not None:
            return _task_editor(request, draft, index=open_task)
        if request.htmx and open_unit:
            return _unit_opened(request, draft, slug=open_unit)
        context["review"] = _review(request, draft, open_task=open_task)
        context["cell_host"] = cell_host(reverse("imports:update", args=[draft.pk]))
        context["open_task"], context["open_unit"] = open_task, open_unit
        context["version"] = version_review(draft=draft)
        context["confirm_form"] = ConfirmForm(warnings=bool((draft.payload or {}).get("warnings")))
        context["issuer_form"] = IssuerForm(
            initial={"issuer": draft.issuer_id}, units=units_for_user(request.user, roles=EDIT_ROLES)
        )
    return render(request, TEMPLATE, context)


@login_required
@require_GET
def status(request: HttpRequest, draft_id) -> HttpResponse:
    """The progress fragment polled while the worker reads a big file."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)
    if not request.htmx:
        return redirect("imports:review", draft.pk)
    if draft.status != ImportDraft.Status.PARSING:
        return HttpResponseClientRefresh()
    return render(request, f"{TEMPLATE}#status", {"draft": draft})


@login_required
@require_POST
def update(request: HttpRequest, draft_id) -> HttpResponse:
    """An inline edit of one header, task or target field (or the issuing unit)."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)
    if "issuer" in request.POST:
        return _update_issuer(request, draft)
    form = FieldEditForm(request.POST)
    if not form.is_valid():
        kind, index, name = parse_cell(request.POST.get("cell", "")) or ("", -1, "")
        cell = cell_for(draft=draft, kind=kind, index=index, field_name=name)
        if cell is None or not request.htmx:
            messages.error(request, _first_error(form))
            return redirect("imports:review", draft.pk)
        cell.value, cell.error = request.POST.get("value", ""), _first_error(form)
        return HttpResponse(render_cell(cell, labels=_labels(), oob=True))
    kind, index, name = form.cleaned_data["kind"], form.cleaned_data["index"], form.cleaned_data["field"]
    edit = {name: form.cleaned_data["parsed"]}
    error = ""
    try:
        drafts.update_draft(
            draft=draft,
            user=request.user,
            header=edit if kind == "header" else None,
            tasks={index: edit} if kind == "task" else None,
            targets={index: edit} if kind == "target" else None,
        )
    except ImportRejected as exc:
        error = exc.message
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("imports:review", draft.pk)
    cell = cell_for(draft=draft, kind=kind, index=index, field_name=name)
    if cell is None:
        return HttpResponseClientRefresh()
    cell.error, cell.saved = error, not error
    html = render_cell(cell, labels=_labels(), oob=True)
    if name in ("lead", "support") and not error:
        html += _units_panel(request, draft)
    return HttpResponse(html)


@login_required
@require_POST
def map_unit(request: HttpRequest, draft_id) -> HttpResponse:
    """Map a unit wording to a unit (optionally remembered as an alias), unmatch it, or create a unit."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)
    form = MapUnitForm(
        request.POST, units=scope_units(draft.issuer), parents=units_for_user(request.user, roles=EDIT_ROLES)
    )
    before = unit_rows(draft=draft) if request.htmx else []
    done = _map_unit(request, draft, form)
    if not request.htmx:
        return redirect(reverse("imports:review", args=[draft.pk]) + "#units")
    if not done or form.cleaned_data["action"] == "create":
        # A refusal's message, or a new unit that every row may now choose: the whole page.
        return HttpResponseClientRefresh()
    draft.refresh_from_db()
    return HttpResponse(_unit_changes(request, draft, before=before))


@login_required
@require_POST
def confirm(request: HttpRequest, draft_id) -> HttpResponse:
    """Save the reviewed plan; refusals come back to the review page as a message."""
    draft = draft_get_for_user(user=request.user, draft_id=draft_id)
    form = ConfirmForm(request.POST, warnings=bool((draft.payload or {}).get("warnings")))
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("imports:review", draft.pk)
    try:
        plan = confirm_import(
            draft_id=draft.pk,
            user=request.user,
            acknowledge_warnings=form.cleaned_data["acknowledge"],
            decisions=form.cleaned_data["decisions"],
            note=form.cleaned_data["note"],
        )
    except ImportRejected as exc:
        messages.error(request, exc.message)
        return redirect("imports:review", draft.pk)
    messages.success(request, _("The plan was saved: %(title)s.") % {"title": plan.title})
    return redirect(reverse("plans:detail", args=[plan.pk]))


def _map_unit(request: HttpRequest, draft: ImportDraft, form: MapUnitForm) -> bool:
    """Call the service the mapping form asks for; False (with a message) when it is refused."""
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return False
    data = form.cleaned_data
    try:
        if data["action"] == "create":
            unit = drafts.create_unit_for_name(
                draft=draft,
                user=request.user,
                wording=data["wording"],
                parent=data["parent"],
                name=data["name"],
                kind=data.get("unit_kind") or Unit.Kind.OTHER,
            )
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
        else:
            drafts.map_unit_name(
                draft=draft,
                user=request.user,
                wording=data["wording"],
                unit=data["unit"] if data["action"] == "map" else None,
                remember=data["remember"],
            )
    except ImportRejected as exc:
        messages.error(request, exc.message)
        return False
    return True


def _unit_changes(request: HttpRequest, draft: ImportDraft, *, before) -> str:
    """Out of band, only what a mapping changed: the units panel's counts, the rows whose match
    changed (a wording's spelling variants follow it) and their chips all over the tasks table."""
    review = draft_review(draft=draft, user=request.user)
    context = {"draft": draft, "review": review, "part_oob": True}
    html = render_to_string(f"{TEMPLATE}#unit_counts", context, request=request)
    for row in changed_unit_rows(before=before, after=review.units):
        html += render_to_string(f"{TEMPLATE}#unit_row", {**context, "u": row}, request=request)
        html += chip(row, oob=True)
    return html


def _update_issuer(request: HttpRequest, draft: ImportDraft) -> HttpResponse:
    form = IssuerForm(request.POST, units=units_for_user(request.user, roles=EDIT_ROLES))
    if form.is_valid():
        try:
            drafts.update_draft(draft=draft, user=request.user, issuer=form.cleaned_data["issuer"])
        except ImportRejected as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _first_error(form))
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect("imports:review", draft.pk)


def _units_panel(request: HttpRequest, draft: ImportDraft) -> str:
    """The whole units panel, out of band (after an edit of a task's units: names may come or go)."""
    context = {"draft": draft, "review": draft_review(draft=draft, user=request.user), "oob": True}
    return render_to_string(f"{TEMPLATE}#units", context, request=request)


def _task_editor(request: HttpRequest, draft: ImportDraft, *, index: int) -> HttpResponse:
    """A task opened for editing, in place of its row (out of band)."""
    row = draft_task_row(draft=draft, index=index)
    if row is None:
        return HttpResponseClientRefresh()
    render_cells(row["cells"], labels=_labels())
    return render(request, f"{TEMPLATE}#task_editor", {"row": row, "part_oob": True})


def _unit_opened(request: HttpRequest, draft: ImportDraft, *, slug: str) -> HttpResponse:
    """A unit name's row with every unit and the form for a new one, in place (out of band)."""
    review = draft_review(draft=draft, user=request.user)
    row = next((u for u in review.units if u.slug == slug), None)
    if row is None:
        return HttpResponseClientRefresh()
    context = {"draft": draft, "review": review, "u": row, "open_unit": slug, "part_oob": True}
    return render(request, f"{TEMPLATE}#unit_row", context)


def _review(request: HttpRequest, draft: ImportDraft, *, open_task: int | None = None):
    """The review with its HTML: editable header, targets and open task; the other tasks as text."""
    review = draft_review(draft=draft, user=request.user)
    cells = [*review.header, *(c for row in review.targets for c in row["cells"])]
    for row in review.tasks:
        if row["index"] == open_task:
            cells += row["cells"]
        else:
            row["html"] = render_task_row(row)
    render_cells(cells, labels=_labels())
    return review


def _labels() -> dict[str, str]:
    """What editable cells say, translated once per page rather than once per cell."""
    return {"edit": _("Edit"), "saved": _("Saved")}


def _first_error(form) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return _("The form has errors.")


def _index(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None

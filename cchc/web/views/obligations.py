"""The obligation page and its actions: record progress with evidence, approve or return,
ask for an extension and decide it, record the event; and evidence downloads.

Every object comes through cchc.tracking.access (404 for those who may not). Actions are
POST + redirect with a message; a refused input re-renders the page with the person's
input and the service's message (status 400).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cchc.tracking import access, detail_selectors, extensions, obligations, progress
from cchc.tracking.access import Action
from cchc.tracking.models import Evidence, Obligation
from cchc.web.forms.tracking import (
    EventForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressForm,
    ReviewForm,
    add_service_error,
)
from cchc.web.xlsx import ascii_filename

FORM_NAMES = ("progress_form", "review_form", "extension_form", "decision_form", "event_form")


def _obligation_url(obligation_id: int, anchor: str = "") -> str:
    return reverse("tracking:obligation", args=[obligation_id]) + (f"#{anchor}" if anchor else "")


def _blank_forms(page: detail_selectors.ObligationPage) -> dict[str, Form]:
    ob = page.obligation
    may_set_due = Action.DECIDE in page.actions
    return {
        "progress_form": ProgressForm(initial=ProgressForm.initial_for(ob, page.latest)),
        "review_form": ReviewForm(),
        "extension_form": ExtensionRequestForm(initial={"version": ob.version}),
        "decision_form": ExtensionDecisionForm(),
        "event_form": EventForm(initial={"version": ob.version}, may_set_due=may_set_due),
    }


def _render_page(request, obligation: Obligation, *, status: int = 200, **bound: Form):
    """The page, with `bound` forms (the person's input and errors) in place of blank ones."""
    page = detail_selectors.obligation_page(obligation=obligation, user=request.user)
    context = {"page": page, "ob": obligation, **_blank_forms(page), **bound}
    context["has_errors"] = any(form.errors for form in bound.values())
    # The services' refusals (not tied to one field) go at the top of the page: the form they
    # came from may be gone, e.g. when another leader reviewed the update meanwhile.
    context["form_errors"] = [message for form in bound.values() for message in form.non_field_errors()]
    return render(request, "tracking/obligation.html", context, status=status)


def _refused(request, obligation: Obligation, name: str, form: Form, error: ValidationError | None = None):
    """Re-render with `form` (as `name`) showing the service's message; nothing was saved."""
    if error is not None:
        add_service_error(form, error)
    obligation.refresh_from_db()
    return _render_page(request, obligation, status=400, **{name: form})


@login_required
@require_GET
def obligation_detail(request, pk: int):
    obligation = access.obligation_get_for_user(request.user, pk)
    return _render_page(request, obligation)


@login_required
@require_POST
def record_progress(request, pk: int):
    obligation = access.obligation_get_for_user(request.user, pk, action=Action.RECORD)
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, obligation, "progress_form", form)
    try:
        progress.record_progress(obligation=obligation, user=request.user, **form.service_arguments())
    except ValidationError as error:
        return _refused(request, obligation, "progress_form", _with_current_version(form, obligation), error)
    messages.success(request, _("The progress was recorded."))
    return redirect(_obligation_url(obligation.pk, "history"))


def _with_current_version(form: Form, obligation: Obligation) -> Form:
    """After a refusal the page shows the obligation as it is now; the form keeps the
    person's input but carries the current version, so that sending it again (after reading
    what changed meanwhile) is a deliberate act rather than a second refusal."""
    obligation.refresh_from_db(fields=["version"])
    data = form.data.copy()
    data["version"] = str(obligation.version)
    fresh = type(form)(data)
    fresh.is_valid()
    return fresh


@login_required
@require_POST
def record_event(request, pk: int):
    # The unit records that its event happened; the issuing unit's leaders may too, and
    # only they may set a due date of their own instead of event + N working days.
    obligation = access.obligation_get_for_user(request.user, pk)
    allowed = access.allowed_actions(request.user, obligation)
    if not allowed & {Action.RECORD, Action.DECIDE}:
        raise Http404
    may_set_due = Action.DECIDE in allowed
    form = EventForm(request.POST, may_set_due=may_set_due)
    if not form.is_valid():
        return _refused(request, obligation, "event_form", form)
    try:
        obligations.record_event(
            obligation=obligation,
            user=request.user,
            version=form.cleaned_data["version"],
            event_on=form.cleaned_data["event_on"],
            due=form.cleaned_data.get("due"),
        )
    except ValidationError as error:
        return _refused(request, obligation, "event_form", form, error)
    messages.success(request, _("The event was recorded."))
    return redirect(_obligation_url(obligation.pk))


@login_required
@require_POST
def request_extension(request, pk: int):
    obligation = access.obligation_get_for_user(request.user, pk, action=Action.RECORD)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        return _refused(request, obligation, "extension_form", form)
    try:
        extensions.request_extension(obligation=obligation, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        form = _with_current_version(form, obligation)
        return _refused(request, obligation, "extension_form", form, error)
    messages.success(request, _("The extension was requested."))
    return redirect(_obligation_url(obligation.pk, "extensions"))


@login_required
@require_POST
def review_update(request, pk: int):
    update = access.update_get_for_user(request.user, pk, action=Action.REVIEW)
    obligation = access.obligation_get_for_user(request.user, update.obligation_id, action=Action.REVIEW)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, obligation, "review_form", form)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        progress.review_update(
            update=update, user=request.user, approve=approve, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        return _refused(request, obligation, "review_form", form, error)
    messages.success(request, _("The update was approved.") if approve else _("The update was returned."))
    return redirect(_obligation_url(obligation.pk, "history"))


@login_required
@require_POST
def decide_extension(request, pk: int):
    extension = access.extension_get_for_user(request.user, pk, action=Action.DECIDE)
    obligation = access.obligation_get_for_user(request.user, extension.obligation_id, action=Action.DECIDE)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, obligation, "decision_form", form)
    grant = form.cleaned_data["decision"] == "grant"
    try:
        extensions.decide_extension(
            request=extension,
            user=request.user,
            grant=grant,
            comment=form.cleaned_data["comment"],
            due=form.cleaned_data["due"] if grant else None,
        )
    except ValidationError as error:
        return _refused(request, obligation, "decision_form", form, error)
    messages.success(request, _("The extension was granted.") if grant else _("The extension was refused."))
    return redirect(_obligation_url(obligation.pk, "extensions"))


# --- Evidence download --------------------------------------------------------------------------

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
_EXTENSIONS = {"jpeg": (".jpg", ".jpeg")}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')
MAX_NAME_CHARS = 150


def download_name(evidence: Evidence) -> str:
    """The uploader's file name, made safe for a header and a file system: no path, control
    or reserved characters, NFC, at most 150 characters, ending with the type's extension."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", evidence.original_name or "")).strip(" ._")
    suffixes = _EXTENSIONS.get(evidence.kind, (f".{evidence.kind}",))
    stem = name[: -len(s)] if (s := next((s for s in suffixes if name.lower().endswith(s)), "")) else name
    stem = stem[: MAX_NAME_CHARS - len(suffixes[0])].strip(" ._") or f"tai-lieu-{evidence.pk}"
    return f"{stem}{suffixes[0]}"


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    stem, dot, extension = name.rpartition(".")
    fallback = ascii_filename(stem, extension=extension) if dot else ascii_filename(name, extension="bin")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_required
@require_GET
def evidence_download(request, pk: int):
    evidence = access.evidence_get_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(evidence.kind, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition(download_name(evidence))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

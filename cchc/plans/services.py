"""Writes of plans: import a parsed document (interactively through a draft, or at once).

An interactive import goes upload → `create_draft` (parse now, or in the worker for big
files: `parse_draft`) → review (`update_draft`, `map_unit_name`, `create_unit_for_name`)
→ `confirm_draft`, which writes the plan with `import_plan` in one transaction.
`import_document` does the same without review, for the demo loader and the CLI.

Unit names are resolved through the org tree (cchc.plans.matching); the same file
(sha256) imported again for the same issuer updates that plan instead of duplicating it.
A draft's payload is the parser's `PlanDraft.to_dict()` as edited, plus an `excerpt` on
each task and target and a `review` object: `unit_map` {wording: unit id} and `manual`
(the wordings a person mapped, which automatic re-resolution leaves alone).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from cchc.docparse import UnreadableDocument, parse
from cchc.docparse.blocks import Paragraph, Table
from cchc.docparse.readers import read_document
from cchc.docparse.readers.sniff import detect_format
from cchc.docparse.units import fold_diacritics, normalise_unit
from cchc.org import services as org_services
from cchc.org.access import can_edit_unit
from cchc.org.models import Unit
from cchc.plans.errors import ImportRejected
from cchc.plans.matching import UnitIndex, UnitKeys, load_unit_keys
from cchc.plans.models import Assignment, ImportDraft, Plan, ReportDeadline, Section, Target, Task

log = logging.getLogger(__name__)

EXCERPT_CHARS = 700
HEADER_FIELDS = ("title", "number", "kind", "place", "date", "year", "signer_name", "signer_position")
TASK_FIELDS = ("code", "title", "products", "lead", "support", "deadline_text", "deadline_kind", "due")
TARGET_FIELDS = ("code", "text", "indicator", "op", "value", "unit", "scope")


# --- drafts ---------------------------------------------------------------------------


def create_draft(*, user: AbstractBaseUser, data: bytes, filename: str) -> ImportDraft:
    """A draft for an uploaded document: parsed now, or by the worker when it is big.

    A small document that cannot be read raises ImportRejected and leaves nothing
    behind; a big one gets a PARSING draft whose progress the review page polls.
    """
    filename = (filename or "").strip() or "van-ban.txt"
    if len(data) >= settings.CCHC_BACKGROUND_PARSE_BYTES:
        fmt = _sniff(data, filename)
        draft = _store_draft(user=user, data=data, filename=filename, fmt=fmt, payload={})
        from cchc.plans import jobs  # the jobs module imports this one

        transaction.on_commit(lambda: jobs.parse_draft_job(str(draft.pk)))
        return draft
    payload = _parse_payload(data, filename)
    draft = _store_draft(
        user=user, data=data, filename=filename, fmt=payload["source"]["format"], payload=payload
    )
    return draft


def parse_draft(*, draft_id: Any) -> ImportDraft | None:
    """Parse a PARSING draft's file (the worker's job): READY with the payload, or FAILED."""
    draft = ImportDraft.objects.filter(pk=draft_id, status=ImportDraft.Status.PARSING).first()
    if draft is None:
        return None
    _set_progress(draft, 10)
    try:
        with draft.source_file.open("rb") as fh:
            data = fh.read()
    except OSError:
        log.exception("import draft %s: source file missing", draft.pk)
        return _fail(draft, _("The uploaded file could not be found any more. Upload it again."))
    _set_progress(draft, 20)
    try:
        payload = _parse_payload(data, draft.source_filename)
    except ImportRejected as exc:
        return _fail(draft, exc.message)
    except Exception:  # a parser crash must not leave the page polling forever
        log.exception("import draft %s: parser failed", draft.pk)
        return _fail(
            draft, _("The document could not be read because of an internal error. Try again later.")
        )
    _set_progress(draft, 80)
    with transaction.atomic():
        locked = ImportDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != ImportDraft.Status.PARSING:
            return locked
        _apply_parse(locked, payload)
        locked.status = ImportDraft.Status.READY
        locked.progress = 100
        locked.save()
    return locked


def update_draft(
    *,
    draft: ImportDraft,
    user: AbstractBaseUser,
    header: Mapping[str, Any] | None = None,
    tasks: Mapping[int, Mapping[str, Any]] | None = None,
    targets: Mapping[int, Mapping[str, Any]] | None = None,
    unit_map: Mapping[str, int | None] | None = None,
    issuer: Unit | None = None,
) -> ImportDraft:
    """Apply reviewed edits (values already validated by the form) to a READY draft."""
    with transaction.atomic():
        locked = _lock_for_review(draft=draft, user=user)
        payload = locked.payload
        document = payload.setdefault("document", {})
        for name, value in (header or {}).items():
            _set_header(document, name, value)
        changed_wordings = False
        for index, fields in (tasks or {}).items():
            task = _item(payload, "tasks", index)
            for name, value in fields.items():
                changed_wordings |= name in ("lead", "support")
                _set_task(task, name, value)
        for index, fields in (targets or {}).items():
            target = _item(payload, "targets", index)
            for name, value in fields.items():
                _set_target(target, name, value)
        review = _review(payload)
        for wording, unit_id in (unit_map or {}).items():
            _map_wording(review, wording, unit_id)
        if issuer is not None and issuer.pk != locked.issuer_id:
            locked.issuer = issuer
            locked.existing_plan = _existing_plan(issuer=issuer, sha256=locked.source_sha256)
            _auto_resolve(payload, issuer=issuer)
        elif changed_wordings:
            _auto_resolve(payload, issuer=locked.issuer)
        locked.save()
    draft.refresh_from_db()
    return draft


def map_unit_name(
    *, draft: ImportDraft, user: AbstractBaseUser, wording: str, unit: Unit | None, remember: bool = False
) -> ImportDraft:
    """Use `unit` for `wording` (and its spelling variants) in this draft; `remember` saves an alias.

    `unit=None` marks the wording as deliberately unmatched (kept as written).
    """
    with transaction.atomic():
        locked = _lock_for_review(draft=draft, user=user)
        if unit is not None and remember:
            if not can_edit_unit(user, unit) and not (locked.issuer and can_edit_unit(user, locked.issuer)):
                raise ImportRejected(_("You may not add names to this unit."))
            org_services.add_alias(unit=unit, text=wording)
        _map_wording(_review(locked.payload), wording, unit.pk if unit else None)
        locked.save(update_fields=["payload"])
    draft.refresh_from_db()
    return draft


def create_unit_for_name(
    *,
    draft: ImportDraft,
    user: AbstractBaseUser,
    wording: str,
    parent: Unit,
    name: str = "",
    kind: str = Unit.Kind.OTHER,
) -> Unit:
    """A new unit under `parent` for a name the tree does not know; the draft uses it."""
    name = (name or wording).strip()
    if not name:
        raise ImportRejected(_("Give the new unit a name."))
    if not can_edit_unit(user, parent):
        raise ImportRejected(_("You may not create units under %(unit)s.") % {"unit": parent.name})
    with transaction.atomic():
        locked = _lock_for_review(draft=draft, user=user)
        unit = org_services.create_unit(code=_unit_code(name), name=name[:255], kind=kind, parent=parent)
        if normalise_unit(wording) != unit.name_key:
            org_services.add_alias(unit=unit, text=wording)
        _map_wording(_review(locked.payload), wording, unit.pk)
        locked.save(update_fields=["payload"])
    draft.refresh_from_db()
    return unit


def confirm_draft(*, draft_id: Any, user: AbstractBaseUser, acknowledge_warnings: bool = False) -> Plan:
    """Save the reviewed draft as a plan, all or nothing; a second confirm is refused."""
    with transaction.atomic():
        draft = _locked_draft(draft_id)
        if draft is None:
            raise ImportRejected(_("This import no longer exists. Upload the file again."))
        if draft.status == ImportDraft.Status.CONFIRMED:
            raise ImportRejected(_("This import has already been confirmed; the plan was saved once."))
        _check_ready(draft)
        if draft.payload.get("warnings") and not (acknowledge_warnings or draft.warnings_acknowledged):
            raise ImportRejected(
                _("Read the parser's warnings and tick the box to confirm you have read them.")
            )
        issuer = draft.issuer
        if issuer is None:
            raise ImportRejected(_("Choose the issuing unit of this plan before confirming."))
        if not can_edit_unit(user, issuer):
            raise ImportRejected(
                _(
                    "You cannot import plans of %(unit)s: you are not a member of it (or of a unit above it) "
                    "with a role that may edit plans."
                )
                % {"unit": issuer.name}
            )
        # Claim the draft first: of two concurrent confirms, only one changes the row.
        claimed = ImportDraft.objects.filter(pk=draft.pk, status=ImportDraft.Status.READY).update(
            status=ImportDraft.Status.CONFIRMED, warnings_acknowledged=True
        )
        if not claimed:
            raise ImportRejected(_("This import has already been confirmed; the plan was saved once."))
        existing = _existing_plan(issuer=issuer, sha256=draft.source_sha256)
        with draft.source_file.open("rb") as fh:
            content = fh.read()
        plan = import_plan(
            payload=draft.payload,
            issuer=issuer,
            user=user,
            unit_map=_review(draft.payload)["unit_map"],
            source={
                "filename": draft.source_filename,
                "format": (draft.payload.get("source") or {}).get("format", ""),
                "sha256": draft.source_sha256,
                "content": content,
            },
            existing_plan=existing,
        )
        ImportDraft.objects.filter(pk=draft.pk).update(plan=plan, existing_plan=existing, progress=100)
    return plan


def _locked_draft(draft_id: Any) -> ImportDraft | None:
    """The draft row, locked until the transaction ends (PostgreSQL; SQLite locks the database)."""
    return (
        ImportDraft.objects.select_for_update(of=("self",))
        .select_related("issuer")
        .filter(pk=draft_id)
        .first()
    )


def delete_expired_drafts(*, now=None) -> int:
    """Remove drafts past their expiry, with their stored files; returns how many."""
    now = now or timezone.now()
    count = 0
    for draft in ImportDraft.objects.filter(expires_at__lte=now).only("pk", "source_file"):
        if draft.source_file:
            draft.source_file.delete(save=False)
        draft.delete()
        count += 1
    return count


# --- plans ----------------------------------------------------------------------------


@transaction.atomic
def import_plan(
    *,
    payload: Mapping[str, Any],
    issuer: Unit,
    user: AbstractBaseUser | None,
    unit_map: Mapping[str, int | None],
    source: Mapping[str, Any],
    existing_plan: Plan | None = None,
) -> Plan:
    """Write a plan (or replace the contents of `existing_plan`) from a plan-schema payload.

    Rows are bulk-inserted: the query count does not grow with the number of tasks.
    `source` holds filename, format, sha256 and optionally the file `content` (bytes).
    """
    fields = _plan_fields(payload, issuer=issuer, source=source)
    if existing_plan is not None:
        plan = existing_plan
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
        _delete_children(plan)
    else:
        plan = Plan.objects.create(created_by=user if _is_user(user) else None, **fields)
    content = source.get("content")
    if content and not (plan.source_file and existing_plan is not None):
        plan.source_file.save(
            _storage_name(source.get("filename") or "", source.get("format")), ContentFile(content)
        )

    sections = Section.objects.bulk_create(
        Section(plan=plan, code=_cut(s.get("code"), 32), title=s.get("title") or "", position=i)
        for i, s in enumerate(payload.get("sections") or [])
    )
    section_by_code: dict[str, Section] = {}
    for section in sections:
        section_by_code.setdefault(section.code, section)

    task_rows = list(payload.get("tasks") or [])
    tasks = Task.objects.bulk_create(
        _task(plan, row, position=i, section=section_by_code.get(str(row.get("section") or "")))
        for i, row in enumerate(task_rows)
    )
    wanted_ids = {uid for uid in unit_map.values() if uid}
    known_ids = (
        set(Unit.objects.filter(pk__in=wanted_ids).values_list("pk", flat=True)) if wanted_ids else set()
    )
    assignments = []
    for task, row in zip(tasks, task_rows, strict=True):
        for role in (Assignment.Role.LEAD, Assignment.Role.SUPPORT):
            for position, wording in enumerate(row.get(role) or []):
                unit_id = unit_map.get(wording)
                assignments.append(
                    Assignment(
                        task=task,
                        plan=plan,
                        unit_id=unit_id if unit_id in known_ids else None,
                        role=role,
                        wording=_cut(wording, 500),
                        position=position,
                    )
                )
    Assignment.objects.bulk_create(assignments)
    Target.objects.bulk_create(
        _target(plan, row, position=i) for i, row in enumerate(payload.get("targets") or [])
    )
    ReportDeadline.objects.bulk_create(
        _report_deadline(plan, row, position=i)
        for i, row in enumerate(payload.get("reporting") or [])
        if row.get("period") in ReportDeadline.Period.values
    )
    return plan


def import_document(
    *, data: bytes, filename: str, user: AbstractBaseUser | None, issuer: Unit | None = None
) -> Plan:
    """Parse and import a document without review (demo loader, CLI).

    The issuer comes from the document header unless `issuer` is given; unit names are
    resolved automatically where the match is sure, others keep only their wording.
    Importing the same bytes again returns the same plan. Raises UnreadableDocument
    (parser) or ImportRejected (no plan, unknown issuer, user may not edit the issuer).
    """
    payload = parse(data, filename=filename).to_dict()
    _check_is_plan(payload)
    all_keys = load_unit_keys(units=Unit.objects.all())
    if issuer is None:
        issuer = _resolve_issuer(payload.get("document") or {}, all_keys)
        if issuer is None:
            raise ImportRejected(
                _("The issuing unit %(name)s was not found in the unit tree.")
                % {"name": (payload.get("document") or {}).get("issuer") or "?"}
            )
    if _is_user(user) and not can_edit_unit(user, issuer):
        raise ImportRejected(_("You cannot import plans of %(unit)s.") % {"unit": issuer.name})
    sha256 = hashlib.sha256(data).hexdigest()
    existing = _existing_plan(issuer=issuer, sha256=sha256)
    if existing is not None:
        return existing
    wide, narrow = _scope_indexes(issuer, all_keys)
    unit_map = {}
    for wording in draft_wordings(payload):
        hit = narrow.resolve(wording) or wide.resolve(wording)
        if hit:
            unit_map[wording] = hit.unit_id
    return import_plan(
        payload=payload,
        issuer=issuer,
        user=user,
        unit_map=unit_map,
        source={**payload["source"], "filename": filename, "sha256": sha256, "content": data},
    )


# --- shared helpers -------------------------------------------------------------------


def draft_wordings(payload: Mapping[str, Any]) -> list[str]:
    """Every distinct unit wording of the tasks (lead and support), in document order."""
    seen: dict[str, None] = {}
    for task in payload.get("tasks") or []:
        for wording in [*(task.get("lead") or []), *(task.get("support") or [])]:
            if wording:
                seen.setdefault(wording, None)
    return list(seen)


def scope_indexes(issuer: Unit | None) -> tuple[UnitIndex, UnitIndex]:
    """(wide, narrow) unit indexes for a plan of `issuer` (see _scope_indexes)."""
    if issuer is None:
        keys = load_unit_keys(units=Unit.objects.all())
    else:
        keys = load_unit_keys(units=Unit.objects.filter(path__startswith=scope_root(issuer)))
    return _scope_indexes(issuer, keys)


def scope_root(issuer: Unit) -> str:
    """The issuer's parent's path (siblings and the parent are in scope), or its own at the top."""
    parts = issuer.path.strip("/").split("/")
    return "/" + "".join(f"{p}/" for p in parts[:-1]) if len(parts) > 1 else issuer.path


def _scope_indexes(issuer: Unit | None, keys: list[UnitKeys]) -> tuple[UnitIndex, UnitIndex]:
    """Units a plan's names are matched against: its issuer's subtree first (narrow), then
    the subtree of the issuer's parent (wide: siblings such as other departments)."""
    if issuer is None:
        index = UnitIndex(keys)
        return index, index
    root = scope_root(issuer)
    wide = UnitIndex(k for k in keys if k.path.startswith(root))
    narrow = UnitIndex(k for k in keys if k.path.startswith(issuer.path))
    return wide, narrow


def _sniff(data: bytes, filename: str) -> str:
    try:
        return detect_format(data, filename=filename)
    except UnreadableDocument as exc:
        raise ImportRejected(exc.message) from None


def _parse_payload(data: bytes, filename: str) -> dict[str, Any]:
    """The parser's dict with excerpts and an empty review; ImportRejected when unreadable."""
    try:
        payload = parse(data, filename=filename).to_dict()
    except UnreadableDocument as exc:
        raise ImportRejected(exc.message) from None
    _check_is_plan(payload)
    _add_excerpts(payload, data)
    payload["review"] = {"unit_map": {}, "manual": []}
    return payload


def _check_is_plan(payload: Mapping[str, Any]) -> None:
    if not (payload.get("tasks") or payload.get("targets")):
        raise ImportRejected(
            _(
                "This document does not look like a plan: no tasks or targets were found in it. "
                "Check that you chose the plan itself (with its task table), not a cover letter or report."
            )
        )


def _store_draft(
    *, user: AbstractBaseUser, data: bytes, filename: str, fmt: str, payload: dict[str, Any]
) -> ImportDraft:
    draft = ImportDraft(
        created_by=user,
        source_filename=filename[:255],
        source_sha256=hashlib.sha256(data).hexdigest(),
        payload=payload,
        status=ImportDraft.Status.READY if payload else ImportDraft.Status.PARSING,
        progress=100 if payload else 0,
        expires_at=timezone.now() + timedelta(hours=settings.CCHC_DRAFT_TTL_HOURS),
    )
    draft.source_file.save(_storage_name(filename, fmt, stem=str(draft.pk)), ContentFile(data), save=False)
    try:
        with transaction.atomic():
            if payload:
                _apply_parse(draft, payload)
            draft.save()
    except BaseException:
        draft.source_file.delete(save=False)
        raise
    return draft


def _apply_parse(draft: ImportDraft, payload: dict[str, Any]) -> None:
    """Fill a freshly parsed draft: issuer from the header, existing plan, unit names."""
    all_keys = load_unit_keys(units=Unit.objects.all())
    issuer = _resolve_issuer(payload.get("document") or {}, all_keys)
    draft.payload = payload
    draft.issuer = issuer
    draft.existing_plan = _existing_plan(issuer=issuer, sha256=draft.source_sha256) if issuer else None
    _auto_resolve(payload, issuer=issuer, keys=all_keys)


def _resolve_issuer(document: Mapping[str, Any], keys: list[UnitKeys]) -> Unit | None:
    name = document.get("issuer")
    if not name:
        return None
    index = UnitIndex(keys)
    hit = index.resolve(name)
    parent_name = document.get("issuer_parent")
    if hit is None and parent_name:
        parent = index.resolve(parent_name)
        if parent is not None:
            parent_path = index.units[parent.unit_id].path
            hit = UnitIndex(k for k in keys if k.path.startswith(parent_path)).resolve(name)
    return Unit.objects.filter(pk=hit.unit_id).first() if hit else None


def _auto_resolve(
    payload: dict[str, Any], *, issuer: Unit | None, keys: list[UnitKeys] | None = None
) -> None:
    """Resolve every wording a person has not mapped; sure matches only."""
    review = _review(payload)
    if keys is None:
        wide, narrow = scope_indexes(issuer)
    else:
        wide, narrow = _scope_indexes(issuer, keys)
    manual = set(review["manual"])
    unit_map = {w: uid for w, uid in review["unit_map"].items() if w in manual}
    for wording in draft_wordings(payload):
        if wording in manual:
            continue
        hit = narrow.resolve(wording) or wide.resolve(wording)
        if hit:
            unit_map[wording] = hit.unit_id
    review["unit_map"] = unit_map


def _review(payload: dict[str, Any]) -> dict[str, Any]:
    review = payload.setdefault("review", {})
    review.setdefault("unit_map", {})
    review.setdefault("manual", [])
    return review


def _map_wording(review: dict[str, Any], wording: str, unit_id: int | None) -> None:
    """Map `wording` and every wording with the same matching key (case, abbreviations)."""
    key = normalise_unit(wording)
    wordings = {wording} | {w for w in review["unit_map"] if normalise_unit(w) == key}
    wordings |= {w for w in review["manual"] if normalise_unit(w) == key}
    for w in wordings:
        if unit_id:
            review["unit_map"][w] = unit_id
        else:
            review["unit_map"].pop(w, None)
        if w not in review["manual"]:
            review["manual"].append(w)


def _existing_plan(*, issuer: Unit | None, sha256: str) -> Plan | None:
    if issuer is None or not sha256:
        return None
    return Plan.objects.filter(issuer=issuer, source_sha256=sha256).order_by("created_at").first()


def _lock_for_review(*, draft: ImportDraft, user: AbstractBaseUser) -> ImportDraft:
    locked = ImportDraft.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=draft.pk)
    if not draft_visible_to(locked, user):
        raise ImportRejected(_("This import no longer exists. Upload the file again."))
    if locked.status == ImportDraft.Status.CONFIRMED:
        raise ImportRejected(_("This import has already been confirmed and can no longer be changed."))
    _check_ready(locked)
    return locked


def draft_visible_to(draft: ImportDraft, user: AbstractBaseUser) -> bool:
    """The uploader, and people who may edit the issuer's plans, may see a draft."""
    if not user.is_authenticated:
        return False
    if draft.created_by_id == user.pk or user.is_superuser:
        return True
    return draft.issuer is not None and can_edit_unit(user, draft.issuer)


def _check_ready(draft: ImportDraft) -> None:
    if draft.status == ImportDraft.Status.PARSING:
        raise ImportRejected(_("The document is still being read. Wait a moment and try again."))
    if draft.status == ImportDraft.Status.FAILED:
        raise ImportRejected(draft.error or _("The document could not be read."))
    if draft.expires_at <= timezone.now():
        raise ImportRejected(
            _(
                "This import expired at %(time)s: drafts are kept for %(hours)s hours. "
                "Upload the file again to import it; nothing was saved."
            )
            % {
                "time": timezone.localtime(draft.expires_at).strftime("%H:%M %d/%m/%Y"),
                "hours": settings.CCHC_DRAFT_TTL_HOURS,
            }
        )


def _set_progress(draft: ImportDraft, percent: int) -> None:
    ImportDraft.objects.filter(pk=draft.pk).update(progress=percent)
    draft.progress = percent


def _fail(draft: ImportDraft, message: str) -> ImportDraft:
    ImportDraft.objects.filter(pk=draft.pk, status=ImportDraft.Status.PARSING).update(
        status=ImportDraft.Status.FAILED, error=message, progress=100
    )
    draft.refresh_from_db()
    return draft


def _item(payload: dict[str, Any], kind: str, index: int) -> dict[str, Any]:
    items = payload.get(kind) or []
    if not 0 <= index < len(items):
        raise ImportRejected(_("This row no longer exists in the draft. Reload the page."))
    return items[index]


def _set_header(document: dict[str, Any], name: str, value: Any) -> None:
    if name not in HEADER_FIELDS:
        raise ImportRejected(_("This field cannot be edited."))
    if name in ("signer_name", "signer_position"):
        signer = document.get("signer") or {"name": None, "position": None}
        signer[name.removeprefix("signer_")] = value or None
        document["signer"] = signer
    elif name == "date":
        document["date"] = value.isoformat() if value else None
    else:
        document[name] = value if value not in ("", None) else None


def _set_task(task: dict[str, Any], name: str, value: Any) -> None:
    if name not in TASK_FIELDS:
        raise ImportRejected(_("This field cannot be edited."))
    deadline = task.setdefault("deadline", {"text": None, "kind": "unknown", "due": None})
    if name == "deadline_text":
        deadline["text"] = value or None
    elif name == "deadline_kind":
        deadline["kind"] = value or "unknown"
    elif name == "due":
        deadline["due"] = value.isoformat() if value else None
    elif name in ("products", "lead", "support"):
        task[name] = list(value or [])
    else:
        task[name] = value


def _set_target(target: dict[str, Any], name: str, value: Any) -> None:
    if name not in TARGET_FIELDS:
        raise ImportRejected(_("This field cannot be edited."))
    if name == "value" and isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    target[name] = value if value != "" else None


def _plan_fields(payload: Mapping[str, Any], *, issuer: Unit, source: Mapping[str, Any]) -> dict[str, Any]:
    document = payload.get("document") or {}
    signer = document.get("signer") or {}
    issued_on = _date(document.get("date"))
    year = _int(document.get("year")) or (issued_on.year if issued_on else timezone.localdate().year)
    return {
        "issuer": issuer,
        "year": year,
        "number": _cut(document.get("number"), 64),
        "kind": _cut(document.get("kind"), 8),
        "title": document.get("title") or source.get("filename") or _("Untitled plan"),
        "place": _cut(document.get("place"), 128),
        "issued_on": issued_on,
        "signer_name": _cut(signer.get("name"), 128),
        "signer_position": _cut(signer.get("position"), 128),
        "issuer_wording": _cut(document.get("issuer"), 255),
        "goals": list(payload.get("goals") or []),
        "responsibilities": list(payload.get("responsibilities") or []),
        "warnings": list(payload.get("warnings") or []),
        "source_filename": _cut(source.get("filename"), 255),
        "source_format": _cut(source.get("format"), 8),
        "source_sha256": source.get("sha256") or "",
    }


def _task(plan: Plan, row: Mapping[str, Any], *, position: int, section: Section | None) -> Task:
    deadline = row.get("deadline") or {}
    kind = deadline.get("kind")
    recurrence = deadline.get("recurrence")
    offset = _int(deadline.get("offset_working_days"))
    return Task(
        plan=plan,
        section=section,
        code=_cut(row.get("code"), 32),
        title=row.get("title") or "",
        products=[p for p in row.get("products") or [] if p],
        deadline_text=_cut(deadline.get("text"), 500),
        deadline_kind=kind if kind in Task.DeadlineKind.values else Task.DeadlineKind.UNKNOWN,
        due=_date(deadline.get("due")),
        recurrence=recurrence if recurrence in Task.Recurrence.values else "",
        event=_cut(deadline.get("event"), 500),
        offset_working_days=offset if offset is not None and 0 <= offset < 32768 else None,
        source_ref=dict(row.get("source_ref") or {}),
        position=position,
    )


def _target(plan: Plan, row: Mapping[str, Any], *, position: int) -> Target:
    op = row.get("op")
    relative = row.get("relative_to") or {}
    return Target(
        plan=plan,
        code=_cut(row.get("code"), 32),
        text=row.get("text") or "",
        indicator=row.get("indicator") or "",
        op=op if op in Target.Op.values else "",
        value=_decimal(row.get("value")),
        unit_label=_cut(row.get("unit"), 100),
        base_year=_int(relative.get("year")) if isinstance(relative, Mapping) else None,
        implied_value=_decimal(row.get("implied_value")),
        scope=row.get("scope") or "",
        source_ref=dict(row.get("source_ref") or {}),
        position=position,
    )


def _report_deadline(plan: Plan, row: Mapping[str, Any], *, position: int) -> ReportDeadline:
    return ReportDeadline(
        plan=plan,
        period=row["period"],
        due=_date(row.get("due")),
        data_from=_date(row.get("data_from")),
        data_to=_date(row.get("data_to")),
        position=position,
    )


def _delete_children(plan: Plan) -> None:
    Assignment.objects.filter(task__plan=plan).delete()
    Task.objects.filter(plan=plan).delete()
    Section.objects.filter(plan=plan).delete()
    Target.objects.filter(plan=plan).delete()
    ReportDeadline.objects.filter(plan=plan).delete()


def _add_excerpts(payload: dict[str, Any], data: bytes) -> None:
    """A short excerpt of the source on each task and target, for the review table."""
    refs = [item.get("source_ref") for kind in ("tasks", "targets") for item in payload.get(kind) or []]
    if not any(refs):
        return
    fmt = (payload.get("source") or {}).get("format")
    lines: list[str] = []
    paragraphs: dict[int, str] = {}
    rows: dict[tuple[int, int], str] = {}
    if fmt == "txt":
        lines = data.decode("utf-8-sig", errors="replace").splitlines()
    else:
        try:
            _, blocks = read_document(data)
        except UnreadableDocument:
            blocks = []
        for block in blocks:
            if isinstance(block, Paragraph) and block.ref.line_start:
                for n in range(block.ref.line_start, (block.ref.line_end or block.ref.line_start) + 1):
                    paragraphs.setdefault(n, block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    if row.ref.table is not None and row.ref.row is not None:
                        cells = (" ".join(p for p in cell if p).strip() for cell in row.cells)
                        rows[(row.ref.table, row.ref.row)] = " | ".join(c for c in cells if c)
    for kind in ("tasks", "targets"):
        for item in payload.get(kind) or []:
            item["excerpt"] = _excerpt(item.get("source_ref") or {}, lines, paragraphs, rows)


def _excerpt(
    ref: Mapping[str, int], lines: list[str], paragraphs: dict[int, str], rows: dict[tuple[int, int], str]
) -> str:
    start, end = ref.get("line_start"), ref.get("line_end")
    text = ""
    if lines and start:
        chunk = lines[start - 1 : (end or start)]
        text = "\n".join(line.strip() for line in chunk if line.strip())
    elif ref.get("table") is not None and ref.get("row") is not None:
        text = rows.get((ref["table"], ref["row"]), "")
    elif start:
        text = "\n".join(
            dict.fromkeys(paragraphs[n] for n in range(start, (end or start) + 1) if n in paragraphs)
        )
    text = re.sub(r"[ \t]+", " ", text).strip()
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def _storage_name(filename: str, fmt: str | None, *, stem: str | None = None) -> str:
    suffix = f".{fmt}" if fmt else Path(filename).suffix.lower()[:8]
    base = stem or Path(get_valid_filename(fold_diacritics(Path(filename).stem or "ke-hoach"))).name
    return f"{base[:80] or 'ke-hoach'}{suffix}"


def _unit_code(name: str) -> str:
    base = slugify(fold_diacritics(name))[:50] or "don-vi"
    code, n = base, 1
    while Unit.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _cut(value: Any, length: int) -> str:
    return str(value or "").strip()[:length]


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _decimal(value: Any) -> Decimal | None:
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError):
        return None
    return number if abs(number) < Decimal("1e10") else None


def _is_user(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)

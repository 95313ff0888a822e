"""The import draft's life: upload, parse, review, confirm.

An interactive import goes upload → `create_draft` (parse now, or in the worker for big
files: `parse_draft`) → review (`update_draft`, `map_unit_name`, `create_unit_for_name`)
→ `confirm_draft`, which writes the plan with `import_plan` (cchc.plans.plan_import) in
one transaction. The payload's shape and edits are in cchc.plans.draft_payload; unit
names are resolved through the org tree (cchc.plans.matching).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cchc.docparse import UnreadableDocument
from cchc.docparse.readers import needs_ocr
from cchc.docparse.units import fold_diacritics, normalise_unit
from cchc.org import services as org_services
from cchc.org.access import can_edit_unit
from cchc.org.models import Unit
from cchc.plans.draft_payload import (
    draft_wordings,
    map_wording,
    parse_payload,
    payload_item,
    payload_review,
    set_header_field,
    set_target_field,
    set_task_field,
    sniff_format,
)
from cchc.plans.errors import ImportRejected
from cchc.plans.import_selectors import draft_visible_to
from cchc.plans.matching import UnitKeys, load_unit_keys, plan_scope, resolve_issuer
from cchc.plans.models import ImportDraft, Plan
from cchc.plans.plan_import import import_plan, source_storage_name
from cchc.plans.version_match import find_existing_plan

log = logging.getLogger(__name__)


def create_draft(*, user: AbstractBaseUser, data: bytes, filename: str) -> ImportDraft:
    """A draft for an uploaded document: parsed now, or by the worker when it is big.

    A small document that cannot be read raises ImportRejected and leaves nothing
    behind; a big one gets a PARSING draft whose progress the review page polls.
    """
    filename = (filename or "").strip() or "van-ban.txt"
    if len(data) >= settings.CCHC_BACKGROUND_PARSE_BYTES or _is_scan(data, filename):
        fmt = sniff_format(data, filename)
        draft = _store_draft(user=user, data=data, filename=filename, fmt=fmt, payload={})
        from cchc.plans import jobs  # the jobs module imports this one

        transaction.on_commit(lambda: jobs.parse_draft_job(str(draft.pk)))
        return draft
    payload = parse_payload(data, filename)
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
        payload = parse_payload(data, draft.source_filename, progress=_page_progress(draft))
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
            set_header_field(document, name, value)
        changed_wordings = False
        for index, fields in (tasks or {}).items():
            task = payload_item(payload, "tasks", index)
            for name, value in fields.items():
                changed_wordings |= name in ("lead", "support")
                set_task_field(task, name, value)
        for index, fields in (targets or {}).items():
            target = payload_item(payload, "targets", index)
            for name, value in fields.items():
                set_target_field(target, name, value)
        review = payload_review(payload)
        for wording, unit_id in (unit_map or {}).items():
            map_wording(review, wording, unit_id)
        if issuer is not None and issuer.pk != locked.issuer_id:
            locked.issuer = issuer
            _auto_resolve(payload, issuer=issuer)
        elif changed_wordings:
            _auto_resolve(payload, issuer=locked.issuer)
        if issuer is not None or header:  # the number, title or year may now name another plan
            _find_existing(locked)
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
        map_wording(payload_review(locked.payload), wording, unit.pk if unit else None)
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
        map_wording(payload_review(locked.payload), wording, unit.pk)
        locked.save(update_fields=["payload"])
    draft.refresh_from_db()
    return unit


def confirm_draft(
    *,
    draft_id: Any,
    user: AbstractBaseUser,
    acknowledge_warnings: bool = False,
    decisions: Mapping[int, str] | None = None,
    note: str = "",
) -> Plan:
    """Save the reviewed draft as a plan, all or nothing; a second confirm is refused.

    A draft of a plan we already have updates it (the same file) or becomes its next version;
    `decisions` ({task id: KEEP or WITHDRAW}, cchc.plans.plan_versions) say what becomes of the
    plan's tasks the new version leaves out, `note` is kept on the version.
    """
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
        existing, match = find_existing_plan(
            issuer=issuer, document=draft.payload.get("document") or {}, sha256=draft.source_sha256
        )
        with draft.source_file.open("rb") as fh:
            content = fh.read()
        plan = import_plan(
            payload=draft.payload,
            issuer=issuer,
            user=user,
            unit_map=payload_review(draft.payload)["unit_map"],
            source={
                "filename": draft.source_filename,
                "format": (draft.payload.get("source") or {}).get("format", ""),
                "sha256": draft.source_sha256,
                "content": content,
            },
            existing_plan=existing,
            decisions=decisions,
            draft=draft,
            note=note,
        )
        ImportDraft.objects.filter(pk=draft.pk).update(
            plan=plan, existing_plan=existing, existing_match=match, progress=100
        )
    return plan


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


def _locked_draft(draft_id: Any) -> ImportDraft | None:
    """The draft row, locked until the transaction ends (PostgreSQL; SQLite locks the database)."""
    return (
        ImportDraft.objects.select_for_update(of=("self",))
        .select_related("issuer")
        .filter(pk=draft_id)
        .first()
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
    draft.source_file.save(
        source_storage_name(filename, fmt, stem=str(draft.pk)), ContentFile(data), save=False
    )
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
    issuer = resolve_issuer(payload.get("document") or {}, all_keys)
    draft.payload = payload
    draft.issuer = issuer
    _find_existing(draft)
    _auto_resolve(payload, issuer=issuer, keys=all_keys)


def _find_existing(draft: ImportDraft) -> None:
    """The plan the draft is (the same file) or is a new version of, if the issuer has it."""
    draft.existing_plan, draft.existing_match = find_existing_plan(
        issuer=draft.issuer, document=(draft.payload or {}).get("document") or {}, sha256=draft.source_sha256
    )


def _auto_resolve(
    payload: dict[str, Any], *, issuer: Unit | None, keys: list[UnitKeys] | None = None
) -> None:
    """Resolve every wording a person has not mapped; sure matches in the issuer's subtree only."""
    review = payload_review(payload)
    manual = set(review["manual"])
    unit_map = {w: uid for w, uid in review["unit_map"].items() if w in manual}
    unmapped = (w for w in draft_wordings(payload) if w not in manual)
    review["unit_map"] = unit_map | plan_scope(issuer, keys=keys).settled(unmapped)


def _lock_for_review(*, draft: ImportDraft, user: AbstractBaseUser) -> ImportDraft:
    locked = ImportDraft.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=draft.pk)
    if not draft_visible_to(locked, user):
        raise ImportRejected(_("This import no longer exists. Upload the file again."))
    if locked.status == ImportDraft.Status.CONFIRMED:
        raise ImportRejected(_("This import has already been confirmed and can no longer be changed."))
    _check_ready(locked)
    return locked


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


def _is_scan(data: bytes, filename: str) -> bool:
    """A scan is read by OCR, seconds a page: always in the worker, with a progress bar."""
    try:
        return needs_ocr(data, filename=filename)
    except UnreadableDocument:
        return False  # parsed now, so that the upload gets the reader's message at once


def _page_progress(draft: ImportDraft) -> Callable[[int, int], None]:
    """Progress of a scan's pages recognised, shown between 20 % and 80 %."""

    def report(done: int, total: int) -> None:
        _set_progress(draft, 20 + 60 * done // max(total, 1))

    return report


def _set_progress(draft: ImportDraft, percent: int) -> None:
    ImportDraft.objects.filter(pk=draft.pk).update(progress=percent)
    draft.progress = percent


def _fail(draft: ImportDraft, message: str) -> ImportDraft:
    ImportDraft.objects.filter(pk=draft.pk, status=ImportDraft.Status.PARSING).update(
        status=ImportDraft.Status.FAILED, error=message, progress=100
    )
    draft.refresh_from_db()
    return draft


def _unit_code(name: str) -> str:
    base = slugify(fold_diacritics(name))[:50] or "don-vi"
    code, n = base, 1
    while Unit.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code

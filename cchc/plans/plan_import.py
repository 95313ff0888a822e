"""Write a plan from a parsed document: `import_plan` (a reviewed payload) and
`import_document` (parse and import at once, for the demo loader and the CLI).

The same file (sha256) imported again for the same issuer updates that plan instead of
duplicating it, and so does a new version of it (cchc.plans.plan_versions; each new file is
a PlanVersion). An update keeps the ids of the plan's sections and tasks, because other
records hang on tasks: a task row of the new document takes over the stored task it
continues (cchc.plans.version_match.match_tasks: by code and title similarity); matched
rows are updated in place with their assignments replaced, new rows are created, and
stored tasks left without a row are deleted unless the review decided to keep or
withdraw them. Sections are matched by code (a code printed more than once: the stored
sections with that code in order of position). Targets and report deadlines are replaced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from cchc.docparse import parse
from cchc.docparse.units import fold_diacritics
from cchc.org.access import can_edit_unit
from cchc.org.models import Unit
from cchc.plans.draft_payload import check_is_plan, draft_wordings, payload_date
from cchc.plans.errors import ImportRejected
from cchc.plans.matching import load_unit_keys, plan_scope, resolve_issuer
from cchc.plans.models import Assignment, ImportDraft, Plan, ReportDeadline, Section, Target, Task
from cchc.plans.plan_versions import record_version, settle_removed_tasks, version_changes
from cchc.plans.version_match import FILE, find_existing_plan, match_tasks, task_key

# What a re-import may change on a kept task (not its plan, id or edit version).
TASK_IMPORT_FIELDS = (
    "section",
    "code",
    "title",
    "products",
    "deadline_text",
    "deadline_kind",
    "due",
    "recurrence",
    "event",
    "offset_working_days",
    "source_ref",
    "position",
)

Row = TypeVar("Row", bound=models.Model)


@transaction.atomic
def import_plan(
    *,
    payload: Mapping[str, Any],
    issuer: Unit,
    user: AbstractBaseUser | None,
    unit_map: Mapping[str, int | None],
    source: Mapping[str, Any],
    existing_plan: Plan | None = None,
    decisions: Mapping[int, str] | None = None,
    draft: ImportDraft | None = None,
    note: str = "",
) -> Plan:
    """Write a plan (or update `existing_plan`, keeping its task ids) from a plan-schema payload.

    Rows are written in bulk: the query count does not grow with the number of tasks
    (beyond the database's batch size). `source` holds filename, format, sha256 and
    optionally the file `content` (bytes). A new file becomes the plan's next version, with
    `draft` and `note`; `decisions` ({task id: KEEP or WITHDRAW}) say what becomes of stored
    tasks the payload leaves out (the others are deleted).
    """
    fields = _plan_fields(payload, issuer=issuer, source=source)
    changes = None
    if existing_plan is not None:
        changes = version_changes(plan=existing_plan, payload=payload, decisions=decisions or {})
        plan = existing_plan
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
        Target.objects.filter(plan=plan).delete()
        ReportDeadline.objects.filter(plan=plan).delete()
    else:
        plan = Plan.objects.create(created_by=user if _is_user(user) else None, **fields)
    version = record_version(
        plan=plan,
        source=source,
        user=user if _is_user(user) else None,
        storage_name=source_storage_name(source.get("filename") or "", source.get("format")),
        draft=draft,
        note=note,
        changes=changes,
    )

    section_rows = [
        Section(plan=plan, code=_cut(s.get("code"), 32), title=s.get("title") or "", position=i)
        for i, s in enumerate(payload.get("sections") or [])
    ]
    task_data = list(payload.get("tasks") or [])
    task_rows = [_task(plan, row, position=i) for i, row in enumerate(task_data)]
    if existing_plan is None:
        sections = Section.objects.bulk_create(section_rows)
        section_by_code = _first_by_code(sections)
        for task, row in zip(task_rows, task_data, strict=True):
            task.section = section_by_code.get(str(row.get("section") or ""))
        tasks = Task.objects.bulk_create(task_rows)
    else:
        sections, stale_sections = _sync(
            Section, section_rows, Section.objects.filter(plan=plan), fields=("title", "position")
        )
        section_by_code = _first_by_code(sections)
        for task, row in zip(task_rows, task_data, strict=True):
            task.section = section_by_code.get(str(row.get("section") or ""))
        current = Task.objects.filter(plan=plan, withdrawn_in=None)
        tasks, stale_tasks = _sync(
            Task, task_rows, current, fields=TASK_IMPORT_FIELDS, versioned=True, pair=_pair_tasks
        )
        retained = settle_removed_tasks(
            plan=plan,
            removed=stale_tasks,
            decisions=decisions or {},
            version=version,
            after_position=len(task_rows),
        )
        Assignment.objects.filter(plan=plan).exclude(task_id__in=retained).delete()
        if stale_sections:
            Section.objects.filter(pk__in=stale_sections).delete()

    Assignment.objects.bulk_create(_assignments(plan, tasks, task_data, unit_map))
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
    resolved automatically where the match inside the issuer's subtree is sure, others keep
    only their wording.
    Importing the same bytes again returns the same plan. Raises UnreadableDocument
    (parser) or ImportRejected (no plan, unknown issuer, user may not edit the issuer).
    """
    payload = parse(data, filename=filename).to_dict()
    check_is_plan(payload)
    all_keys = load_unit_keys(units=Unit.objects.all())
    if issuer is None:
        issuer = resolve_issuer(payload.get("document") or {}, all_keys)
        if issuer is None:
            raise ImportRejected(
                _("The issuing unit %(name)s was not found in the unit tree.")
                % {"name": (payload.get("document") or {}).get("issuer") or "?"}
            )
    if _is_user(user) and not can_edit_unit(user, issuer):
        raise ImportRejected(_("You cannot import plans of %(unit)s.") % {"unit": issuer.name})
    sha256 = hashlib.sha256(data).hexdigest()
    existing = plan_for_source(issuer=issuer, sha256=sha256)
    if existing is not None:
        return existing
    # Only sure matches inside the issuer's own subtree: nobody reviews these names.
    unit_map = plan_scope(issuer, keys=all_keys).settled(draft_wordings(payload))
    return import_plan(
        payload=payload,
        issuer=issuer,
        user=user,
        unit_map=unit_map,
        source={**payload["source"], "filename": filename, "sha256": sha256, "content": data},
    )


def plan_for_source(*, issuer: Unit | None, sha256: str) -> Plan | None:
    """The plan of `issuer` already imported from the file with this sha256 (the oldest)."""
    plan, match = find_existing_plan(issuer=issuer, document={}, sha256=sha256)
    return plan if match == FILE else None


def source_storage_name(filename: str, fmt: str | None, *, stem: str | None = None) -> str:
    """A safe storage name for an uploaded file: ASCII stem, the detected format as suffix."""
    suffix = f".{fmt}" if fmt else Path(filename).suffix.lower()[:8]
    base = stem or Path(get_valid_filename(fold_diacritics(Path(filename).stem or "ke-hoach"))).name
    return f"{base[:80] or 'ke-hoach'}{suffix}"


def _sync(
    model: type[Row],
    rows: Sequence[Row],
    stored: models.QuerySet[Row],
    *,
    fields: Sequence[str],
    versioned: bool = False,
    pair: Callable[[Sequence[Row], Sequence[Row]], list[Row | None]] | None = None,
) -> tuple[list[Row], list[int]]:
    """Match unsaved `rows` to `stored` rows (by code unless `pair` says otherwise): update
    the matched in place, create the others.

    Returns the saved rows (in the order of `rows`) and the ids of stored rows left over.
    With `versioned`, a row whose values change gets its edit version bumped, so that an
    edit form opened before the import is refused rather than overwriting it.
    """
    compared = [model._meta.get_field(f).attname for f in fields]  # section_id: no query per row
    olds = list(stored.order_by("position", "pk"))
    changed, new = [], []
    for row, old in zip(rows, (pair or _pair_by_code)(olds, rows), strict=True):
        if old is None:
            new.append(row)
            continue
        row.pk = old.pk
        if any(getattr(row, f) != getattr(old, f) for f in compared):
            if versioned:
                row.version = old.version + 1
            changed.append(row)
        elif versioned:
            row.version = old.version
    update_fields = [*fields, "version"] if versioned else list(fields)
    model.objects.bulk_update(changed, update_fields, batch_size=500)
    model.objects.bulk_create(new)
    kept = {row.pk for row in rows}
    stale = [old.pk for old in olds if old.pk not in kept]
    return list(rows), stale


def _pair_by_code(olds: Sequence[Row], rows: Sequence[Row]) -> list[Row | None]:
    """The nth row with a code takes the nth stored row with it (by position), if any."""
    by_code: dict[str, list[Row]] = {}
    for old in olds:
        by_code.setdefault(old.code, []).append(old)
    taken: dict[str, int] = {}
    pairs: list[Row | None] = []
    for row in rows:
        n = taken.get(row.code, 0)
        taken[row.code] = n + 1
        same = by_code.get(row.code, [])
        pairs.append(same[n] if n < len(same) else None)
    return pairs


def _pair_tasks(olds: Sequence[Task], rows: Sequence[Task]) -> list[Task | None]:
    """Each new task row with the stored task it continues (by code and title similarity)."""
    found = match_tasks([task_key(t.code, t.title) for t in olds], [task_key(t.code, t.title) for t in rows])
    return [olds[j] if j is not None else None for j in found]


def _first_by_code(sections: Iterable[Section]) -> dict[str, Section]:
    by_code: dict[str, Section] = {}
    for section in sections:
        by_code.setdefault(section.code, section)
    return by_code


def _assignments(
    plan: Plan,
    tasks: Sequence[Task],
    task_data: Sequence[Mapping[str, Any]],
    unit_map: Mapping[str, int | None],
) -> list[Assignment]:
    wanted_ids = {uid for uid in unit_map.values() if uid}
    known_ids = (
        set(Unit.objects.filter(pk__in=wanted_ids).values_list("pk", flat=True)) if wanted_ids else set()
    )
    assignments = []
    for task, row in zip(tasks, task_data, strict=True):
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
    return assignments


def _plan_fields(payload: Mapping[str, Any], *, issuer: Unit, source: Mapping[str, Any]) -> dict[str, Any]:
    document = payload.get("document") or {}
    signer = document.get("signer") or {}
    issued_on = payload_date(document.get("date"))
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


def _task(plan: Plan, row: Mapping[str, Any], *, position: int) -> Task:
    deadline = row.get("deadline") or {}
    kind = deadline.get("kind")
    recurrence = deadline.get("recurrence")
    offset = _int(deadline.get("offset_working_days"))
    return Task(
        plan=plan,
        code=_cut(row.get("code"), 32),
        title=row.get("title") or "",
        products=[p for p in row.get("products") or [] if p],
        deadline_text=_cut(deadline.get("text"), 500),
        deadline_kind=kind if kind in Task.DeadlineKind.values else Task.DeadlineKind.UNKNOWN,
        due=payload_date(deadline.get("due")),
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
        due=payload_date(row.get("due")),
        data_from=payload_date(row.get("data_from")),
        data_to=payload_date(row.get("data_to")),
        position=position,
    )


def _cut(value: Any, length: int) -> str:
    return str(value or "").strip()[:length]


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

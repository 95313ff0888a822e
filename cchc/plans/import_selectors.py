"""Reads for the import review: who may see a draft, and what its review page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from cchc.docparse.units import fold_diacritics
from cchc.org.access import EDIT_ROLES, can_edit_unit, units_for_user
from cchc.org.models import Unit
from cchc.plans.draft_payload import draft_wordings
from cchc.plans.matching import Candidate, Scope, plan_scope
from cchc.plans.models import ImportDraft, Target, Task

# Above this many units of the issuer, "map to…" offers each name its closest units, not the
# whole list (which is otherwise sent once and offered to every name).
FULL_LIST_LIMIT = 300

MATCHED, SUGGESTED, UNMATCHED = "matched", "suggested", "unmatched"


def draft_visible_to(draft: ImportDraft, user: AbstractBaseUser | AnonymousUser) -> bool:
    """The uploader, and people who may edit the issuer's plans, may see a draft."""
    if not user.is_authenticated:
        return False
    if draft.created_by_id == user.pk or user.is_superuser:
        return True
    return draft.issuer is not None and can_edit_unit(user, draft.issuer)


def draft_get_for_user(*, user: AbstractBaseUser | AnonymousUser, draft_id: Any) -> ImportDraft:
    """The draft if the user uploaded it or may edit its issuer's plans; 404 otherwise."""
    draft = ImportDraft.objects.select_related("issuer", "existing_plan", "plan").filter(pk=draft_id).first()
    if draft is None or not draft_visible_to(draft, user):
        raise Http404
    return draft


@dataclass
class UnitRow:
    """One unit wording of the document and what it is matched to."""

    wording: str
    slug: str
    status: str
    unit_id: int | None = None
    unit_name: str = ""
    manual: bool = False
    uses: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    # Other units offered in this row: only when the scope is too big for one shared list.
    choices: list[Candidate] = field(default_factory=list)

    @property
    def current_is_candidate(self) -> bool:
        return any(c.unit_id == self.unit_id for c in self.candidates)


@dataclass
class Cell:
    """An editable value of the review tables."""

    kind: str
    index: int
    field: str
    value: Any
    widget: str = "text"  # text, textarea, lines, date, number, select
    options: list[tuple[str, str]] = field(default_factory=list)
    chips: list[UnitRow] = field(default_factory=list)
    error: str = ""
    saved: bool = False
    testid: str = ""
    html: str = ""  # the rendered cell, set by the web layer

    def __post_init__(self) -> None:
        self.testid = (
            f"{self.kind}-{self.index}-{self.field}" if self.kind != "header" else f"header-{self.field}"
        )


@dataclass
class Review:
    draft: ImportDraft
    expired: bool
    can_edit_issuer: bool
    header: list[Cell]
    warnings: list[str]
    targets: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    units: list[UnitRow]
    unit_choices: list[Candidate]  # the issuer's units, offered to every row (sent once)
    issuer_options: list[Unit]
    parent_options: list[Unit]
    default_parent: Unit | None
    counts: dict[str, int]


def draft_review(*, draft: ImportDraft, user: AbstractBaseUser) -> Review:
    """Everything the review page shows, with unit names matched against the tree."""
    payload = draft.payload or {}
    scope = plan_scope(draft.issuer)
    units = _unit_rows(draft, scope)
    by_wording = {row.wording: row for row in units}
    header = draft_review_header(payload)
    kinds = deadline_kind_options()
    tasks = [
        {
            "index": i,
            "task": task,
            "excerpt": task.get("excerpt", ""),
            "cells": task_cells(i, task, by_wording, kinds),
        }
        for i, task in enumerate(payload.get("tasks") or [])
    ]
    targets = [
        {"index": i, "target": target, "excerpt": target.get("excerpt", ""), "cells": target_cells(i, target)}
        for i, target in enumerate(payload.get("targets") or [])
    ]
    editable = units_for_user(user, roles=EDIT_ROLES).order_by("path")
    issuer_options = list(editable[:500])
    if draft.issuer and draft.issuer not in issuer_options:
        issuer_options.insert(0, draft.issuer)
    return Review(
        draft=draft,
        expired=draft.expires_at <= timezone.now(),
        can_edit_issuer=bool(draft.issuer and can_edit_unit(user, draft.issuer)),
        header=header,
        warnings=list(payload.get("warnings") or []),
        targets=targets,
        tasks=tasks,
        units=units,
        unit_choices=_shared_choices(scope),
        issuer_options=issuer_options,
        parent_options=issuer_options,
        default_parent=draft.issuer or next(iter(issuer_options), None),
        counts={
            "tasks": len(tasks),
            "targets": len(targets),
            "sections": len(payload.get("sections") or []),
            "reporting": len(payload.get("reporting") or []),
            MATCHED: sum(row.status == MATCHED for row in units),
            SUGGESTED: sum(row.status == SUGGESTED for row in units),
            UNMATCHED: sum(row.status == UNMATCHED for row in units),
        },
    )


def unit_rows(*, draft: ImportDraft) -> list[UnitRow]:
    """The document's unit wordings with their status, best three candidates and, when the
    issuer's units are too many for one shared list, the closest others."""
    return _unit_rows(draft, plan_scope(draft.issuer))


def draft_task_row(*, draft: ImportDraft, index: int) -> dict[str, Any] | None:
    """One task of the review (as in Review.tasks), for opening it alone; None if there is none."""
    tasks = (draft.payload or {}).get("tasks") or []
    if not 0 <= index < len(tasks):
        return None
    by_wording = {row.wording: row for row in unit_rows(draft=draft)}
    task = tasks[index]
    return {
        "index": index,
        "task": task,
        "excerpt": task.get("excerpt", ""),
        "cells": task_cells(index, task, by_wording),
    }


def _shared_choices(scope: Scope) -> list[Candidate]:
    if len(scope.own.units) > FULL_LIST_LIMIT:
        return []
    return [scope.around.candidate(uid) for uid in scope.own.units]


def _unit_rows(draft: ImportDraft, scope: Scope) -> list[UnitRow]:
    payload = draft.payload or {}
    review = payload.get("review") or {}
    unit_map: dict[str, int] = review.get("unit_map") or {}
    manual = set(review.get("manual") or [])
    names = {uid: unit.name for uid, unit in scope.around.units.items()}
    missing = {uid for uid in unit_map.values() if uid and uid not in names}
    if missing:
        names.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))
    uses: dict[str, int] = {}
    for task in payload.get("tasks") or []:
        for wording in [*(task.get("lead") or []), *(task.get("support") or [])]:
            uses[wording] = uses.get(wording, 0) + 1
    shared = len(scope.own.units) <= FULL_LIST_LIMIT
    rows: list[UnitRow] = []
    slugs: set[str] = set()
    for wording in draft_wordings(payload):
        candidates = scope.suggest(wording)
        unit_id = unit_map.get(wording)
        if unit_id and unit_id in names:
            status = MATCHED
        else:
            unit_id = None
            status = SUGGESTED if candidates else UNMATCHED
        choices = [] if shared else scope.suggest(wording, limit=25, min_score=30)
        rows.append(
            UnitRow(
                wording=wording,
                slug=_unique_slug(wording, slugs),
                status=status,
                unit_id=unit_id,
                unit_name=names.get(unit_id, "") if unit_id else "",
                manual=wording in manual,
                uses=uses.get(wording, 0),
                candidates=candidates,
                choices=choices,
            )
        )
    return rows


def changed_unit_rows(*, before: list[UnitRow], after: list[UnitRow]) -> list[UnitRow]:
    """The rows of `after` shown otherwise than in `before` (status or unit), or new."""
    shown = {row.wording: (row.status, row.unit_id) for row in before}
    return [row for row in after if shown.get(row.wording) != (row.status, row.unit_id)]


def deadline_kind_options() -> list[tuple[str, str]]:
    """The deadline kinds as (value, label) in the active language (computed once per page)."""
    return [(str(v), str(label)) for v, label in Task.DeadlineKind.choices]


def task_cells(
    index: int,
    task: dict[str, Any],
    units: dict[str, UnitRow],
    kind_options: list[tuple[str, str]] | None = None,
) -> list[Cell]:
    deadline = task.get("deadline") or {}
    return [
        Cell("task", index, "code", task.get("code") or ""),
        Cell("task", index, "title", task.get("title") or "", "textarea"),
        Cell("task", index, "products", "\n".join(task.get("products") or []), "lines"),
        Cell(
            "task",
            index,
            "lead",
            "\n".join(task.get("lead") or []),
            "lines",
            chips=[units[w] for w in task.get("lead") or [] if w in units],
        ),
        Cell(
            "task",
            index,
            "support",
            "\n".join(task.get("support") or []),
            "lines",
            chips=[units[w] for w in task.get("support") or [] if w in units],
        ),
        Cell("task", index, "deadline_text", deadline.get("text") or "", "textarea"),
        Cell("task", index, "due", deadline.get("due") or "", "date"),
        Cell(
            "task",
            index,
            "deadline_kind",
            deadline.get("kind") or "unknown",
            "select",
            options=kind_options if kind_options is not None else deadline_kind_options(),
        ),
    ]


def target_cells(index: int, target: dict[str, Any]) -> list[Cell]:
    value = target.get("value")
    return [
        Cell("target", index, "code", target.get("code") or ""),
        Cell("target", index, "text", target.get("text") or "", "textarea"),
        Cell("target", index, "indicator", target.get("indicator") or "", "textarea"),
        Cell(
            "target",
            index,
            "op",
            target.get("op") or "",
            "select",
            options=[("", "—")] + [(str(v), str(label)) for v, label in Target.Op.choices],
        ),
        Cell("target", index, "value", "" if value is None else value, "number"),
        Cell("target", index, "unit", target.get("unit") or ""),
        Cell("target", index, "scope", target.get("scope") or "", "textarea"),
    ]


def cell_for(*, draft: ImportDraft, kind: str, index: int, field_name: str) -> Cell | None:
    """The current cell of a draft (after an edit), for the HTMX fragment."""
    payload = draft.payload or {}
    if kind == "header":
        cells = draft_review_header(payload)
    elif kind == "task":
        tasks = payload.get("tasks") or []
        if not 0 <= index < len(tasks):
            return None
        by_wording = (
            {row.wording: row for row in unit_rows(draft=draft)} if field_name in ("lead", "support") else {}
        )
        cells = task_cells(index, tasks[index], by_wording)
    elif kind == "target":
        targets = payload.get("targets") or []
        if not 0 <= index < len(targets):
            return None
        cells = target_cells(index, targets[index])
    else:
        return None
    return next((c for c in cells if c.field == field_name), None)


def draft_review_header(payload: dict[str, Any]) -> list[Cell]:
    document = payload.get("document") or {}
    signer = document.get("signer") or {}
    return [
        Cell("header", 0, "title", document.get("title") or "", "textarea"),
        Cell("header", 0, "number", document.get("number") or ""),
        Cell("header", 0, "kind", document.get("kind") or ""),
        Cell("header", 0, "place", document.get("place") or ""),
        Cell("header", 0, "date", document.get("date") or "", "date"),
        Cell("header", 0, "year", document.get("year") or "", "number"),
        Cell("header", 0, "signer_name", signer.get("name") or ""),
        Cell("header", 0, "signer_position", signer.get("position") or ""),
    ]


def _unique_slug(wording: str, taken: set[str]) -> str:
    base = slugify(fold_diacritics(wording))[:60] or "don-vi"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug

"""A draft's payload: the parser's dict as a person reviews it (no database access).

The payload is `PlanDraft.to_dict()` (docs/plan-schema.md) plus an `excerpt` on each
task and target and a `review` object: `unit_map` {wording: unit id} and `manual` (the
wordings a person mapped, which automatic re-resolution leaves alone). Edits arrive
already validated by the review forms; these functions put them in the right place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cchc.docparse import UnreadableDocument, parse_with_blocks
from cchc.docparse.blocks import Block, Paragraph, Table
from cchc.docparse.readers.progress import Progress
from cchc.docparse.readers.sniff import detect_format
from cchc.docparse.units import normalise_unit
from cchc.plans.errors import ImportRejected

EXCERPT_CHARS = 700
HEADER_FIELDS = ("title", "number", "kind", "place", "date", "year", "signer_name", "signer_position")
TASK_FIELDS = ("code", "title", "products", "lead", "support", "deadline_text", "deadline_kind", "due")
TARGET_FIELDS = ("code", "text", "indicator", "op", "value", "unit", "scope")


def sniff_format(data: bytes, filename: str) -> str:
    """The document's format (txt, docx, …); ImportRejected when it is none we read."""
    try:
        return detect_format(data, filename=filename)
    except UnreadableDocument as exc:
        raise ImportRejected(exc.message) from None


def parse_payload(data: bytes, filename: str, *, progress: Progress | None = None) -> dict[str, Any]:
    """The parser's dict with excerpts and an empty review; ImportRejected when unreadable.

    `progress(done, total)` follows the pages of a scan being recognised."""
    try:
        draft, blocks = parse_with_blocks(data, filename=filename, progress=progress)
    except UnreadableDocument as exc:
        raise ImportRejected(exc.message) from None
    payload = draft.to_dict()
    check_is_plan(payload)
    add_excerpts(payload, data, blocks)
    payload["review"] = {"unit_map": {}, "manual": []}
    return payload


def check_is_plan(payload: Mapping[str, Any]) -> None:
    """ImportRejected unless the parser found tasks or targets."""
    if not (payload.get("tasks") or payload.get("targets")):
        raise ImportRejected(
            _(
                "This document does not look like a plan: no tasks or targets were found in it. "
                "Check that you chose the plan itself (with its task table), not a cover letter or report."
            )
        )


def draft_wordings(payload: Mapping[str, Any]) -> list[str]:
    """Every distinct unit wording of the tasks (lead and support), in document order."""
    seen: dict[str, None] = {}
    for task in payload.get("tasks") or []:
        for wording in [*(task.get("lead") or []), *(task.get("support") or [])]:
            if wording:
                seen.setdefault(wording, None)
    return list(seen)


def payload_review(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload's `review` object, created empty if missing."""
    review = payload.setdefault("review", {})
    review.setdefault("unit_map", {})
    review.setdefault("manual", [])
    return review


def map_wording(review: dict[str, Any], wording: str, unit_id: int | None) -> None:
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


def payload_item(payload: dict[str, Any], kind: str, index: int) -> dict[str, Any]:
    """The `index`th task or target (`kind`); ImportRejected when there is none."""
    items = payload.get(kind) or []
    if not 0 <= index < len(items):
        raise ImportRejected(_("This row no longer exists in the draft. Reload the page."))
    return items[index]


def set_header_field(document: dict[str, Any], name: str, value: Any) -> None:
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


def set_task_field(task: dict[str, Any], name: str, value: Any) -> None:
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


def set_target_field(target: dict[str, Any], name: str, value: Any) -> None:
    if name not in TARGET_FIELDS:
        raise ImportRejected(_("This field cannot be edited."))
    if name == "value" and isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    target[name] = value if value != "" else None


def add_excerpts(payload: dict[str, Any], data: bytes, blocks: list[Block]) -> None:
    """A short excerpt of the source on each task and target, for the review table
    (`blocks`: what the parser read from `data`)."""
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


def payload_date(value: Any) -> date | None:
    """A date of the parser's payload (ISO text, or a date already), None when blank or invalid."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None

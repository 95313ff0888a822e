"""The parse pipeline: bytes → blocks → outline → extractors → PlanDraft."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cchc.docparse.goals import extract_goals
from cchc.docparse.header import extract_header
from cchc.docparse.model import PlanDraft, Source
from cchc.docparse.outline import build_outline
from cchc.docparse.readers import read_document
from cchc.docparse.reporting import extract_reporting
from cchc.docparse.responsibilities import extract_responsibilities
from cchc.docparse.targets import extract_targets
from cchc.docparse.tasks import extract_tasks


def parse(source: str | Path | bytes, *, filename: str | None = None) -> PlanDraft:
    """Parse a plan document given as a path or as raw bytes.

    Raises `UnreadableDocument` (with a Vietnamese message) when the input is not a
    readable document; anything the parser is unsure of goes to `warnings`.
    """
    data, filename = _load(source, filename)
    fmt, blocks = read_document(data, filename=filename)
    header, warnings = extract_header(blocks)
    outline = build_outline(blocks)
    sections, tasks, task_warnings = extract_tasks(blocks, outline, year=header.year)
    return PlanDraft(
        source=Source(filename=filename, format=fmt, sha256=hashlib.sha256(data).hexdigest()),
        document=header,
        goals=extract_goals(outline),
        targets=extract_targets(outline),
        sections=sections,
        tasks=tasks,
        reporting=extract_reporting(outline, year=header.year, blocks=blocks),
        responsibilities=extract_responsibilities(outline),
        warnings=warnings + task_warnings,
    )


def _load(source: str | Path | bytes, filename: str | None) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        return source, filename
    path = Path(source)
    return path.read_bytes(), filename or path.name

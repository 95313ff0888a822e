"""The parse pipeline: bytes → blocks → outline → extractors → PlanDraft."""

from __future__ import annotations

import hashlib
from pathlib import Path

from cchc.docparse.blocks import Block
from cchc.docparse.goals import extract_goals
from cchc.docparse.header import extract_header
from cchc.docparse.model import PlanDraft, Source
from cchc.docparse.outline import build_outline
from cchc.docparse.readers import read_document
from cchc.docparse.readers.progress import Progress
from cchc.docparse.reporting import extract_reporting
from cchc.docparse.responsibilities import extract_responsibilities
from cchc.docparse.targets import extract_targets
from cchc.docparse.tasks import extract_tasks


def parse(
    source: str | Path | bytes, *, filename: str | None = None, progress: Progress | None = None
) -> PlanDraft:
    """Parse a plan document given as a path or as raw bytes.

    Raises `UnreadableDocument` (with a Vietnamese message) when the input is not a
    readable document; anything the parser is unsure of goes to `warnings`. A scan is
    read by OCR, calling `progress(pages_done, pages)` after each page.
    """
    return parse_with_blocks(source, filename=filename, progress=progress)[0]


def parse_with_blocks(
    source: str | Path | bytes, *, filename: str | None = None, progress: Progress | None = None
) -> tuple[PlanDraft, list[Block]]:
    """`parse`, and the blocks it read: callers that show excerpts of the source use them
    instead of reading the document again (a scan would be recognised twice)."""
    data, filename = _load(source, filename)
    fmt, blocks = read_document(data, filename=filename, progress=progress)
    return _draft(data, filename, fmt, blocks), blocks


def _draft(data: bytes, filename: str | None, fmt: str, blocks: list[Block]) -> PlanDraft:
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

"""Sections and tasks: from the appendix task table, else from the body's duties."""

from __future__ import annotations

from cchc.docparse.blocks import Block
from cchc.docparse.model import Section, Task
from cchc.docparse.outline import Outline


def extract_tasks(
    blocks: list[Block], outline: Outline, *, year: int | None
) -> tuple[list[Section], list[Task], list[str]]:
    """(sections, tasks, warnings) for the document."""
    return [], [], []

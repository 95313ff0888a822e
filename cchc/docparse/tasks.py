"""Sections and tasks: from the appendix task table, else from the body's duties."""

from __future__ import annotations

from cchc.docparse.blocks import Block, Table
from cchc.docparse.model import Section, Task
from cchc.docparse.outline import Outline
from cchc.docparse.task_body import is_target_statement, tasks_from_body
from cchc.docparse.task_table import tasks_from_tables

__all__ = ["extract_tasks", "is_target_statement"]


def extract_tasks(
    blocks: list[Block], outline: Outline, *, year: int | None
) -> tuple[list[Section], list[Task], list[str]]:
    """(sections, tasks, warnings) for the document.

    The table wins: duties written in the body of a plan that also has a task table
    restate the table and are not added again.
    """
    tables = [b for b in blocks if isinstance(b, Table)]
    sections, tasks, warnings = tasks_from_tables(tables, year=year)
    if tasks:
        return sections, tasks, warnings
    return tasks_from_body(outline, year=year)

"""Targets (chỉ tiêu): one Target per figure that is a goal.

Targets come from the body's "Chỉ tiêu" part (every item and paragraph under it). A
plan without one states its targets among its tasks and solutions, so then the
figure-bearing items of the "Nhiệm vụ … giải pháp" part are read instead. Items without
a figure give no target.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc.docparse.blocks import SourceRef
from cchc.docparse.body import body_lines, find_parts, node_lines
from cchc.docparse.model import Target
from cchc.docparse.outline import Node, Outline
from cchc.docparse.target_clauses import read_sentence

_Item = tuple[str | None, str, SourceRef | None]


def extract_targets(outline: Outline) -> list[Target]:
    """Targets stated in the body's 'Chỉ tiêu' part (or figure-bearing tasks)."""
    parts = find_parts(outline, "targets") or find_parts(outline, "tasks")
    return [t for part in parts for code, text, ref in _items(part) for t in read_sentence(text, code, ref)]


def _items(part: Node) -> Iterator[_Item]:
    for text in body_lines(part.body):
        yield None, text, None
    for child in part.children:
        yield from _node_items(child, None)


def _node_items(node: Node, parent_code: str | None) -> Iterator[_Item]:
    code = item_code(node, parent_code)
    for text in node_lines(node):
        yield code, text, node.ref
    for child in node.children:
        yield from _node_items(child, code)


def item_code(node: Node, parent_code: str | None) -> str | None:
    """The code as printed; a letter item under 2.1 is "2.1.a", a bullet has none."""
    if node.style == "letter":
        return f"{parent_code}.{node.label}" if parent_code else node.label
    if node.style in ("arabic", "roman"):
        return node.label
    return None

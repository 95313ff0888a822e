"""Goals (mục tiêu, mục đích) from the body outline."""

from __future__ import annotations

from cchc.docparse.body import body_lines, find_parts, is_part, node_lines
from cchc.docparse.outline import Node, Outline


def extract_goals(outline: Outline) -> list[str]:
    """The plan's goals as sentences, numbering and bullets removed.

    Goals are the paragraphs and items under the innermost goals heading ("Mục tiêu
    chung", "Mục đích"); a targets heading nested in a goals part is not a goal.
    """
    goals: list[str] = []
    for part in find_parts(outline, "goals"):
        goals.extend(_part_goals(part))
    return goals


def _part_goals(part: Node) -> list[str]:
    lines = body_lines(part.body)
    for child in part.children:
        if not is_part(child, "targets"):
            lines.extend(_item_lines(child))
    return [line for line in lines if line]


def _item_lines(node: Node) -> list[str]:
    # An item's own text, then any sub-items under it, each a goal of its own.
    lines = node_lines(node)
    for child in node.children:
        lines.extend(_item_lines(child))
    return lines

"""Responsibilities (Tổ chức thực hiện): unit → duties.

Under the "Tổ chức thực hiện" heading (and a "Chế độ báo cáo" heading, which assigns
reports to units) each numbered heading that names a unit is a responsibility:
"2.1. Sở Nội vụ: công tác chỉ đạo …" gives the unit before the colon and a first duty
after it; the paragraphs and items under it are the other duties. Headings that do not
name a unit ("2. Ngoài việc …, Thủ trưởng các đơn vị sau đây …:") are looked through.
A closing paragraph ("… giao Phòng Nội vụ tổng hợp …") adds a duty to a unit already
named; otherwise it is not a duty.
"""

from __future__ import annotations

import re
from functools import cache

from cchc.docparse.blocks import Paragraph
from cchc.docparse.body import body_lines, find_parts, is_closing, node_lines
from cchc.docparse.model import Responsibility
from cchc.docparse.outline import Node, Outline
from cchc.docparse.vocab import load


def extract_responsibilities(outline: Outline) -> list[Responsibility]:
    """Each unit named under 'Tổ chức thực hiện' with its duties."""
    parts = find_parts(outline, "reporting") + find_parts(outline, "responsibilities")
    parts.sort(key=lambda part: _order(outline, part))
    out: list[Responsibility] = []
    closings: list[str] = []
    for part in parts:
        closings.extend(p.text for n in part.walk() for p in n.body if is_closing(p.text))
        _collect(part.children, out)
    for text in closings:
        _assign_closing(text, out)
    return out


def _order(outline: Outline, node: Node) -> int:
    return next(i for i, n in enumerate(outline.walk()) if n is node)


def _collect(nodes: list[Node], out: list[Responsibility]) -> None:
    for node in nodes:
        unit, first = split_unit(node.text)
        if unit is None:
            _collect(node.children, out)
            continue
        out.append(Responsibility(unit, _own_paragraphs(node, first)))
        _item_duties(node.children, out[-1], out)


def _own_paragraphs(node: Node, first: str | None) -> list[str]:
    # The heading's text after the colon may run on into the next line ("… UBND quận -
    # huyện" / "đề xuất …"). The unit's own lead-in to its list ("…, trong đó tập trung
    # vào các nhiệm vụ sau:") introduces the duties and is not one.
    paragraphs = [Paragraph(first)] if first else []
    lines = [line for line in body_lines(paragraphs + node.body) if not is_closing(line)]
    if node.children and lines and lines[-1].endswith(":"):
        lines.pop()
    return [d for line in lines for d in _split_duties(line)]


def _item_duties(items: list[Node], resp: Responsibility, out: list[Responsibility]) -> None:
    """Numbered items under a unit are its duties; a sub-list for another unit is its own."""
    i = 0
    while i < len(items):
        item, sub = items[i], _sub_items(items, i)
        sub_unit = split_unit(_sub_unit_text(item.text))[0] if sub else None
        if sub_unit:
            out.append(Responsibility(sub_unit, [line for s in sub for line in node_lines(s)]))
        else:
            resp.duties.extend(
                d for line in node_lines(item) if not is_closing(line) for d in _split_duties(line)
            )
        i += 1 + (len(sub) if sub_unit else 0)


def _sub_items(items: list[Node], i: int) -> list[Node]:
    """Items nested under items[i]: its children, or following bullets of another mark.

    A "- … chỉ đạo:" bullet followed by "+ …" bullets: the outline puts all bullets on
    one level, so the change of mark is what nests them.
    """
    item = items[i]
    if not item.text.endswith(":"):
        return []
    if item.children:
        return item.children
    rest = items[i + 1 :]
    n = next((k for k, s in enumerate(rest) if s.style != "bullet" or s.label == item.label), len(rest))
    return rest[:n] if item.style == "bullet" else []


def _sub_unit_text(text: str) -> str:
    return re.sub(_vocab()["sub_unit_lead"], "", text, flags=re.IGNORECASE)


@cache
def _vocab() -> dict:
    return load("sections")


@cache
def _head_re() -> re.Pattern[str]:
    heads = sorted(_vocab()["unit_heads"], key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(h) for h in heads)})(?!\w)", re.IGNORECASE)


def split_unit(text: str) -> tuple[str | None, str | None]:
    """(unit, duty after its colon) when a heading names a unit, else (None, None)."""
    text = re.sub(_vocab()["unit_prefix"], "", text.strip())
    name, _, duty = text.partition(":")
    name = re.sub(_vocab()["unit_verb"], "", name).strip(" ;.")
    # Heads match in any case ("Chi Cục Thuế"), but a name starts with a capital.
    if not name or not name[0].isupper() or not _head_re().match(name):
        return None, None
    return name, duty.strip() or None


def _split_duties(text: str | None) -> list[str]:
    if not text:
        return []
    return [part for part in re.split(_vocab()["duty_split"], text) if part]


def _assign_closing(text: str, out: list[Responsibility]) -> None:
    """'… giao Phòng Nội vụ tổng hợp …' in a closing paragraph is a duty of that unit."""
    for resp in out:
        m = re.search(rf"\bgiao\s+(?:cho\s+)?{re.escape(resp.unit)}\s+(?P<duty>[^.;]+)", text, re.IGNORECASE)
        if m:
            resp.duties.append(m.group("duty").strip(" ,/"))

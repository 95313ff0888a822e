"""The body's numbered structure: I. → 1. → 1.1. → a) → - bullets.

Plans are written as nested numbered headings. `build_outline` turns the paragraph
blocks into a tree so that extractors can ask for "the paragraphs under the heading
that says Chỉ tiêu" without caring how deep it is. Tables are not part of the
outline; they stay in the block list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from cchc.docparse.blocks import Block, Paragraph, SourceRef

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")

# (style, pattern, level); the level of an arabic label is its depth (1, 1.1, 1.1.1 …).
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    # No "/" after a roman label: "V/v …" is a công văn's subject line, not section V.
    ("roman", re.compile(r"^(?P<label>[IVX]{1,4})\s*[.\-–:]\s*(?P<rest>.*)$")),
    ("arabic", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,4})\.?\s+(?P<rest>\S.*)$")),
    ("arabic", re.compile(r"^(?P<label>\d{1,2})[.)]\s*(?P<rest>\S.*)$")),
    ("letter", re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<rest>\S.*)$")),
    ("article", re.compile(r"^Điều\s+(?P<label>\d{1,3})\s*[.:]\s*(?P<rest>.*)$")),
    # A bullet needs a letter or digit after it: "-------" under a header is a rule line.
    ("bullet", re.compile(r"^(?P<label>[-–•+*])\s*(?P<rest>[^\s\-–].*)$")),
]
_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)\b")
# The recipients list ends the body; pasted pages sometimes glue it to the signer's title.
_CLOSING = re.compile(r"^(?:[A-ZĐÀ-Ỹ .]{0,40}\s)?(Nơi nhận|NƠI NHẬN)\s*:")


@dataclass
class Node:
    """A numbered heading (or bullet) and what stands under it.

    `label` is the printed number without punctuation ("II", "2.4", "a", "-"), `style`
    one of root, roman, arabic, letter, article, bullet, appendix, closing. `text` is
    the heading line without its label; `body` holds the unnumbered paragraphs that
    follow it directly.
    """

    label: str | None
    style: str
    text: str
    ref: SourceRef = field(default_factory=SourceRef)
    body: list[Paragraph] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    level: int = 0

    def walk(self) -> Iterator[Node]:
        """This node and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, predicate: Callable[[Node], bool]) -> Node | None:
        """The first node (document order) below this one that matches."""
        return next((n for n in self.walk() if n is not self and predicate(n)), None)

    def full_text(self) -> str:
        """Heading text and body paragraphs joined with spaces."""
        return " ".join([self.text, *(p.text for p in self.body)]).strip()


Outline = Node


def parse_label(text: str) -> tuple[str, str, str] | None:
    """(style, label, rest) when a paragraph starts with a numbering label."""
    for style, pattern in _LABELS:
        m = pattern.match(text)
        if m and (style != "roman" or m.group("label") in ROMAN):
            return style, m.group("label"), m.group("rest").strip()
    return None


def build_outline(blocks: list[Block]) -> Outline:
    """The tree of numbered headings over the paragraph blocks."""
    root = Node(label=None, style="root", text="", level=-1)
    stack = [root]
    for block in blocks:
        if isinstance(block, Paragraph):
            _place(stack, block)
    return root


def _place(stack: list[Node], para: Paragraph) -> None:
    node = _node_for(para)
    if node is None:
        stack[-1].body.append(para)
        return
    while stack[-1].level >= node.level:
        stack.pop()
    stack[-1].children.append(node)
    stack.append(node)


def _node_for(para: Paragraph) -> Node | None:
    if _APPENDIX.match(para.text):
        return Node(None, "appendix", para.text, para.ref, level=0)
    if _CLOSING.match(para.text):
        # Level of a roman heading: in a Quyết định the recipients list stands between
        # the decision and the attached plan, whose "I." must not nest under it.
        return Node(None, "closing", para.text, para.ref, level=1)
    parsed = parse_label(para.text)
    if parsed is None:
        return None
    style, label, rest = parsed
    return Node(label, style, rest, para.ref, level=_level(style, label))


def _level(style: str, label: str) -> int:
    if style == "roman":
        return 1
    if style == "article":
        return 1
    if style == "arabic":
        return 1 + label.count(".") + 1
    if style == "letter":
        return 10
    return 11

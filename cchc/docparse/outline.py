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
from functools import cache

from cchc.docparse import vocab
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
# Vietnamese list letters in order (no f, j, w, z).
LETTER_ORDER = "abcdđeghiklmnopqrstuvxy"
# "C) …" where "c)" was printed: OCR capitalises a list letter now and then.
_CAPITAL_LETTER = re.compile(r"^(?P<label>[A-ZĐ])\)\s*(?P<rest>\S.*)$")
# "TIT. TỔ CHỨC …" where "III." was printed: in a bold serif face OCR reads I as T, l, 1 or |.
_MISREAD_ROMAN = re.compile(r"^(?P<label>[IVXTl1|!Y]{1,4})\s*[.\-–:]\s*(?P<rest>[A-ZĐÀ-Ỹ].*)$")
_ROMAN_LOOKALIKES = {"I": "IlT1|!", "V": "VY", "X": "X"}
# A paragraph ending like this is complete: a clause or sentence end, or a closing bracket or quote.
_COMPLETE_END = re.compile(r"[.;:!?…)\]”\"]['\s]*$")


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


def is_appendix(text: str) -> bool:
    """A paragraph that opens an appendix ("PHỤ LỤC", "Phụ lục I")."""
    return bool(_ends_of_body()[0].match(text))


def is_recipients(text: str) -> bool:
    """A paragraph that opens the recipients list ("Nơi nhận:"), which ends the body."""
    return bool(_ends_of_body()[1].match(text))


@cache
def _ends_of_body() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = vocab.load("doc_kinds")
    appendix = "|".join(re.escape(w) for w in words["appendix"])
    recipients = "|".join(re.escape(w) for w in words["recipients"])
    # Pasted pages sometimes glue the recipients list to the signer's title ("CHỦ TỊCH Nơi nhận:").
    return (
        re.compile(rf"^(?:{appendix})\b"),
        re.compile(rf"^(?:[A-ZĐÀ-Ỹ .]{{0,40}}\s)?(?:{recipients})\s*:"),
    )


def parse_label(text: str) -> tuple[str, str, str] | None:
    """(style, label, rest) when a paragraph starts with a numbering label."""
    for style, pattern in _LABELS:
        m = pattern.match(text)
        if m and (style != "roman" or m.group("label") in ROMAN):
            return style, m.group("label"), m.group("rest").strip()
    return None


def continues_paragraph(previous: str, text: str) -> bool:
    """Whether `text` continues `previous`, a paragraph broken mid-sentence.

    A paragraph that starts in lower case and carries no label ("a)" starts an item)
    continues the one before, unless that one is complete: it ends a clause (":" and ";"
    open or continue a list whose items may start in lower case), a sentence, or with a
    closing bracket or quote.
    """
    if not text[:1].islower() or parse_label(text) is not None:
        return False
    return not _COMPLETE_END.search(previous)


def paragraph_runs(blocks: list[Block]) -> list[Block]:
    """The blocks with broken paragraphs joined back to the paragraph they continue."""
    out: list[Block] = []
    for block in blocks:
        last = out[-1] if out else None
        if (
            isinstance(block, Paragraph)
            and isinstance(last, Paragraph)
            and continues_paragraph(last.text, block.text)
        ):
            ref = SourceRef(line_start=last.ref.line_start, line_end=block.ref.line_end)
            confs = [c for c in (last.confidence, block.confidence) if c is not None]
            out[-1] = Paragraph(
                f"{last.text} {block.text}",
                ref,
                bold=last.bold and block.bold,
                confidence=min(confs) if confs else None,
            )
        else:
            out.append(block)
    return out


def build_outline(blocks: list[Block]) -> Outline:
    """The tree of numbered headings over the paragraph blocks (broken paragraphs joined)."""
    root = Node(label=None, style="root", text="", level=-1)
    stack = [root]
    for block in paragraph_runs(blocks):
        if isinstance(block, Paragraph):
            _place(stack, block)
    return root


def _place(stack: list[Node], para: Paragraph) -> None:
    node = _node_for(para) or _capital_letter(stack, para) or _misread_roman(stack, para)
    if node is None:
        stack[-1].body.append(para)
        return
    while stack[-1].level >= node.level:
        stack.pop()
    stack[-1].children.append(node)
    stack.append(node)


def _node_for(para: Paragraph) -> Node | None:
    if is_appendix(para.text):
        return Node(None, "appendix", para.text, para.ref, level=0)
    if is_recipients(para.text):
        # Level of a roman heading: in a Quyết định the recipients list stands between
        # the decision and the attached plan, whose "I." must not nest under it.
        return Node(None, "closing", para.text, para.ref, level=1)
    parsed = parse_label(para.text)
    if parsed is None:
        return None
    style, label, rest = parsed
    return Node(label, style, rest, para.ref, level=_level(style, label))


def _capital_letter(stack: list[Node], para: Paragraph) -> Node | None:
    """A letter item read with a capital ("C)" after "b)"): the next letter of the list."""
    m = _CAPITAL_LETTER.match(para.text)
    last = stack[-1]
    if m is None or last.style != "letter" or last.label not in LETTER_ORDER[:-1]:
        return None
    label = m.group("label").lower()
    if LETTER_ORDER.index(last.label) + 1 != LETTER_ORDER.find(label):
        return None
    return Node(label, "letter", m.group("rest").strip(), para.ref, level=_level("letter", label))


def _misread_roman(stack: list[Node], para: Paragraph) -> Node | None:
    """A capitalised heading whose numeral reads like the next roman one ("TIT." after "II.")."""
    m = _MISREAD_ROMAN.match(para.text)
    romans = [n for n in stack[0].children if n.style == "roman"]
    if m is None or not romans or romans[-1].label == ROMAN[-1]:
        return None
    expected = ROMAN[ROMAN.index(romans[-1].label) + 1]
    token = m.group("label")
    if len(token) != len(expected) or not all(
        c in _ROMAN_LOOKALIKES[e] for c, e in zip(token, expected, strict=True)
    ):
        return None
    rest = m.group("rest").strip()
    if rest != rest.upper():
        return None
    return Node(expected, "roman", rest, para.ref, level=_level("roman", expected))


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

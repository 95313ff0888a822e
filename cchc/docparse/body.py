"""Finding the body's parts (goals, targets, responsibilities …) by their headings.

The heading vocabulary lives in data/sections.yaml. A part is a numbered heading whose
text matches the part's patterns; when parts nest ("I. MỤC TIÊU" › "1. Mục tiêu chung")
the innermost one is the part, so callers get the most specific heading. Headings are
also compared without diacritics, since OCR misreads tone marks ("TỔ CHỨC THỤC HIỆN",
"MỤC ĐỊCH") far more often than letters.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cchc.docparse.blocks import Paragraph
from cchc.docparse.outline import Node, Outline
from cchc.docparse.units import fold_diacritics
from cchc.docparse.vocab import load

_HEADING_STYLES = {"roman", "arabic", "article", "letter"}
_TRAILING = re.compile(r"[\s:.;]+$")


@cache
def _patterns(kind: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in load("sections")[kind])


@cache
def _folded_patterns(kind: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(fold_diacritics(p), re.IGNORECASE) for p in load("sections")[kind])


def heading_key(node: Node) -> str:
    """A heading's text lower-cased, without trailing punctuation."""
    return _heading_key(node.text)


@lru_cache(maxsize=2048)  # every find_parts call asks again for each heading
def _heading_key(text: str) -> str:
    return _TRAILING.sub("", text).lower()


def is_part(node: Node, kind: str) -> bool:
    """True when `node` is a short numbered heading of the given part kind."""
    if node.style not in _HEADING_STYLES:
        return False
    key = heading_key(node)
    if len(key.split()) > load("sections")["max_heading_words"]:
        return False
    if any(p.search(key) for p in _patterns(kind)):
        return True
    folded = fold_diacritics(key)
    return any(p.search(folded) for p in _folded_patterns(kind))


def find_parts(outline: Outline, kind: str) -> list[Node]:
    """The innermost headings of a part kind, in document order."""
    found = [n for n in outline.walk() if n is not outline and is_part(n, kind)]
    return [n for n in found if not any(m is not n and _contains(n, m) for m in found)]


def _contains(outer: Node, inner: Node) -> bool:
    return any(n is inner for n in outer.walk())


def is_closing(text: str) -> bool:
    """True for a closing paragraph ("Trên đây là Kế hoạch…", "… yêu cầu các …")."""
    return any(p.search(text) for p in _patterns("closing_paragraphs"))


def is_continuation(text: str) -> bool:
    """A text that starts in lower case (a clause run on from what stands before it)."""
    return bool(text) and text[0].islower()


def body_lines(paragraphs: list[Paragraph]) -> list[str]:
    """The texts of body paragraphs (the outline has joined broken lines already)."""
    return [para.text for para in paragraphs]


def node_lines(node: Node) -> list[str]:
    """A node's heading text followed by its body paragraphs."""
    return [node.text, *body_lines(node.body)]

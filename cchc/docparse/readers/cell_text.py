"""The text of one table cell as pasted from a web page → the cell's paragraphs.

Sites paste cells with HTML left in (`<p>…</p>`, `<ul><li>…</li></ul>`, `<br>`) or
with a list flattened to one line (`<ul style=…> - A - B </ul>`, `- A - B`). Each list
item or HTML paragraph becomes one paragraph of the cell; a "- " bullet is kept at the
start of its paragraph (extractors remove it) so that joining the paragraphs back with
spaces gives the cell text as printed.
"""

from __future__ import annotations

import re
from functools import cache

from cchc.docparse import vocab
from cchc.docparse.readers.text_lines import quick_clean

# Block-level tags end a paragraph; `<ul>`/`<ol>` open a list whose "- " runs are items.
_BLOCK_TAG = re.compile(r"<\s*(/?)\s*(p|li|br|div|ul|ol|tr|h\d)\b[^>]*>", re.IGNORECASE)
# A flattened bullet: " - " followed by the capital letter or digit that starts an item
# (checked with str.isupper: regex ranges cannot tell Vietnamese capitals from small
# letters). "ban - ngành", "quận - huyện" (lower case after the dash) stay one item.
_DASH = re.compile(r"\s+[-–•+]\s+(?=\S)")
_LEADING_BULLET = re.compile(r"^[-–•+]\s*")
_PUNCT_END = re.compile(r"[.;:!?…]$")


def cell_paragraphs(raw: str) -> list[str]:
    """The paragraphs of a cell given as pasted text (HTML fragments allowed)."""
    paragraphs: list[str] = []
    chunks = _chunks(raw) if "<" in raw else [(raw, False)]
    for chunk, in_list in chunks:
        text = quick_clean(chunk)
        if not text:
            continue
        paragraphs += (
            split_bullet_run(text) if in_list or text.startswith(("- ", "– ", "+ ", "• ")) else [text]
        )
    return paragraphs


def _chunks(raw: str) -> list[tuple[str, bool]]:
    """Text between block-level tags, each with whether it sits inside a list."""
    chunks: list[tuple[str, bool]] = []
    depth, pos = 0, 0
    for m in _BLOCK_TAG.finditer(raw):
        chunks.append((raw[pos : m.start()], depth > 0))
        if m.group(2).lower() in ("ul", "ol"):
            depth = max(0, depth + (-1 if m.group(1) else 1))
        pos = m.end()
    chunks.append((raw[pos:], depth > 0))
    return chunks


def split_bullet_run(text: str) -> list[str]:
    """`- A - B` → [`- A`, `- B`]; the bullets stay on their items."""
    cuts = [m for m in _DASH.finditer(text) if opens_item(text[m.end()]) and not _in_compound(text, m)]
    if not cuts:
        return [text]
    bounds = [0, *(m.start() for m in cuts), len(text)]
    starts = [0, *(m.end() for m in cuts)]
    parts = [text[starts[k] : bounds[k + 1]].strip() for k in range(len(starts))]
    return [parts[0]] + [f"- {p}" for p in parts[1:] if p] if parts[0] else [f"- {p}" for p in parts[1:] if p]


@cache
def _compounds() -> tuple[tuple[str, str], ...]:
    pairs = (name.lower().split(" - ", 1) for name in vocab.load("table_headers")["compound_names"])
    return tuple((left, right) for left, right in pairs)


def _in_compound(text: str, dash: re.Match[str]) -> bool:
    """True when the dash joins the two halves of a name such as "Quy hoạch - Kiến trúc"."""
    before, after = text[: dash.start()].lower(), text[dash.end() :].lower()
    return any(before.endswith(left) and after.startswith(right) for left, right in _compounds())


def opens_item(char: str) -> bool:
    """True for the first character of a list item: a capital, a digit or an opening mark."""
    return char.isupper() or char.isdigit() or char in '“"('


def starts_paragraph(text: str) -> bool:
    """True when a text opens a new paragraph by itself (a bullet or a list label)."""
    return bool(_LEADING_BULLET.match(text)) or bool(re.match(r"^[a-zđ]\)\s", text))


def merge_cell(previous: list[str], continued: list[str]) -> list[str]:
    """A cell split over a page break: the continued part's first paragraph joins the last one.

    The break falls mid-sentence (often mid-phrase: "trong hệ" | "thống …"), so the two
    halves are one paragraph unless the continued part opens with a bullet.
    """
    if not previous or not continued:
        return previous + continued
    head, rest = continued[0], continued[1:]
    if starts_paragraph(head):
        return previous + continued
    joined = f"{previous[-1]} {head}"
    pieces = split_bullet_run(joined) if starts_paragraph(previous[-1]) else [joined]
    return previous[:-1] + pieces + rest


def ends_sentence(text: str) -> bool:
    """True when a text ends with sentence punctuation."""
    return bool(_PUNCT_END.search(text.rstrip(")”\"' ")))

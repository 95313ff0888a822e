"""Source lines of a pasted text, cleaned of page chrome and pasting artefacts.

A `Line` keeps its 1-based source number and its text with tabs and pipes intact (the
table finders need them). Blank lines are kept as `kind == "blank"`; a line holding
only a non-breaking space is an empty table cell on some sites (`kind == "empty"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from cchc.docparse import vocab
from cchc.docparse.text import collapse, normalise_unicode, strip_markup

# A closing emphasis glued to the next opening one ("**CHỦ TỊCH*****Nơi nhận:***"):
# two runs that the page showed apart; a space keeps their words apart. (They stay one
# line: extractors downstream expect the signature block in one piece.)
_GLUED_EMPHASIS = re.compile(r"(?<=\S)\*{4,6}(?=\S)")
# Emphasis markers inside a word ("n**ă**m", "v****à hư****ớng", "**1**04/2012"): the page
# changed style mid-word; the letters belong together. `_join_in_word` keeps those followed
# by a capital apart: there they stood for a break ("CHỦ TỊCH*****Nơi nhận").
_MARKERS_AFTER_ALNUM = re.compile(r"(?<=[^\W_])\*+(?=[^\W_])")
# A capitalised word glued to an upper-case symbol ("07/CT-UBNDBến Thành"): a place or
# name run onto the number cell; checked by `_unglue_capitalised`.
_CAPS_THEN_WORD = re.compile(r"(?<=[A-ZĐ]{2})(?=[^\W\d_]{2})")
_METADATA = re.compile(r"^\s*(?P<key>[^:|]{2,40}?)\s*:\s*\S")


@dataclass
class Line:
    """One source line: `no` is 1-based, `text` is NFC with markup still in it."""

    no: int
    text: str
    kind: str = "text"
    clean: str = field(default="", init=False)

    def __post_init__(self) -> None:
        # Computed once: every table finder looks at the clean text of every line.
        self.clean = quick_clean(self.text) if self.text else ""


def quick_clean(text: str) -> str:
    """Markup removed and whitespace collapsed, for text already Unicode-normalised."""
    if any(c in text for c in "<*_&"):  # most lines carry no markup: skip the regexes
        text = strip_markup(text)
    return collapse(text)


@cache
def _chrome() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]:
    data = vocab.load("page_chrome")
    lines = re.compile("|".join(f"(?:{p})" for p in data["lines"]), re.IGNORECASE)
    keys = frozenset(k.lower() for k in data["metadata_keys"])
    words = "|".join(re.escape(w) for w in data["glued_words"])
    glued = re.compile(rf"(?<=[A-ZĐ0-9])(?=(?:{words})\b)")
    return lines, keys, glued


def prepare_lines(raw_lines: list[str]) -> list[Line]:
    """Lines with chrome dropped, glued words spaced, glued emphasis runs split."""
    chrome, _, glued = _chrome()
    out: list[Line] = []
    for no, raw in enumerate(raw_lines, start=1):
        text = normalise_unicode(raw.rstrip("\r\n"))
        text = _GLUED_EMPHASIS.sub(" ", _join_in_word(text))
        line = _classify(no, _unglue_capitalised(glued.sub(" ", text)))
        if line.kind != "text" or not chrome.fullmatch(line.clean.strip("# ")):
            out.append(line)
    return _drop_metadata_preamble(out)


def _join_in_word(text: str) -> str:
    """Emphasis markers dropped where a lower-case letter or a digit continues the word."""
    if "*" not in text:
        return text
    return _MARKERS_AFTER_ALNUM.sub(lambda m: "" if _continues(m.string[m.end()]) else m.group(0), text)


def _continues(char: str) -> bool:
    return char.islower() or char.isdigit()


def _unglue_capitalised(text: str) -> str:
    """A space between an upper-case run and a capitalised word glued to it ("UBNDBến")."""
    cuts = [
        m.start()
        for m in _CAPS_THEN_WORD.finditer(text)
        if text[m.start()].isupper() and text[m.start() + 1].islower()
    ]
    for cut in reversed(cuts):
        text = f"{text[:cut]} {text[cut:]}"
    return text


def _classify(no: int, text: str) -> Line:
    if text.strip(" \t"):
        stripped = text.replace("\u00a0", " ").strip()
        return Line(no, text, "text" if stripped else "empty")
    return Line(no, "", "blank")


def _drop_metadata_preamble(lines: list[Line]) -> list[Line]:
    """Drop "Số hiệu: …" style metadata lines that come before the document itself."""
    _, keys, _ = _chrome()
    start = 0
    for i, line in enumerate(lines):
        if line.kind == "text":
            m = _METADATA.match(line.clean)
            if not (m and m.group("key").lower() in keys):
                break
        start = i + 1
    return [ln for ln in lines[:start] if ln.kind != "text"] + lines[start:]

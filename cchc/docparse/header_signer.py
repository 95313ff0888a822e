"""The signature block: position lines ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") and the name below."""

from __future__ import annotations

import re
from functools import cache

from cchc.docparse import vocab
from cchc.docparse.header_lines import is_motto, is_upper
from cchc.docparse.model import Signer
from cchc.docparse.outline import is_appendix
from cchc.docparse.units import fold_diacritics

_BLOCK_LINES = 25
# The signature stands beside the recipients list (read before or after it), or at
# the end of the body when there is none.
_BEFORE_RECIPIENTS = 60
_AFTER_RECIPIENTS = 40
_BEFORE_END = 60


def signature_zone(lines: list[str], start: int) -> list[str]:
    """The lines that can hold the signature block, a bounded window of the document.

    The body ends at an appendix or at the header of an attached document (a second
    motto); the window is the lines around the first recipients list ("Nơi nhận:")
    before that end, or the last lines before it. `start` is the line after the
    document's own motto.
    """
    end, recipients = len(lines), None
    for i in range(start, len(lines)):
        line = lines[i]
        if is_appendix(line) or (is_upper(line) and is_motto(line)):
            end = i
            break
        if recipients is None and any(mark in line for mark in _recipient_marks()):
            recipients = i
    if recipients is None:
        return lines[max(start, end - _BEFORE_END) : end]
    return lines[max(start, recipients - _BEFORE_RECIPIENTS) : min(end, recipients + _AFTER_RECIPIENTS)]


def find_signer(lines: list[str]) -> Signer | None:
    """Name and position of the first signature block that has a name under it."""
    for i, line in enumerate(lines):
        position = _position(line)
        if position is None:
            continue
        i, position = _last_position(lines, i, position)
        name = _name_after(lines, i + 1)
        if name:
            return Signer(name=name, position=position or None)
    return None


def _last_position(lines: list[str], i: int, position: str) -> tuple[int, str]:
    """Follow "KT. CHỦ TỊCH" / "TM. ỦY BAN NHÂN DÂN" to the position line below it."""
    while i + 1 < len(lines):
        nxt = _position(lines[i + 1])
        if nxt is None:
            break
        i, position = i + 1, nxt or position
    return i, position


def _position(line: str) -> str | None:
    """The cased position on a signature line, "" for a prefix-only line, None otherwise."""
    if not line[:1].isupper():
        return None  # body text and recipients bullets: no regex needed
    # The recipients list is sometimes run onto the position line ("CHỦ TỊCHNơi nhận:").
    if any(mark in line for mark in _recipient_marks()):
        line = _recipients_tail().sub("", line)
    text = line.strip()
    if not text or not is_upper(text):
        return None
    prefix = next((p for p in _data()["prefixes"] if text.startswith(p)), None)
    if prefix is None:
        return _match_position(text)
    rest = text[len(prefix) :].strip()
    tail = _position_suffix(rest)
    return tail if tail is not None else ""


def _position_suffix(text: str) -> str | None:
    """The position that ends a prefixed line ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH" → "Phó Chủ tịch")."""
    words = text.split()
    for n in range(1, len(words)):
        cased = _match_position(" ".join(words[n:]))
        if cased:
            return cased
    return None


def _match_position(text: str) -> str | None:
    key = _fold(text)
    for canonical in _data()["positions"]:
        if _fold(canonical) == key:
            return _copy_case(text, canonical)
    return None


def _copy_case(printed: str, canonical: str) -> str:
    """The printed letters in the canonical word casing ("CHÚ TỊCH" → "Chú tịch")."""
    out = []
    for word, model in zip(printed.split(), canonical.split(), strict=False):
        out.append(word[:1].upper() + word[1:].lower() if model[:1].isupper() else word.lower())
    return " ".join(out)


def _name_after(lines: list[str], start: int) -> str | None:
    """The last person-name-looking line before the block ends."""
    name = None
    for line in lines[start : start + _BLOCK_LINES]:
        if _ends_block(line):
            break
        candidate = _before_capitals(line)
        if looks_like_name(candidate):
            name = candidate
    return name


def _ends_block(line: str) -> bool:
    if any(line.startswith(e) for e in _data()["block_ends"]):
        return True
    # A capitalised heading ends the block; a recipients bullet ("- TT UBND P8") does not.
    heading = is_upper(line) and len(line.split()) >= 2 and not line.startswith(("-", "+", "•"))
    return heading or _position(line) is not None


def _before_capitals(line: str) -> str:
    """The line up to a run of capitalised words (a reader may join the name to the next header)."""
    words = line.split()
    cut = next((i for i, w in enumerate(words) if len(w) > 1 and is_upper(w)), len(words))
    return " ".join(words[:cut])


def looks_like_name(line: str) -> bool:
    """2–5 capitalised words of letters only ("Trần Phi Long")."""
    words = line.split()
    return 2 <= len(words) <= 5 and all(_name_word(w) for w in words)


def _name_word(word: str) -> bool:
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower()) and len(word) <= 8


def _fold(text: str) -> str:
    return " ".join(fold_diacritics(text).upper().split())


@cache
def _recipient_marks() -> tuple[str, ...]:
    return tuple(vocab.load("doc_kinds")["recipients"])


@cache
def _recipients_tail() -> re.Pattern[str]:
    marks = "|".join(re.escape(m) for m in _recipient_marks())
    return re.compile(rf"\s*(?:{marks})\s*:?.*$")


@cache
def _data() -> dict:
    return vocab.load("positions")

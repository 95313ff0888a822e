"""Casing for header text printed in capitals.

Headers print names in capitals ("ỦY BAN NHÂN DÂN QUẬN GÒ VẤP"). The output uses the
casing the document's own body uses for the same words ("quận Gò Vấp", "Quận 11",
"thành phố Hà Nội"); where the body never writes them, a fixed rule applies: an
administrative level is lower case before a name and capitalised before a number.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from cchc.docparse import vocab
from cchc.docparse.header_lines import is_upper

# Body text read for casing: the first this many characters (a seed has under 100 000).
_CASING_CHARS = 200_000
_ROMAN = re.compile(r"[IVXL]+")
_PLACE_WORDS = re.compile(r"[^,;:()]*")


class BodyCasing:
    """How the body text writes words and phrases (lines printed in capitals are ignored).

    Only the first `_CASING_CHARS` characters of body text are read, and only when a
    phrase is first asked for: a plan names its issuer and places near the top, and a
    long document must not be indexed whole for the few header words looked up.
    """

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._text: str | None = None
        self._lower = ""
        self._seen: dict[str, str | None] = {}

    def variant(self, phrase: str) -> str | None:
        """The body's most frequent spelling of `phrase` (case-insensitive, whole words)."""
        needle = phrase.lower()
        if not needle:
            return None
        if needle not in self._seen:
            text = self._body_text()
            found = Counter(text[i : i + len(needle)] for i in self._hits(needle))
            self._seen[needle] = found.most_common(1)[0][0] if found else None
        return self._seen[needle]

    def _body_text(self) -> str:
        if self._text is None:
            kept, size = [], 0
            for line in self._lines:
                if size >= _CASING_CHARS:
                    break
                if not is_upper(line):
                    kept.append(line)
                    size += len(line) + 1
            self._text = "\n".join(kept)
            # Lower-casing must keep offsets, so letters whose lower case is longer stay as they are.
            lower = self._text.lower()
            self._lower = (
                lower
                if len(lower) == len(self._text)
                else "".join(c.lower() if len(c.lower()) == 1 else c for c in self._text)
            )
        return self._text

    def _hits(self, needle: str) -> list[int]:
        lower = self._lower
        hits, start = [], lower.find(needle)
        while start >= 0:
            end = start + len(needle)
            if _boundary(lower, start - 1) and _boundary(lower, end):
                hits.append(start)
            start = lower.find(needle, start + 1)
        return hits


def _boundary(text: str, i: int) -> bool:
    return i < 0 or i >= len(text) or not text[i].isalnum()


def sentence_case(text: str, body: BodyCasing) -> str:
    """Capitals → sentence case, keeping acronyms and place names as the body writes them."""
    if not is_upper(text):
        return text
    words = [_word_case(w, body) for w in text.split()]
    cased = restore_places(" ".join(words), body)
    return cased[:1].upper() + cased[1:]


def _word_case(word: str, body: BodyCasing) -> str:
    core = word.strip("()[],.;:“”\"'")
    seen = body.variant(core) if len(core) >= 2 else None
    if seen and is_upper(seen):
        return word  # an acronym the body also writes in capitals (CCHC, PAR)
    return word.lower()


def restore_places(text: str, body: BodyCasing) -> str:
    """Write "quận 11 …", "thành phố hà nội" as the body does, else by the level rule."""
    out, pos = [], 0
    for m in level_pattern().finditer(text):
        if m.start() < pos:
            continue
        span, cased = _place_at(text, m.start(), m.group(0), body)
        out.append(text[pos : m.start()] + cased)
        pos = m.start() + span
    return "".join(out) + text[pos:]


def _place_at(text: str, start: int, level: str, body: BodyCasing) -> tuple[int, str]:
    words = _PLACE_WORDS.match(text, start).group(0).split()
    for n in range(min(len(words), len(level.split()) + 4), len(level.split()), -1):
        phrase = " ".join(words[:n])
        seen = body.variant(phrase)
        if seen and seen != seen.lower():
            return len(phrase), seen
    nxt = words[len(level.split())] if len(words) > len(level.split()) else ""
    cased = level[:1].upper() + level[1:] if nxt.isdigit() else level
    return len(level), cased


def name_case(text: str, body: BodyCasing) -> str:
    """A name printed in capitals ("QUẬN GÒ VẤP", "NỘI VỤ") in the body's or the rule's casing."""
    if not is_upper(text):
        return text
    seen = body.variant(text)
    if seen and not is_upper(seen):
        return seen
    m = level_pattern().match(text.lower())
    if m is None:
        lowered = text.lower()
        return lowered[:1].upper() + lowered[1:]
    level, name = m.group(0), text[m.end() :].strip()
    if name.isdigit() or _is_roman(name):
        return f"{level[:1].upper()}{level[1:]} {name}"
    return f"{level} {title_words(name)}"


def title_words(text: str) -> str:
    """Every word capitalised ("ĐẮK LẮK" → "Đắk Lắk")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _is_roman(text: str) -> bool:
    return bool(_ROMAN.fullmatch(text))


@cache
def level_pattern() -> re.Pattern[str]:
    """Matches an administrative level word (quận, thành phố …) in lower-case text."""
    levels = sorted(vocab.load("abbreviations")["admin_levels"], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(lv) for lv in levels) + r")(?!\w)")

"""Unit names: split a cell into units, expand abbreviations, normalise for matching.

A lead/support cell lists one or more units ("Các Phòng, Ban và UBND 16 phường"). The
separators that join units (",", "và", " - ") also occur inside unit names ("Sở, Ban,
Ngành", "Phòng Tài chính - Kế hoạch"), so a separator splits only when what follows
starts a new unit name: a head word from data/abbreviations.yaml (`unit_heads`).
";" always splits, except inside a colon list ("Các Sở: Xây dựng; Tài chính").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from cchc.docparse import vocab

# The labels of an appendix cell that covers several targets ("Chỉ tiêu a, b:").
_LABEL = re.compile(r"(?:^|\s)[-–]?\s*chỉ tiêu\s+[a-zđ](?:\s*,\s*[a-zđ])*\s*[:;]\s*", re.IGNORECASE)
_BULLET_LINE = re.compile(r"\n\s*(?=[-–+•]\s)")
_TRIM_END = re.compile(r"(?:\s*[;,]|\s+[-–]|(?<!\.)\.(?!\.)|\./\.)+\s*$")
_TRIM_START = re.compile(r"^[\s\-–+•;,]+")


@dataclass(frozen=True)
class _Sep:
    start: int
    end: int
    strong: bool


def split_units(text: str | None) -> list[str]:
    """The units named in a lead/support cell, wording kept (`Sở Nội vụ, Sở Tư pháp` → two).

    Labels such as "Chỉ tiêu a, b:" are dropped, a trailing ";" or single "." is removed,
    and a unit named twice in one cell is kept once.
    """
    if not text or not text.strip():
        return []
    return list(_split_units(text))


@lru_cache(maxsize=4096)
def _split_units(text: str) -> tuple[str, ...]:
    """split_units for a non-blank text, cached: the same cells recur across rows and pages."""
    text = _BULLET_LINE.sub(", ", text)
    text = re.sub(r"\s+", " ", text).strip()
    units: list[str] = []
    for segment, is_prose in _label_segments(text):
        for unit in _split_segment(segment):
            unit = _prose_unit(unit) if is_prose and not _head_at(unit) else unit
            if unit and unit not in units:
                units.append(unit)
    return tuple(units)


def _label_segments(text: str) -> Iterator[tuple[str, bool]]:
    """(text, after_label): what follows a "Chỉ tiêu x:" label may be prose, not a unit list."""
    pieces = _LABEL.split(text)
    yield pieces[0], False
    for piece in pieces[1:]:
        yield piece, True


def _split_segment(text: str) -> list[str]:
    units: list[str] = []
    current_start = 0
    for sep in _separators(text):
        current = text[current_start : sep.start]
        if sep.strong and ":" in current and not _head_at(_next_piece(text, sep)):
            continue  # "Các Sở: Xây dựng; Tài chính" is one unit
        if not sep.strong and _joint_office(current, text[sep.start : sep.end]):
            continue  # "Văn phòng HĐND và UBND phường" is one office of two bodies
        if sep.strong or _starts_unit(_next_piece(text, sep)):
            units.append(current)
            current_start = sep.end
    units.append(text[current_start:])
    return [u for u in (_clean(u) for u in units) if u]


def _joint_office(current: str, separator: str) -> bool:
    """A shared office head and one body before "và" ("Văn phòng HĐND và …")."""
    words = current.split()
    heads = _data()["joint_office_heads"]
    return separator.strip() == "và" and len(words) >= 2 and " ".join(words[:-1]) in heads


def _next_piece(text: str, sep: _Sep) -> str:
    """The text after a separator, up to the next separator."""
    following = list(_separators(text[sep.end :]))
    end = sep.end + following[0].start if following else len(text)
    return _strip_lead_verb(text[sep.end : end].strip())


def _starts_unit(piece: str) -> bool:
    return len(piece.split()) >= 2 and _head_at(piece)


def _separators(text: str) -> Iterator[_Sep]:
    """Candidate split points outside parentheses, in order."""
    depth_at = _paren_depths(text)
    for m in _separator_pattern().finditer(text):
        if depth_at[m.start()] == 0 and m.start() > 0:
            if m.group("glued") is not None and not _glued_ok(text, m.start()):
                continue
            yield _Sep(m.start(), m.end(), strong=m.group("weak") is None and m.group("glued") is None)


def _paren_depths(text: str) -> list[int]:
    depths, depth = [], 0
    for ch in text:
        depth += ch == "("
        depths.append(depth)
        depth -= ch == ")" and depth > 0
    depths.append(depth)
    return depths


def _glued_ok(text: str, pos: int) -> bool:
    """A person title run on after a name ("…UBND TP Thủ trưởng sở") starts a new unit."""
    before = text[:pos].split()
    last = before[-1].rsplit("/", 1)[-1] if before else ""
    return bool(last) and last not in _data()["no_split_after"]


@cache
def _separator_pattern() -> re.Pattern[str]:
    data = _data()
    connectors = "|".join(re.escape(c) for c in sorted(data["connectors"], key=len, reverse=True))
    glued = "|".join(re.escape(h) for h in sorted(data["glued_heads"], key=len, reverse=True))
    strong = rf"\s*;\s*(?:[-–+•]\s+)?|\s*[,.]\s*[-–+•]\s+|\s+(?:{connectors})\s+"
    weak = r"\s+[-–+•]\s+|\s*,\s*|\s+và\s+"
    return re.compile(rf"(?P<strong>{strong})|(?P<weak>{weak})|(?P<glued>\s+(?=(?:{glued})\b))")


def starts_unit(text: str) -> bool:
    """Whether a text begins with a unit head word ("Công an phường", "Ủy ban …")."""
    return _head_at(text.strip())


def _head_at(piece: str) -> bool:
    """Whether a piece of text begins with a unit head word."""
    folded = fold_diacritics(piece)
    for head in _heads():
        if " " in head:
            if folded.startswith(fold_diacritics(head)) and _boundary(piece, len(head)):
                return True
        elif piece.startswith(head) and _boundary(piece, len(head)):
            return True
    return False


def _boundary(text: str, i: int) -> bool:
    return i >= len(text) or not text[i].isalnum()


@cache
def _heads() -> tuple[str, ...]:
    return tuple(sorted(_data()["unit_heads"], key=len, reverse=True))


def _strip_lead_verb(piece: str) -> str:
    for verb in _data()["lead_verbs"]:
        if piece.startswith(verb + " "):
            return piece[len(verb) + 1 :]
    return piece


def _prose_unit(text: str) -> str | None:
    """The unit named inside a sentence ("kết quả do Viện trưởng X khảo sát" → "Viện trưởng X")."""
    words = text.split(" ")
    for i in range(len(words)):
        rest = " ".join(words[i:])
        if words[i][:1].isupper() and _head_at(rest):
            return _strip_trailing_verb(rest)
    return None


def _strip_trailing_verb(text: str) -> str:
    for verb in _data()["trailing_verbs"]:
        if text.endswith(" " + verb):
            return text[: -len(verb) - 1]
    return text


def _clean(unit: str) -> str:
    unit = _TRIM_START.sub("", unit.strip())
    unit = _TRIM_END.sub("", unit).strip()
    return _strip_lead_verb(unit)


def unit_behind_title(name: str) -> str | None:
    """The unit a head's title stands for: `Giám đốc Sở Nội vụ` → `Sở Nội vụ`.

    None when `name` does not start with a unit head's title followed by a unit name.
    """
    text = " ".join(name.split())
    folded = fold_diacritics(text).lower()
    for title in vocab.load("positions")["unit_head_titles"]:
        prefix = fold_diacritics(title).lower() + " "
        rest = text[len(prefix) :]
        if folded.startswith(prefix) and starts_unit(rest):
            return rest
    return None


def normalise_unit(name: str) -> str:
    """A matching key for a unit name: abbreviations expanded, lower case, no punctuation.

    `UBND Quận 11` and `Ủy ban nhân dân quận 11` give the same key, as do `PNV`,
    `Phòng NV` and `Phòng Nội vụ`. A leading "các" is dropped.
    """
    text = unify_tone_marks(expand_abbreviations(name)).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.removeprefix("các ")


def expand_abbreviations(text: str) -> str:
    """`UBND` → `Ủy ban nhân dân` and the like, wording otherwise kept."""
    table = _abbreviations()
    return _abbreviation_pattern().sub(lambda m: _expansion(m, table), text)


def _expansion(m: re.Match[str], table: dict[str, str]) -> str:
    abbr = m.group(0).strip()
    full = table[abbr]
    return full + " " if abbr.endswith(".") else full


@cache
def _abbreviations() -> dict[str, str]:
    return dict(_data()["abbreviations"])


@cache
def _abbreviation_pattern() -> re.Pattern[str]:
    parts = []
    for abbr in sorted(_abbreviations(), key=len, reverse=True):
        # A dotted abbreviation swallows the space after it; its expansion adds one back.
        tail = r"\s*(?=\w)" if abbr.endswith(".") else r"(?!\w)"
        parts.append(re.escape(abbr) + tail)
    return re.compile(r"(?<![\w.])(?:" + "|".join(parts) + ")")


# Old-style tone placement ("uỷ", "hoá") versus the style the gold uses ("ủy", "hóa").
_TONE_SHIFT = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?!\w)")


def unify_tone_marks(text: str) -> str:
    """Put the tone mark of a final "oa", "oe", "uy" on the first vowel (`Uỷ` → `Ủy`)."""
    return _TONE_SHIFT.sub(_move_tone, unicodedata.normalize("NFC", text))


def _move_tone(m: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFD", m.group(2))
    base, marks = decomposed[0], decomposed[1:]
    return unicodedata.normalize("NFC", m.group(1) + marks) + base


@lru_cache(maxsize=8192)
def fold_diacritics(text: str) -> str:
    """Text without Vietnamese diacritics (`Chủ tịch` → `Chu tich`), for tolerant matching."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _data() -> dict:
    return vocab.load("abbreviations")

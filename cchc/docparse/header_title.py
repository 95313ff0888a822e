"""Kind and title: the type word ("KẾ HOẠCH") and the title under it, or a công văn's V/v subject.

A Quyết định that issues a plan ("Ban hành Kế hoạch …") keeps kind QĐ and takes the
plan's title; titles printed in capitals are put in sentence case.
"""

from __future__ import annotations

import re

from cchc.docparse.header_casing import BodyCasing, sentence_case
from cchc.docparse.header_lines import (
    NUMBER,
    PLACE_DATE,
    is_body_start,
    is_motto,
    is_upper,
    kinds,
    starts_with_any,
)
from cchc.docparse.model import DocumentHeader

_TITLE_LINES = 5
_SUBJECT_LINES = 8
_AUTHORITY_MIN_WORDS = 3


def read_kind_and_title(header: DocumentHeader, region: list[str], body: BodyCasing) -> None:
    """Set kind and title from the type word and title lines, or from a công văn's V/v line."""
    typed = _type_line(region)
    subject = _vv_subject(region)
    if typed is not None:
        index, word, symbol = typed
        header.kind = symbol
        header.title = _typed_title(word, symbol, _title_lines(region, index + 1), body)
    elif subject:
        header.kind = kinds()["cong_van"]["symbol"]
        header.title = _capitalise(sentence_case(subject, body))
    else:
        header.kind = _kind_from_number(header.number)


def _type_line(region: list[str]) -> tuple[int, str, str] | None:
    for i, line in enumerate(region):
        for kind in kinds()["kinds"]:
            if is_upper(line) and starts_with_any(line, [kind["word"]]) and len(line) == len(kind["word"]):
                return i, kind["word"], kind["symbol"]
    return None


def _title_lines(region: list[str], start: int) -> str:
    """The title printed under the type word: capitalised lines, or a line and its continuations."""
    taken: list[str] = []
    for line in region[start : start + _TITLE_LINES]:
        if _ends_title(line) or (taken and not _continues(taken[0], line)):
            break
        taken.append(_cut_authority(line))
        if taken[-1] != line:
            break
    return " ".join(taken)


def _cut_authority(line: str) -> str:
    """A capitalised title without the authority line run onto it ("… HÀ NỘI ỦY BAN NHÂN DÂN …")."""
    if not is_upper(line):
        return line
    words = line.split()
    # The authority names a body after its head: a bare head ending the line ("… CHỦ TỊCH
    # ỦY BAN" / "NHÂN DÂN TỈNH") is the title wrapping, not the authority line.
    for i in range(1, len(words) - _AUTHORITY_MIN_WORDS + 1):
        if words[i - 1] not in kinds()["authority_not_after"] and _is_authority(" ".join(words[i:])):
            return " ".join(words[:i])
    return line


def _is_authority(line: str) -> bool:
    # One-word heads (BAN, SỞ) also start ordinary title words ("BAN HÀNH"), so only
    # multi-word issuer heads and positions mark the authority line.
    heads = [h for h in kinds()["issuer_heads"] if " " in h]
    return starts_with_any(line, [*heads, *kinds()["authority_positions"]])


def _ends_title(line: str) -> bool:
    return is_body_start(line) or is_motto(line) or (is_upper(line) and _is_authority(line))


def _continues(first: str, line: str) -> bool:
    return is_upper(line) if is_upper(first) else line[:1].islower()


def _typed_title(word: str, symbol: str, subject: str, body: BodyCasing) -> str | None:
    if not subject:
        return None
    subject = sentence_case(subject, body)
    if symbol == "QĐ":
        issued = _issued_document(subject)
        if issued:
            return issued
    return f"{word.capitalize()} {_lower_first(subject)}"


def _issued_document(subject: str) -> str | None:
    """ "Ban hành Kế hoạch X" → "Kế hoạch X": a decision that issues a plan takes its title."""
    for verb in sorted(kinds()["decision_verbs"], key=len, reverse=True):
        if subject.lower().startswith(verb + " "):
            rest = subject[len(verb) + 1 :].strip()
            if any(starts_with_any(rest, [k["word"]]) for k in kinds()["kinds"]):
                return _capitalise(rest)
    return None


def _vv_subject(region: list[str]) -> str | None:
    """The "V/v …" subject of a công văn, joined across its broken lines."""
    prefixes = sorted(kinds()["cong_van"]["subject_prefixes"], key=len, reverse=True)
    for i, line in enumerate(region):
        prefix = next((p for p in prefixes if _starts_with_word(line, p)), None)
        if prefix:
            parts = [line[len(prefix) :].strip()]
            parts += _subject_continuation(region[i + 1 : i + _SUBJECT_LINES])
            return " ".join(p for p in parts if p)
    return None


def _starts_with_word(line: str, prefix: str) -> bool:
    """ "Về hướng dẫn …" starts with "Về", "Vềnh" does not; "V/v" may be glued to its subject."""
    if not line.startswith(prefix):
        return False
    return "/" in prefix or len(line) == len(prefix) or not line[len(prefix)].isalpha()


def _subject_continuation(lines: list[str]) -> list[str]:
    taken = []
    for line in lines:
        if PLACE_DATE.match(line) or NUMBER.match(line) or is_motto(line) or is_body_start(line):
            break
        if _type_line([line]) is not None:
            break
        taken.append(line)
    return taken


def _kind_from_number(number: str | None) -> str | None:
    """ "19/KH-UBND" → KH, when the symbol starts with a type symbol."""
    if not number or "/" not in number:
        return None
    first = re.split(r"[-/]", number.split("/", 1)[1])[0]
    return next((k["symbol"] for k in kinds()["kinds"] if k["symbol"] == first), None)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if is_upper(first) and len(first) > 1:
        return text  # an acronym stays as printed
    return text[:1].lower() + text[1:]

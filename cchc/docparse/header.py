"""The document header: issuer, number, kind, place, date, year, title, signer.

Vietnamese administrative documents print a fixed header: the issuer (one or two
capitalised lines) beside the national motto, then "Số: 19/KH-UBND" and
"Quận 11, ngày 03 tháng 02 năm 2022", then the type word ("KẾ HOẠCH") and the title,
or for a công văn a "V/v …" subject. The signature block ends the body. The header is
anchored on the motto (or, without one, on the "Số:" line) so that website chrome
pasted above it is never read as the issuer.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from cchc.docparse.blocks import Block
from cchc.docparse.dates import find_date, find_date_spans
from cchc.docparse.header_casing import BodyCasing, level_pattern, name_case, sentence_case
from cchc.docparse.header_lines import (
    BLANK_DATE,
    NUMBER,
    PLACE_DATE,
    block_lines,
    is_body_start,
    is_chrome,
    is_motto,
    is_motto_second,
    is_separator,
    is_type_word,
    is_upper,
    kinds,
    starts_with_any,
)
from cchc.docparse.header_signer import find_signer, signature_zone
from cchc.docparse.header_title import read_kind_and_title
from cchc.docparse.model import DocumentHeader
from cchc.docparse.units import expand_abbreviations, unify_tone_marks

_REGION_LINES = 40
# The header zone lies in the first lines; website chrome may stand above it.
_TOP_LINES = 80
# A "Số:" line read before the motto (column order) lies at most this far above it.
_NUMBER_BEFORE_MOTTO = 12
_YEAR = re.compile(r"(?<![\d/])(?:19|20)\d{2}(?![\d/])")
# A year joined to another by a dash or "đến": the span names no single plan year.
_YEAR_RANGE = re.compile(
    r"(?:19|20)\d{2}\s*(?:[-–—]|\bđến(?:\s+(?:hết\s+)?năm)?)\s*(?:19|20)\d{2}", re.IGNORECASE
)


@dataclass
class _Top:
    """The header lines: the issuer block and the lines from the anchor to the body."""

    issuer_lines: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    after_motto: int = 0


def extract_header(blocks: list[Block]) -> tuple[DocumentHeader, list[str]]:
    """(header, warnings) read from the top block and the signature."""
    lines = block_lines(blocks)
    body = BodyCasing(lines)
    top = _top(lines)
    header, warnings = DocumentHeader(), []
    _read_issuer(header, top.issuer_lines, lines[:_TOP_LINES], body, warnings)
    blank_number = _read_number(header, top.region)
    blank_date, blank_year = _read_place_date(header, top.region, body)
    if header.date is None and blank_date is None:
        _read_own_date(header, lines[top.after_motto :], warnings)
    read_kind_and_title(header, top.region, body)
    header.year = _year(header.title, header.date, blank_year)
    header.signer = find_signer(signature_zone(lines, top.after_motto))
    _warn_blanks(warnings, blank_number, blank_date, header.year)
    return header, warnings


# --- layout -------------------------------------------------------------------------


def _top(lines: list[str]) -> _Top:
    """The issuer lines and the header zone, read within the first `_TOP_LINES` lines.

    Readers give the two header columns in any order: row by row (issuer, motto, "Số:",
    date), column by column (issuer, "Số:", V/v lines, motto, date) or with cells run
    together. The zone starts at the first motto or "Số:" line and ends where the body starts.
    """
    window = lines[:_TOP_LINES]
    motto = next((i for i, line in enumerate(window) if is_motto(line)), None)
    start = _zone_start(window, motto)
    if start is None:
        # No header block at all: the type word and title may still open the text.
        return _Top([], window[: _zone_end(window, 0)])
    issuer = _issuer_lines_before(window, start)
    if motto is not None:
        issuer += _issuer_lines_beside_motto(window, motto)
    region = window[start : _zone_end(window, start)]
    after_motto = start if motto is None else max(start, motto + 1)
    return _Top(issuer or _issuer_lines_within(region) or _authority_line(region), region, after_motto)


def _zone_start(window: list[str], motto: int | None) -> int | None:
    """The motto line, or a "Số:" line printed above it (or standing in for it)."""
    number = next((i for i, line in enumerate(window[:_REGION_LINES]) if NUMBER.match(line)), None)
    if motto is None:
        return number
    if number is not None and motto - _NUMBER_BEFORE_MOTTO <= number < motto:
        between = window[number:motto]
        if not any(is_chrome(line) or is_body_start(line) for line in between):
            return number
    return motto


def _zone_end(window: list[str], start: int) -> int:
    stop = min(len(window), start + _REGION_LINES)
    return next((i for i in range(start, stop) if is_body_start(window[i])), stop)


def _issuer_lines_before(lines: list[str], anchor: int) -> list[str]:
    found: list[str] = []
    for line in reversed(lines[:anchor]):
        if is_separator(line) or NUMBER.match(line):
            continue
        if not is_upper(line) or is_chrome(line):
            break
        found.insert(0, line)
    return found


def _issuer_lines_beside_motto(lines: list[str], motto: int) -> list[str]:
    """Issuer lines split off the motto lines of a merged header ("QUẬN 11 Độc lập - …")."""
    following = lines[motto + 1 : motto + 4]
    second = next((i for i, line in enumerate(following) if is_motto_second(line)), None)
    if second is None:
        return []
    return [line for line in following[:second] if is_upper(line) and not is_separator(line)]


def _issuer_lines_within(region: list[str]) -> list[str]:
    """Issuer lines read after the motto (right column first): an issuer head and the capitals under it."""
    heads = list(_issuer_heads())
    before_title = list(itertools.takewhile(lambda line: not is_type_word(line), region))
    for i, line in enumerate(before_title):
        if _is_issuer_line(line) and starts_with_any(expand_abbreviations(line), heads):
            rest = itertools.takewhile(_is_issuer_line, before_title[i + 1 :])
            return [line, *rest]
    return []


def _authority_line(region: list[str]) -> list[str]:
    """The issuer named on its own line between the title and the body ("ỦY BAN THƯỜNG VỤ QUỐC HỘI").

    A header without its issuer cell still prints the enacting body above "Căn cứ …";
    a line straight under the type word is the title, never this line.
    """
    typed = next((i for i, line in enumerate(region) if is_type_word(line)), None)
    if typed is None or len(region) < typed + 3:
        return []
    last = region[-1]
    if _is_issuer_line(last) and starts_with_any(expand_abbreviations(last), list(_issuer_heads())):
        return [last]
    return []


def _is_issuer_line(line: str) -> bool:
    if is_motto(line) or is_motto_second(line) or NUMBER.match(line) or is_separator(line):
        return False
    return is_upper(line) and not is_type_word(line)


# --- issuer -------------------------------------------------------------------------


def _read_issuer(
    header: DocumentHeader, issuer_lines: list[str], lines: list[str], body: BodyCasing, warnings: list[str]
) -> None:
    groups = _issuer_groups(issuer_lines)
    if groups:
        header.issuer = _issuer_name(groups[-1], body)
        header.issuer_parent = _issuer_name(groups[-2], body) if len(groups) > 1 else None
        return
    found = _issuer_from_body(lines)
    if found:
        header.issuer, quote = found
        warnings.append(f'The text has no issuer header block; issuer taken from the body ("{quote}…").')
    else:
        warnings.append("The text has no issuer header block and the body does not name the issuer.")


def _issuer_groups(issuer_lines: list[str]) -> list[str]:
    """The header lines grouped into bodies: a line that starts with an issuer head starts one."""
    groups: list[str] = []
    heads = list(_issuer_heads())
    for line in issuer_lines:
        starts = starts_with_any(expand_abbreviations(line), heads)
        if not groups or (starts and not _head_cut(groups[-1], line)):
            groups.append(line)
        else:
            groups[-1] += " " + line
    return groups


def _head_cut(previous: str, line: str) -> bool:
    """ "VĂN" / "PHÒNG CHÍNH PHỦ": `previous` is the start of a head that `line` completes."""
    upper = previous.strip().upper()
    joined = f"{upper} {line}"
    return any(head.startswith(upper + " ") and starts_with_any(joined, [head]) for head in _issuer_heads())


def _issuer_name(printed: str, body: BodyCasing) -> str:
    """ "UBND QUẬN 11" → "Ủy ban nhân dân Quận 11" (casing from the body where it has the name)."""
    text = re.sub(r"\s+", " ", expand_abbreviations(printed)).strip()
    text = text.upper() if is_upper(printed) else text
    for head, written in sorted(_issuer_heads().items(), key=lambda kv: len(kv[0]), reverse=True):
        if starts_with_any(text, [head]):
            rest = text[len(head) :].strip()
            return unify_tone_marks(f"{written} {name_case(rest, body)}".strip())
    return unify_tone_marks(sentence_case(text, body))


def _issuer_heads() -> dict[str, str]:
    return kinds()["issuer_heads"]


def _issuer_from_body(lines: list[str]) -> tuple[str, str] | None:
    """("Ủy ban nhân dân Phường 8", quote) from "Ủy ban nhân dân Phường 8 xây dựng Kế hoạch".

    `lines` are the first lines of the document, where a plan introduces itself.
    """
    for line in lines:
        for m in _self_reference().finditer(line):
            if _is_unit_name(m.group("name")):
                issuer = unify_tone_marks(expand_abbreviations(f"{m.group('head')} {m.group('name')}"))
                return issuer, m.group(0)
    return None


@cache
def _self_reference() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in kinds()["self_reference_verbs"])
    words = "|".join(re.escape(k["word"].capitalize()) for k in kinds()["kinds"])
    return re.compile(
        rf"(?P<head>(?:Ủy|Uỷ) ban nhân dân|UBND)\s+(?P<name>[^,.;:()]{{1,40}}?)\s+(?:{verbs})\s+(?:{words})"
    )


def _is_unit_name(name: str) -> bool:
    """ "Phường 8", "quận Gò Vấp": a level word then a number or capitalised words."""
    m = level_pattern().match(name.lower())
    rest = name[m.end() :].split() if m else []
    return bool(rest) and all(w.isdigit() or w[:1].isupper() for w in rest)


# --- number, place, date ------------------------------------------------------------


def _read_number(header: DocumentHeader, region: list[str]) -> str | None:
    """Set the number; return the printed text when the number is left blank."""
    for line in region:
        m = NUMBER.match(line)
        if m:
            sym = re.sub(r"\s+", "", m.group("sym"))
            if m.group("num"):
                header.number = f"{m.group('num')}/{sym}"
                return None
            return f"Số: /{sym}"
    return None


def _read_place_date(
    header: DocumentHeader, region: list[str], body: BodyCasing
) -> tuple[str | None, int | None]:
    """Set place and date; return (printed blank date, its year) when the day is left blank."""
    for line in region:
        m = PLACE_DATE.match(line)
        if m and not is_chrome(line):
            header.place = name_case(expand_abbreviations(m.group("place")).strip(), body)
            header.date = find_date(line)
            blank = BLANK_DATE.search(line) if header.date is None else None
            if blank:
                return re.sub(r"\s+", " ", blank.group(0)), int(blank.group("y"))
            return None, None
    header.date = _lone_date(region)
    return None, None


def _lone_date(region: list[str]) -> date | None:
    """A date printed without a place ("ngày 10 tháng 5 năm 2023" cut off the number line)."""
    line = next((x for x in region if x.lower().startswith("ngày")), None)
    return find_date(line) if line else None


def _read_own_date(header: DocumentHeader, lines: list[str], warnings: list[str]) -> None:
    """The date the body gives the document itself, for a header printed without one."""
    for line in lines:
        m = _own_date_pattern(header.number).search(line)
        if m:
            header.date = find_date(m.group("date"))
            if header.date:
                warnings.append(f'The header prints no date; date taken from the body ("{m.group(0)}").')
                return


@lru_cache(maxsize=64)
def _own_date_pattern(number: str | None) -> re.Pattern[str]:
    """ "<Kind> này được … thông qua ngày D", or "số <own number> ngày D"."""
    words = "|".join(re.escape(k["word"].capitalize()) for k in kinds()["kinds"])
    adopted = "|".join(re.escape(w) for w in kinds()["adoption_words"])
    forms = [rf"(?:{words}) này\b[^.;]{{0,160}}?(?:{adopted})\s+"]
    if number:
        forms.append(rf"\bsố\s+{re.escape(number)}\s+")
    date_text = r"(?P<date>ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}|ngày\s*\d{1,2}/\d{1,2}/\d{4})"
    return re.compile(rf"(?:{'|'.join(forms)}){date_text}", re.IGNORECASE)


def _year(title: str | None, when: date | None, blank_year: int | None) -> int | None:
    """The plan year when the title names one year, else the year of the date."""
    years = named_years(title or "")
    if len(years) == 1:
        return years.pop()
    return when.year if when else blank_year


def named_years(title: str) -> set[int]:
    """The years a title names as its own: not in a date, a number, a range or an end year.

    "… năm 2026" → {2026}; "giai đoạn 2026 - 2030", "đến năm 2030", "Quyết định số
    52/2024/QĐ-UBND ngày 30 tháng 10 năm 2024" → set().
    """
    text = _YEAR_RANGE.sub(" ", title)
    for span in find_date_spans(text):
        text = text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]
    text = _end_years().sub(" ", text)
    return {int(y) for y in _YEAR.findall(text)}


@cache
def _end_years() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in kinds()["end_year_words"])
    return re.compile(rf"\b(?:{words})\s+(?:19|20)\d{{2}}", re.IGNORECASE)


def _warn_blanks(warnings: list[str], number: str | None, day: str | None, year: int | None) -> None:
    if number and day:
        warnings.append(
            f'Number and date are blank ("{number}", "{day}"): number null, date null, year {year}.'
        )
    elif number:
        warnings.append(f'Number is blank ("{number}"): number null.')
    elif day:
        warnings.append(f'Date is blank ("{day}"): date null, year {year}.')

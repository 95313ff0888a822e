"""Header helpers: the document as plain lines, with merged header cells split apart.

Readers give paragraphs (and tables) in reading order; a header table pasted as text
often runs two cells into one line ("ỦY BAN NHÂN DÂN QUẬN 11 CỘNG HÒA XÃ HỘI …",
"Số: 01 /KH-UBND Định Hưng, ngày …"). Header extraction works on these split lines.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cchc.docparse import vocab
from cchc.docparse.blocks import Block, Paragraph, Table
from cchc.docparse.units import unify_tone_marks

# "Số: 19/KH-UBND"; the symbol is upper case, so "263/KH-UBNDngày" stops before "ngày".
# A symbol part may end in a short lower-case tail ("CĐ-TTg") when no letter follows it.
_SYM_PART = r"[A-ZĐ0-9]+(?:[a-zđ]{1,2}(?![^\W\d_]))?"
NUMBER = re.compile(
    rf"Số\s*:\s*(?P<num>\d*[a-z]?)\s*/\s*(?P<sym>{_SYM_PART}(?:\s?[-–/.]\s?{_SYM_PART})*)(?P<rest>.*)$"
)
PLACE_DATE = re.compile(r"^(?P<place>[^,:;()]{2,60}?)\s*,\s*ngày\b", re.IGNORECASE)
BLANK_DATE = re.compile(r"ngày[\s._…/-]*tháng[\s._…/-]*năm\s*(?P<y>\d{4})", re.IGNORECASE)
_SEPARATOR_LINE = re.compile(r"^[\W_]+$")  # no letter or digit: a rule line, or OCR specks (":")
# A date cut off mid-way at the end of a line ("…, ngày 20", "ngày 05 tháng 10 năm") and the
# rest of it opening the next line ("tháng 11 năm 2025", "2023"): a narrow header cell wraps.
_DATE_CUT = re.compile(r"\bngày(?:\s+\d{1,2})?(?:\s+tháng(?:\s+\d{1,2})?(?:\s+năm)?)?\s*$", re.IGNORECASE)
_DATE_REST = re.compile(r"^(?:(?:\d{1,2}\s*)?(?:tháng|năm)(?![^\W\d_])|\d{4}\b)", re.IGNORECASE)
# A place name cut before its last word ("Hà" / "Nội, ngày 21 …"): a few capitalised words.
_PLACE_HEAD = re.compile(r"^(?:[^\W\d_][^\W_]*\s+){0,2}[^\W\d_][^\W_]*$")
# "Số:" alone on its line and the number ("165/2025/QĐ-UBND", "/KH-UBND") on the next.
_NUMBER_CUT = re.compile(r"^Số\s*:?\s*$")
_NUMBER_REST = re.compile(r"^\d*[a-z]?\s*/\s*[A-ZĐ0-9]")
_SPACES = re.compile(r"\s+")
# A markdown heading mark a reader left on a line ("# QUYẾT ĐỊNH" from a table cell).
_HEADING_MARKS = re.compile(r"^#{1,6}\s+")


def block_lines(blocks: list[Block]) -> list[str]:
    """Every paragraph and table-cell line in reading order, merged header cells split."""
    lines: list[str] = []
    for block in blocks:
        texts = [block.text] if isinstance(block, Paragraph) else _table_texts(block)
        for text in texts:
            for line in split_merged(text):
                if lines and _wrapped(lines[-1], line):
                    lines[-1] = f"{lines[-1]} {line}"
                else:
                    lines.append(line)
    return lines


def _wrapped(previous: str, line: str) -> bool:
    """`line` continues `previous` in a narrow header cell: the rest of a date, or of the motto."""
    if _DATE_CUT.search(previous) and _DATE_REST.match(line):
        return True
    if _NUMBER_CUT.match(previous) and _NUMBER_REST.match(line):
        return True
    if PLACE_DATE.match(line) and _is_place_head(previous) and _is_place_head(line.split(",")[0]):
        return True
    head = _key(previous)
    for phrase in (*kinds()["motto"], *kinds()["motto_second"], *_type_words()):
        whole = _key(phrase)
        if len(head) < len(whole) and whole.startswith(head) and whole.startswith(_key(f"{previous} {line}")):
            return True
    return False


def _is_place_head(text: str) -> bool:
    """A few words, each capitalised and none all capitals ("Hà", "Thành phố Hồ"): a place piece."""
    words = text.split()
    return bool(_PLACE_HEAD.match(text)) and words[0][0].isupper() and not is_upper(text)


def _table_texts(table: Table) -> list[str]:
    return [line for row in table.rows for cell in row.cells for line in cell]


def split_merged(line: str) -> list[str]:
    """One printed line cut where a second header cell begins (motto, number, place-date)."""
    line = _HEADING_MARKS.sub("", line.strip())
    if not line:
        return []
    cut = _merge_cut(line)
    if cut:
        return [*split_merged(line[:cut]), *split_merged(line[cut:])]
    m = NUMBER.match(line) if line.startswith("Số") else None
    if m and m.group("rest").strip():
        return [line[: m.start("rest")].strip(), *split_merged(m.group("rest"))]
    return [line]


def _merge_cut(line: str) -> int:
    """Where a motto starts inside a line that holds text before it (0 when none)."""
    for marker in _merge_markers():
        pos = line.find(marker)
        if pos > 0 and not _motto_in_text(marker, line[pos + len(marker) :]):
            return pos
    return 0


def _motto_in_text(marker: str, after: str) -> bool:
    """The country's name inside a title ("… GIỮA CHÍNH PHỦ NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA
    VIỆT NAM VÀ …"): as a header cell the motto is followed by its second line or nothing."""
    if marker not in kinds()["motto"]:
        return False
    rest = _HEADING_MARKS.sub("", after).strip(" -–|*_")
    return bool(rest) and not is_motto_second(rest)


@cache
def _merge_markers() -> tuple[str, ...]:
    return (*kinds()["motto"], *kinds()["motto_second"], "Số:", "Số :")


def is_body_start(line: str) -> bool:
    """A line that opens the body ("Căn cứ …", "Kính gửi:"), ending the header."""
    # A capitalised title may begin with the same words ("THỰC HIỆN CÔNG TÁC …").
    return not is_upper(line) and starts_with_any(line, kinds()["title_stops"])


def is_separator(line: str) -> bool:
    """A rule line printed under a header ("-------")."""
    return bool(_SEPARATOR_LINE.match(line))


def is_upper(text: str) -> bool:
    """Whether every letter is upper case (and there is at least one)."""
    seen = False
    for c in text:  # body text fails at its second letter: no list of all letters
        if c.isalpha():
            if not c.isupper():
                return False
            seen = True
    return seen


def is_type_word(line: str) -> bool:
    """A line that is only a type word ("KẾ HOẠCH", "QUYẾT ĐỊNH"), as printed above a title."""
    return line in _type_words()


@cache
def _type_words() -> frozenset[str]:
    return frozenset(k["word"] for k in kinds()["kinds"])


def is_motto(line: str) -> bool:
    """The first motto line (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM)."""
    return any(_same(line, m) for m in kinds()["motto"])


def is_motto_second(line: str) -> bool:
    """The second motto line (Độc lập - Tự do - Hạnh phúc)."""
    return any(_same(line, m) for m in kinds()["motto_second"])


def is_chrome(line: str) -> bool:
    """Website chrome pasted before a document ("Hệ thống pháp luật", view counters)."""
    return any(line.startswith(c) for c in kinds()["chrome"])


def starts_with_any(line: str, prefixes: list[str] | tuple[str, ...]) -> bool:
    """Case-insensitive prefix test on word boundaries (tone-mark placement ignored)."""
    folded = _key(line)
    return any(_starts_word(folded, _key(p)) for p in prefixes)


def _starts_word(text: str, prefix: str) -> bool:
    """`text` starts with `prefix` ending at a word boundary ("KÍNH GỬI:" starts with "KÍNH GỬI")."""
    return text.startswith(prefix) and (len(text) == len(prefix) or not text[len(prefix)].isalnum())


def _same(line: str, phrase: str) -> bool:
    return _key(line).startswith(_key(phrase))


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    # Diacritics are kept: without them "BÀN" would read as the issuer head "BAN".
    return _SPACES.sub(" ", unify_tone_marks(text.lower()).upper().replace("-", " ")).strip()


def kinds() -> dict:
    """The doc_kinds vocabulary (data/doc_kinds.yaml)."""
    return vocab.load("doc_kinds")

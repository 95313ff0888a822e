"""Reading the product a unit delivered: a document number and date as people write them.

    số 12/KH-UBND ngày 10/3/2022
    Kế hoạch số 12/KH-UBND ngày 10 tháng 3 năm 2022
    Báo cáo 45/BC-UBND, 02/04/2026

The only Vietnamese words read are "số" (number), "tháng" (month) and "năm" (year);
"ngày" and the document kind ("Kế hoạch", "Báo cáo", …) are simply skipped.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.utils.translation import gettext_lazy as _

from cchc.tracking.errors import InvalidProductReference

MAX_NUMBER_LENGTH = 100  # ProgressUpdate.product_number

# "10 tháng 3 năm 2022" (the wording of a document's own header).
_WORDED_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{2,4})(?!\d)", re.IGNORECASE)
# "10/3/2022", "10-03-2022", "10.3.2022": one separator used twice; not inside a longer run
# of digits and slashes, so "05/2022/NQ-HĐND" is not read as a date.
_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})([/.\-])(\d{1,2})\2(\d{2,4})(?![\d/])")
# "số 12/KH-UBND": whatever follows the word "số" (an optional colon between).
_AFTER_SO = re.compile(r"(?<!\w)số\s*:?\s*([^\s,;]+)", re.IGNORECASE)
# Without "số": the first word that starts with a digit, holds a slash and a letter after it.
_NUMBER_WORD = re.compile(r"(?<![\w/])\d[\w.\-]*/[\w./\-]*[^\W\d_][\w./\-]*")
_TRAILING = ".,;:)"


def parse_product_reference(text: str) -> tuple[str, date | None]:
    """(number, date or None) from a reference such as "số 12/KH-UBND ngày 10/3/2022".

    Raises InvalidProductReference when there is no number, or when the date does not
    exist (31/02/2022) or has a two-digit year.
    """
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    if not text:
        raise InvalidProductReference(
            _("Enter the product document, for example “số 12/KH-UBND ngày 10/3/2022”.")
        )
    found, rest = _find_date(text)
    number = _find_number(rest)
    if len(number) > MAX_NUMBER_LENGTH:
        raise InvalidProductReference(
            _("The document number may have at most %(limit)s characters; check what you entered."),
            params={"limit": MAX_NUMBER_LENGTH},
        )
    return number, found


def _find_date(text: str) -> tuple[date | None, str]:
    """The first date in `text` (worded or numeric) and the text without it."""
    matches = [m for m in (_WORDED_DATE.search(text), _NUMERIC_DATE.search(text)) if m]
    if not matches:
        return None, text
    match = min(matches, key=lambda m: m.start())
    if match.re is _WORDED_DATE:
        day, month, year = match.group(1, 2, 3)
    else:
        day, month, year = match.group(1, 3, 4)
    rest = text[: match.start()] + " " + text[match.end() :]
    return _make_date(day, month, year, written=match.group(0)), rest


def _make_date(day: str, month: str, year: str, *, written: str) -> date:
    if len(year) != 4:
        raise InvalidProductReference(
            _("Write the year of the document date “%(date)s” with four digits, for example 10/3/2022."),
            params={"date": written},
        )
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise InvalidProductReference(
            _("“%(date)s” is not a valid date. Check the date of the product document (dd/mm/yyyy)."),
            params={"date": written},
        ) from None


def _find_number(text: str) -> str:
    """The word after "số" (when it holds a digit), else the first number-looking word."""
    after_so = [m.group(1) for m in _AFTER_SO.finditer(text)]
    for candidate in [*after_so, *(m.group(0) for m in _NUMBER_WORD.finditer(text))]:
        number = candidate.rstrip(_TRAILING)
        if any(ch.isdigit() for ch in number):
            return number
    raise InvalidProductReference(
        _("Write the number of the product document, for example “số 12/KH-UBND ngày 10/3/2022”.")
    )

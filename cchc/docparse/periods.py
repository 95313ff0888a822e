"""Reporting period names (data/periods.yaml): "Quý I" → Q1, "6 tháng" → H1 …"""

from __future__ import annotations

import re
from functools import cache

from cchc.docparse.vocab import load


@cache
def _names() -> dict[str, list[str]]:
    """Lower-cased name → the periods it stands for."""
    data = load("periods")
    names: dict[str, list[str]] = {}
    for period, spec in data["periods"].items():
        for name in spec["names"]:
            names.setdefault(name.lower(), []).append(str(period))
    for name, periods in data["groups"].items():
        names[name.lower()] = [str(p) for p in periods]
    return names


@cache
def _name_re() -> re.Pattern[str]:
    # Longest names first so "6 tháng đầu năm" wins over "6 tháng" and "năm".
    alt = "|".join(re.escape(n) for n in sorted(_names(), key=len, reverse=True))
    not_year = load("periods")["year_word_not_before"]
    # "báo cáo quý I": the name is "quý I", not the group "báo cáo quý" before an ordinal.
    ordinal = r"\s+(?:[IVX]+|\d+)(?!\w)"
    return re.compile(
        rf"(?<!\w)(?P<name>{alt})(?![\wIVX])(?!(?<=quý){ordinal})(?!(?<=năm){not_year})", re.IGNORECASE
    )


def last_month(period: str) -> int | None:
    """The month a period ends in (None for MONTH)."""
    return load("periods")["periods"][period]["last_month"]


def periods_in(text: str) -> list[str]:
    """The periods named in `text`, in order, each once."""
    out: list[str] = []
    for m in _name_re().finditer(text):
        for period in _names()[m.group("name").lower()]:
            if period not in out:
                out.append(period)
    return out


_LABEL_NOISE = re.compile(r"^(?:báo cáo|kỳ báo cáo|đối với báo cáo)\s+", re.IGNORECASE)


def leading_periods(head: str) -> list[str]:
    """The periods of a calendar line's head ("Quý 1", "Báo cáo quý"), else []."""
    head = head.strip(" -–•+*")
    if len(head.split()) > 6:
        return []
    whole = _name_re().fullmatch(_LABEL_NOISE.sub("", head)) or _name_re().fullmatch(head)
    return list(_names()[whole.group("name").lower()]) if whole else []

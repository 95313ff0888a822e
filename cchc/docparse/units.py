"""Unit names: split a cell into units, expand abbreviations, normalise for matching (stub)."""

from __future__ import annotations


def split_units(text: str | None) -> list[str]:
    """The units named in a lead/support cell, wording kept (`Sở Nội vụ, Sở Tư pháp` → two)."""
    if not text:
        return []
    return [text.strip()]


def normalise_unit(name: str) -> str:
    """A matching key for a unit name: abbreviations expanded, lower case, no punctuation."""
    return name.strip().lower()


def expand_abbreviations(text: str) -> str:
    """`UBND` → `Ủy ban nhân dân` and the like, wording otherwise kept."""
    return text

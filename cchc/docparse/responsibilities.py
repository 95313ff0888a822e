"""Responsibilities (Tổ chức thực hiện): unit → duties."""

from __future__ import annotations

from cchc.docparse.model import Responsibility
from cchc.docparse.outline import Outline


def extract_responsibilities(outline: Outline) -> list[Responsibility]:
    """Each unit named under 'Tổ chức thực hiện' with its duties."""
    return []

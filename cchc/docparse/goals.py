"""Goals (mục tiêu, mục đích) from the body outline."""

from __future__ import annotations

from cchc.docparse.outline import Outline


def extract_goals(outline: Outline) -> list[str]:
    """The plan's goals as sentences, bullets removed."""
    return []

"""Targets (chỉ tiêu): one Target per figure that is a goal."""

from __future__ import annotations

from cchc.docparse.model import Target
from cchc.docparse.outline import Outline


def extract_targets(outline: Outline) -> list[Target]:
    """Targets stated in the body's 'Chỉ tiêu' part (or figure-bearing duties)."""
    return []

"""Deadline phrases → normalised Deadline (stub: the real chain is being written)."""

from __future__ import annotations

from cchc.docparse.model import Deadline


def parse_deadline(text: str | None, *, year: int | None) -> Deadline:
    """The normalised deadline for a phrase such as `Quý I năm 2022` in a plan of `year`."""
    if not text:
        return Deadline(text=None, kind="unknown")
    return Deadline(text=text, kind="unknown")

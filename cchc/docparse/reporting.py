"""The reporting calendar (chế độ báo cáo), expanded per period."""

from __future__ import annotations

from cchc.docparse.model import ReportDeadline
from cchc.docparse.outline import Outline


def extract_reporting(outline: Outline, *, year: int | None) -> list[ReportDeadline]:
    """One ReportDeadline per reporting period the document sets."""
    return []

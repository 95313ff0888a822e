"""Today's date for every deadline computation: one place to fix it for the demo and tests.

Deadlines, "due soon", "overdue" and reminders all ask `today()`; none calls
`date.today()` itself, so that `CCHC_TODAY` (settings) freezes the whole application.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    """settings.CCHC_TODAY when set, else today's date in the configured time zone."""
    fixed = getattr(settings, "CCHC_TODAY", None)
    return fixed if fixed is not None else timezone.localdate()

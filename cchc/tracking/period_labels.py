"""How an obligation's period code reads: "M03" → "Month 3", "R:9M" → "Report: Nine months"."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cchc.plans.models import ReportDeadline

_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def period_label(period: str) -> str:
    """ "Month 3", "Quarter II", "First half", "Report: Nine months" … ("" for a one-off)."""
    if period == "once":
        return ""
    if period == "event":
        return _("On the event")
    if period.startswith("R:"):
        inner = period[2:]
        labels = dict(ReportDeadline.Period.choices)
        return _("Report: %(period)s") % {"period": labels.get(inner) or period_label(inner) or inner}
    if period.startswith("M") and period[1:].isdigit():
        return _("Month %(number)d") % {"number": int(period[1:])}
    if period.startswith("Q") and period[1:] in _ROMAN:
        return _("Quarter %(number)s") % {"number": _ROMAN[period[1:]]}
    return {"H1": _("First half"), "H2": _("Second half"), "YEAR": _("Whole year")}.get(period, period)

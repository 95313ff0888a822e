"""The reminder digest e-mail: its lines, rendering (Vietnamese first) and sending.

The reminder job (cchc.tracking.reminders) decides what goes into each digest and claims it
(a ReminderDigest row) before calling send_digests(); this module only turns claimed
digests into e-mails. A morning at national scale is thousands of digests: each unit's
digest is rendered once and sent to each member, the lines are formatted in Python once
(not by template tags per line), and all go through one connection.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc.tracking.models import Notification, Obligation, ReminderDigest
from cchc.tracking.selectors import period_label

log = logging.getLogger(__name__)

Kind = Notification.Kind
SOON_KINDS = (Kind.DUE_1, Kind.DUE_3, Kind.DUE_7)
# A digest lists at most this many lines per section; the rest are on the unit's page.
SECTION_LIMIT = 50
_SECTION_ORDER = (Kind.OVERDUE, *SOON_KINDS, Kind.ESCALATION)


@dataclass(frozen=True, slots=True)
class Item:
    """One obligation in a digest (and one notification per recipient)."""

    obligation_id: int
    unit_id: int
    kind: str  # a Notification.Kind: due_7, due_3, due_1, overdue or escalation
    due: date
    role: str
    escalated_on: date | None
    task_code: str
    task_title: str
    plan_number: str
    period: str
    overdue_days: int
    url: str
    unit_name: str = ""  # on escalations: the unit below that is late


@dataclass(frozen=True)
class Digest:
    """A claimed digest: its row, the address, the unit and everything it lists."""

    row: ReminderDigest
    email: str
    unit_id: int
    unit_name: str
    items: tuple[Item, ...]
    with_escalations: bool


def line(item: Item) -> dict[str, str]:
    """What a digest shows of an item: heading, details and link (a dict: templates read
    dict keys much faster than properties)."""
    heading = f"{item.task_code}. {item.task_title}" if item.task_code else item.task_title
    return {"heading": heading, "details": _details(item), "url": item.url}


def _details(item: Item) -> str:
    # "Phòng Nội vụ · Plan 19/KH-UBND · Month 1 · due 08/04/2026 · 5 working days late"
    parts = [item.unit_name] if item.unit_name else []
    if item.plan_number:
        parts.append(_("Plan %(number)s") % {"number": item.plan_number})
    if label := period_label(item.period):
        parts.append(label)
    parts.append(_("due %(date)s") % {"date": f"{item.due:%d/%m/%Y}"})
    if days := item.overdue_days:
        parts.append(
            ngettext("%(days)s working day late", "%(days)s working days late", days) % {"days": days}
        )
    if item.role == Obligation.Role.SUPPORT:
        parts.append(_("as supporting unit"))
    return " · ".join(parts)


def render_digest(*, digest: Digest, day: date, base_url: str) -> tuple[str, str, str]:
    """(subject, text, html) of a digest, in the active language."""
    by_kind: dict[str, list[Item]] = defaultdict(list)
    for item in digest.items:
        by_kind[item.kind].append(item)
    sections = [
        {
            "title": Kind(kind).label,
            "kind": kind,
            "count": len(by_kind[kind]),
            "lines": [line(item) for item in by_kind[kind][:SECTION_LIMIT]],
            "more": max(0, len(by_kind[kind]) - SECTION_LIMIT),
        }
        for kind in _SECTION_ORDER
        if by_kind.get(kind)
    ]
    context = {
        "day": day,
        "unit_name": digest.unit_name,
        "sections": sections,
        "overdue": len(by_kind[Kind.OVERDUE]),
        "soon": sum(len(by_kind[kind]) for kind in SOON_KINDS),
        "escalated": len(by_kind[Kind.ESCALATION]),
        "my_work_url": f"{base_url}{reverse('tracking:my_work')}?unit={digest.unit_id}",
        "notifications_url": base_url + reverse("tracking:notifications"),
    }
    subject = render_to_string("tracking/email/digest_subject.txt", context)
    text = render_to_string("tracking/email/digest.txt", context)
    html = render_to_string("tracking/email/digest.html", context)
    return " ".join(subject.split()), text, html


def send_digests(*, digests: Sequence[Digest], day: date, base_url: str, connection: BaseEmailBackend) -> int:
    """E-mail claimed digests, one message per member; returns how many left. A failure is
    logged and not retried: the rows are claimed, so a digest is never sent twice."""
    if not digests:
        return 0
    rendered: dict[tuple[int, bool], tuple[str, str, str]] = {}
    messages = []
    for digest in digests:
        key = (digest.unit_id, digest.with_escalations)
        if key not in rendered:
            rendered[key] = render_digest(digest=digest, day=day, base_url=base_url)
        subject, text, html = rendered[key]
        message = EmailMultiAlternatives(subject, text, to=[digest.email], connection=connection)
        message.attach_alternative(html, "text/html")
        messages.append(message)
    try:
        sent = connection.send_messages(messages) or 0
    except (OSError, smtplib.SMTPException):
        log.exception("Reminder e-mails of %s could not be sent", f"{day:%d/%m/%Y}")
        return 0
    ids = [digest.row.pk for digest in digests]
    for start in range(0, len(ids), 500):
        ReminderDigest.objects.filter(pk__in=ids[start : start + 500]).update(emailed_at=timezone.now())
    return sent

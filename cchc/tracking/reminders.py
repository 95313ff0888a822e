"""The daily reminder job: digests by e-mail, in-app notifications, escalation to parent units.

On a working day, for open, active obligations with a due date:

* remaining working days exactly 7, 3 or 1 → due_7 / due_3 / due_1 (the count only changes
  on working days, so each threshold is met on one working day; the job does nothing on
  days off, when no working day has passed);
* due before today → overdue, listed in every daily digest while it lasts, notified in-app
  once per overdue spell (not every day, the notification list would drown);
* lead obligations overdue by 5 working days or more, not escalated yet → escalation to the
  leaders (and admins) of the unit's parent unit, once (escalated_on is set).

Each member of a unit (active user) gets the notifications; each one with an e-mail address
gets one digest of the unit's items per day (leaders and admins also see the escalations
from the units below). Units are handled in batches, children before parents (path order),
so a parent's digest carries the escalations found in its children. Each batch locks its
units and writes its ReminderDigest rows before any e-mail leaves: a second run, even a
concurrent one, finds the rows and sends nothing twice.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation

from cchc import clock
from cchc.org.models import Membership, Unit
from cchc.tracking.calendar import working_calendar
from cchc.tracking.digests import Digest, Item, send_digests
from cchc.tracking.models import Notification, Obligation, ReminderDigest
from cchc.workdays import Calendar

log = logging.getLogger(__name__)

Kind = Notification.Kind
SOON_KINDS = {7: Kind.DUE_7, 3: Kind.DUE_3, 1: Kind.DUE_1}
ESCALATE_AFTER_WORKING_DAYS = 5
ESCALATION_ROLES = frozenset({Membership.Role.LEADER, Membership.Role.ADMIN})
UNITS_PER_BATCH = 200
_IN_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on query parameters
_ONE_DAY = timedelta(days=1)
_PK_PLACEHOLDER = 987654321


@dataclass(frozen=True)
class ReminderRun:
    """What one run did (counts are of this run only: a rerun the same day counts zeros)."""

    day: date
    working_day: bool
    considered: int = 0  # obligations due in 7/3/1 working days or overdue
    digests: int = 0
    notifications: int = 0
    escalations: int = 0
    emails: int = 0
    elapsed: float = 0.0

    def summary(self) -> str:
        """One line for the log."""
        if not self.working_day:
            return f"Reminders {self.day:%d/%m/%Y}: not a working day, nothing sent"
        return (
            f"Reminders {self.day:%d/%m/%Y}: {self.considered} obligations, {self.digests} digests, "
            f"{self.emails} e-mails, {self.notifications} notifications, "
            f"{self.escalations} escalations in {self.elapsed:.1f} s"
        )


@dataclass(frozen=True)
class Windows:
    """The due-date ranges of one day: [start, end) per due_N kind, and the escalation cutoff."""

    today: date
    soon: dict[str, tuple[date, date]]
    escalate_before: date  # due < this ⇔ overdue by ≥ 5 working days today


def reminder_windows(*, today: date, calendar: Calendar) -> Windows:
    """The ranges for `today`: count_working_days(today, due) == n exactly when
    add_working_days(today, n) ≤ due < add_working_days(today, n + 1) (a due on a day off
    counts like the working day before it)."""
    soon = {
        kind: (calendar.add_working_days(today, n), calendar.add_working_days(today, n + 1))
        for n, kind in SOON_KINDS.items()
    }
    # count_working_days(due, today) ≥ 5 ⇔ due < the 5th latest working day on or before today.
    cutoff = calendar.add_working_days(today + _ONE_DAY, -ESCALATE_AFTER_WORKING_DAYS)
    return Windows(today=today, soon=soon, escalate_before=cutoff)


def send_reminders(*, today: date | None = None) -> ReminderRun:
    """Send today's reminders (see the module docstring); safe to run twice the same day."""
    started = time.perf_counter()
    day = today or clock.today()
    calendar = working_calendar()
    if not calendar.is_working_day(day):
        return _finish(ReminderRun(day=day, working_day=False), started)
    job = _Job.start(windows=reminder_windows(today=day, calendar=calendar), calendar=calendar)
    with translation.override(settings.LANGUAGE_CODE), get_connection() as mail:
        for unit_ids in _batches(job.unit_order(), UNITS_PER_BATCH):
            _remind_units(job, unit_ids, mail)
        # Parents with no item of their own still owe their leaders the escalations.
        for unit_ids in _batches(sorted(job.pending), UNITS_PER_BATCH):
            _remind_units(job, unit_ids, mail)
    return _finish(ReminderRun(day=day, working_day=True, **job.counts), started)


def _finish(run: ReminderRun, started: float) -> ReminderRun:
    run = dataclasses.replace(run, elapsed=time.perf_counter() - started)
    log.info(run.summary())
    return run


# --- the job's state -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    role: str
    email: str


@dataclass(frozen=True, slots=True)
class UnitInfo:
    name: str
    parent_id: int | None
    path: str


@dataclass
class _Job:
    windows: Windows
    calendar: Calendar
    units: dict[int, UnitInfo]
    members: dict[int, list[Member]]
    base_url: str
    url_format: str
    pending: dict[int, list[Item]] = field(default_factory=lambda: defaultdict(list))
    counts: Counter = field(default_factory=Counter)
    _late: dict[date, int] = field(default_factory=dict)

    @classmethod
    def start(cls, *, windows: Windows, calendar: Calendar) -> _Job:
        units = {
            pk: UnitInfo(name, parent_id, path)
            for pk, name, parent_id, path in Unit.objects.values_list("pk", "name", "parent_id", "path")
        }
        members: dict[int, list[Member]] = defaultdict(list)
        rows = Membership.objects.filter(user__is_active=True).values_list(
            "unit_id", "user_id", "role", "user__email"
        )
        for unit_id, user_id, role, email in rows.order_by("unit_id", "user_id"):
            members[unit_id].append(Member(user_id, role, email or ""))
        base_url = settings.CCHC_BASE_URL.rstrip("/")
        # reverse() once, not once per obligation: tens of thousands of links a morning.
        path = reverse("tracking:obligation", args=[_PK_PLACEHOLDER]).replace(str(_PK_PLACEHOLDER), "{}")
        return cls(windows, calendar, units, members, base_url, url_format=base_url + path)

    @property
    def day(self) -> date:
        return self.windows.today

    def url(self, obligation_id: int) -> str:
        return self.url_format.format(obligation_id)

    def late_days(self, due: date) -> int:
        """Working days overdue, per due date (a few hundred distinct dates a run)."""
        if due not in self._late:
            self._late[due] = self.calendar.count_working_days(due, self.day)
        return self._late[due]

    def unit_order(self) -> list[int]:
        """Units with something to remind, children before parents (a child's path extends
        its parent's, so it sorts after it; reversed, before)."""
        ids = _reminder_obligations(self.windows).values_list("unit_id", flat=True).distinct()
        return sorted(set(ids), key=lambda pk: self.units[pk].path, reverse=True)


# --- selecting ---------------------------------------------------------------------------------


def _reminder_obligations(windows: Windows) -> QuerySet[Obligation]:
    soon = Q()
    for start, end in windows.soon.values():
        soon |= Q(due__gte=start, due__lt=end)
    return Obligation.objects.filter(
        soon | Q(due__lt=windows.today), active=True, status__in=Obligation.OPEN_STATUSES
    )


_ITEM_FIELDS = (
    "pk", "unit_id", "due", "role", "escalated_on", "task__code", "task__title", "plan__number", "period",
)  # fmt: skip


def _fetch_items(job: _Job, unit_ids: Sequence[int]) -> dict[int, list[Item]]:
    rows = (
        _reminder_obligations(job.windows)
        .filter(unit_id__in=unit_ids)
        .order_by("due", "task__position", "pk")
        .values_list(*_ITEM_FIELDS)
    )
    items: dict[int, list[Item]] = defaultdict(list)
    for pk, unit_id, due, role, escalated_on, code, title, number, period in rows:
        kind = _kind(due, job.windows)
        late = job.late_days(due) if kind == Kind.OVERDUE else 0
        items[unit_id].append(
            Item(
                obligation_id=pk,
                unit_id=unit_id,
                kind=kind,
                due=due,
                role=role,
                escalated_on=escalated_on,
                task_code=code,
                task_title=title,
                plan_number=number,
                period=period,
                overdue_days=late,
                url=job.url(pk),
            )
        )
    return items


def _kind(due: date, windows: Windows) -> str:
    if due < windows.today:
        return Kind.OVERDUE
    return next(kind for kind, (start, end) in windows.soon.items() if start <= due < end)


# --- writing -----------------------------------------------------------------------------------


def _remind_units(job: _Job, unit_ids: Sequence[int], mail: BaseEmailBackend) -> None:
    with transaction.atomic():
        # Serialises concurrent runs on these units: the second one sees the first's rows.
        list(Unit.objects.select_for_update(no_key=True).filter(pk__in=unit_ids).order_by("pk").values("pk"))
        items = _fetch_items(job, unit_ids)
        job.counts["considered"] += sum(len(v) for v in items.values())
        escalated = _escalate(job, unit_ids, items)
        job.counts["notifications"] += _write_notifications(job, items, escalated)
        digests = _claim_digests(job, unit_ids, items)
    job.counts["emails"] += send_digests(digests=digests, day=job.day, base_url=job.base_url, connection=mail)


def _escalate(job: _Job, unit_ids: Sequence[int], items: dict[int, list[Item]]) -> list[Item]:
    due = [
        item
        for unit_items in items.values()
        for item in unit_items
        if item.role == Obligation.Role.LEAD
        and item.escalated_on is None
        and item.due < job.windows.escalate_before
        and job.units[item.unit_id].parent_id is not None
    ]
    if not due:
        return []
    ids = [item.obligation_id for item in due]
    for start in range(0, len(ids), _IN_CHUNK):  # the units are locked: the rows are as read
        Obligation.objects.filter(pk__in=ids[start : start + _IN_CHUNK]).update(escalated_on=job.day)
    escalated = []
    for item in due:
        unit = job.units[item.unit_id]
        escalation = dataclasses.replace(item, kind=Kind.ESCALATION, unit_name=unit.name)
        job.pending[unit.parent_id].append(escalation)  # type: ignore[index]
        escalated.append(escalation)
    job.counts["escalations"] += len(escalated)
    return escalated


def _write_notifications(job: _Job, items: dict[int, list[Item]], escalated: list[Item]) -> int:
    wanted: set[tuple[int, int, str]] = set()
    for unit_id, unit_items in items.items():
        for member in job.members.get(unit_id, ()):
            wanted.update((member.user_id, item.obligation_id, item.kind) for item in unit_items)
    for item in escalated:
        for member in _leaders(job, job.units[item.unit_id].parent_id):
            wanted.add((member.user_id, item.obligation_id, Kind.ESCALATION))
    due = {item.obligation_id: item.due for unit_items in items.values() for item in unit_items}
    new = wanted - _existing_notifications(job, due)
    rows = [Notification(user_id=u, obligation_id=o, kind=k, sent_on=job.day) for u, o, k in sorted(new)]
    Notification.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def _existing_notifications(job: _Job, due: dict[int, date]) -> set[tuple[int, int, str]]:
    """Today's notifications on these obligations (id → due date), and the overdue ones sent
    since the current due date (overdue is notified once per spell, not daily). By obligation
    id: an index lookup each, however many notifications past years left."""
    found = set()
    ids = list(due)
    for start in range(0, len(ids), _IN_CHUNK):
        rows = Notification.objects.filter(
            Q(sent_on=job.day) | Q(kind=Kind.OVERDUE), obligation_id__in=ids[start : start + _IN_CHUNK]
        ).values_list("user_id", "obligation_id", "kind", "sent_on")
        found.update((u, o, k) for u, o, k, on in rows if on == job.day or on > due[o])
    return found


def _leaders(job: _Job, unit_id: int | None) -> list[Member]:
    return [m for m in job.members.get(unit_id, ()) if m.role in ESCALATION_ROLES] if unit_id else []


def _claim_digests(job: _Job, unit_ids: Sequence[int], items: dict[int, list[Item]]) -> list[Digest]:
    done = set(
        ReminderDigest.objects.filter(unit_id__in=unit_ids, sent_on=job.day).values_list("user_id", "unit_id")
    )
    digests = []
    for unit_id in unit_ids:
        own, escalations = items.get(unit_id, []), job.pending.pop(unit_id, [])
        for member in job.members.get(unit_id, ()):
            listed = own + escalations if member.role in ESCALATION_ROLES else own
            if not member.email or not listed or (member.user_id, unit_id) in done:
                continue
            row = ReminderDigest(user_id=member.user_id, unit_id=unit_id, sent_on=job.day)
            row.obligation_count = len(listed)
            digests.append(
                Digest(
                    row=row,
                    email=member.email,
                    unit_id=unit_id,
                    unit_name=job.units[unit_id].name,
                    items=tuple(listed),
                    with_escalations=len(listed) > len(own),
                )
            )
    ReminderDigest.objects.bulk_create([d.row for d in digests], batch_size=500)
    job.counts["digests"] += len(digests)
    return digests


def _batches(values: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch

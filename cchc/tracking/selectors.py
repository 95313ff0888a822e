"""Reads of tracking: a unit's work ("Việc của tôi"), a plan's progress and its unit ranking.

Nothing here decides access. `my_work` reads through cchc.tracking.access.obligations_for_user;
`plan_progress` and `unit_ranking` take a plan the caller fetched through
cchc.plans.selectors.plan_get_for_user. Each function runs a fixed number of queries, whatever
the number of obligations: counts are aggregated in the database (conditional COUNTs), and
the lists of "my work" are capped at MY_WORK_LIMIT rows per bucket (the export has them all).

Only active obligations count. Closed statuses (done, done late, could not be done) are "done"
whatever the leader's review; overdue and "due soon" follow cchc.tracking.due_states.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from cchc import clock
from cchc.org.models import Unit
from cchc.plans.models import Plan, Section
from cchc.plans.selectors import search_key
from cchc.tracking.access import obligations_for_user
from cchc.tracking.calendar import working_calendar
from cchc.tracking.due_states import DueState, overdue_working_days, soon_horizon
from cchc.tracking.models import Obligation
from cchc.tracking.period_labels import period_label
from cchc.workdays import Calendar

User = AbstractBaseUser | AnonymousUser

# A busy commune owes thousands of obligations a year: the page lists the first 200 of each
# bucket (in the bucket's order) and says how many more the export holds.
MY_WORK_LIMIT = 200

Status = Obligation.Status
_OPEN = Q(status__in=Obligation.OPEN_STATUSES)


# --- Labels -------------------------------------------------------------------------------------

# --- My work ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkRow:
    """One obligation as "my work" lists it."""

    pk: int
    state: DueState
    task_id: int
    task_code: str
    task_title: str
    plan_id: int
    plan_number: str
    plan_title: str
    period: str
    due: date | None
    role: str
    status: str
    review: str
    completed_on: date | None
    late_working_days: int | None
    overdue_days: int

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class Bucket:
    """The rows of one due state (at most the page's limit) and how many there are in all."""

    state: DueState
    count: int
    rows: list[WorkRow] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        """Rows left out of the page (they are in the export)."""
        return self.count - len(self.rows)


@dataclass
class MyWork:
    """A unit's active obligations on `today`: a Bucket per DueState, in the page's order."""

    unit: Unit
    today: date
    buckets: dict[DueState, Bucket]

    @property
    def total(self) -> int:
        return sum(b.count for b in self.buckets.values())


def _bucket_filters(*, today: date, horizon: date) -> dict[DueState, Q]:
    return {
        DueState.OVERDUE: _OPEN & Q(due__lt=today),
        DueState.DUE_SOON: _OPEN & Q(due__gte=today, due__lte=horizon),
        DueState.OPEN: _OPEN & (Q(due__gt=horizon) | Q(due__isnull=True)),
        DueState.DONE: Q(status__in=Obligation.CLOSED_STATUSES),
    }


_BUCKET_ORDER = {
    DueState.OVERDUE: ("due", "pk"),
    DueState.DUE_SOON: ("due", "pk"),
    DueState.OPEN: (F("due").asc(nulls_last=True), "pk"),
    DueState.DONE: (F("completed_on").desc(nulls_last=True), "-pk"),
}
# The query's columns, in WorkRow's order: task_code ← task__code, plan_title ← plan__title …
# (`state` and `overdue_days` are not columns).
_ROW_FIELDS = [
    f.name.replace("task_", "task__", 1).replace("plan_", "plan__", 1).replace("__id", "_id")
    for f in fields(WorkRow)
    if f.name not in ("state", "overdue_days")
]


def my_work(
    *, user: User, unit: Unit, today: date | None = None, limit: int | None = MY_WORK_LIMIT
) -> MyWork:
    """The unit's active obligations (lead and support) the user may read, in four buckets:
    overdue (oldest due first), due soon and open (by due, none last), done (latest first).

    Six queries: the calendar's freshness check, the counts, then each bucket's first `limit`
    rows (all of them with limit=None).
    """
    today = today or clock.today()
    calendar = working_calendar()
    filters = _bucket_filters(today=today, horizon=soon_horizon(today=today, calendar=calendar))
    mine = obligations_for_user(user).filter(unit=unit, active=True)
    counts = mine.aggregate(**{state.value: Count("pk", filter=q) for state, q in filters.items()})
    buckets = {}
    for state, condition in filters.items():
        rows = mine.filter(condition).order_by(*_BUCKET_ORDER[state]).values_list(*_ROW_FIELDS)
        rows = rows[:limit] if limit is not None else rows
        buckets[state] = Bucket(
            state, counts[state.value], [_work_row(r, state, today, calendar) for r in rows]
        )
    return MyWork(unit=unit, today=today, buckets=buckets)


def _work_row(values: tuple, state: DueState, today: date, calendar: Calendar) -> WorkRow:
    pk, *rest = values
    due = rest[_ROW_FIELDS.index("due") - 1]
    late = overdue_working_days(due=due, today=today, calendar=calendar) if state is DueState.OVERDUE else 0
    return WorkRow(pk, state, *rest, overdue_days=late)


def work_units_for_user(*, user: User) -> QuerySet[Unit]:
    """The units the user is a member of (directly; no unit below them), for the unit picker."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(memberships__user=user).order_by("path").distinct()


# --- Plan progress ------------------------------------------------------------------------------

_HUNDRED = Decimal(100)
_TENTH = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, to one decimal (98.5); None when `whole` is 0."""
    if not whole:
        return None
    return (_HUNDRED * part / whole).quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class ProgressRow:
    """Lead obligations of one section, one unit or the whole plan, by outcome on `today`.

    total = on_time + late + not_done + overdue + open (open: not closed, not yet due).
    """

    key: int | None
    label: str
    code: str = ""
    total: int = 0
    on_time: int = 0
    late: int = 0
    not_done: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def pct_on_time(self) -> Decimal | None:
        return percent(self.on_time, self.total)

    @property
    def pct_late(self) -> Decimal | None:
        return percent(self.late, self.total)

    @property
    def pct_overdue(self) -> Decimal | None:
        return percent(self.overdue, self.total)


@dataclass(frozen=True, slots=True)
class SupportRow:
    """A supporting unit's obligations in the plan: how many, how many done, how many overdue."""

    key: int
    label: str
    total: int
    done: int
    overdue: int

    @property
    def pct_done(self) -> Decimal | None:
        return percent(self.done, self.total)


@dataclass
class PlanProgress:
    plan: Plan
    today: date
    totals: ProgressRow
    sections: list[ProgressRow]
    units: list[ProgressRow]
    support: list[SupportRow]


_COUNT_FIELDS = ("total", "on_time", "late", "not_done", "overdue", "open")


def _outcome_counts(today: date) -> dict[str, Count]:
    return {
        "total": Count("pk"),
        "on_time": Count("pk", filter=Q(status=Status.DONE)),
        "late": Count("pk", filter=Q(status=Status.DONE_LATE)),
        "not_done": Count("pk", filter=Q(status=Status.NOT_DONE)),
        "overdue": Count("pk", filter=_OPEN & Q(due__lt=today)),
        "open": Count("pk", filter=_OPEN & (Q(due__gte=today) | Q(due__isnull=True))),
    }


def _active(plan: Plan, role: str) -> QuerySet[Obligation]:
    return Obligation.objects.filter(plan=plan, role=role, active=True).order_by()


def plan_progress(*, plan: Plan, today: date | None = None) -> PlanProgress:
    """The plan's lead obligations by section and by unit (with plan totals), and its
    supporting units' obligations by unit. Four queries."""
    today = today or clock.today()
    counts = _outcome_counts(today)
    lead = _active(plan, Obligation.Role.LEAD)
    by_section = {r.pop("task__section_id"): r for r in lead.values("task__section_id").annotate(**counts)}
    by_unit = lead.values("unit_id", "unit__name").annotate(**counts).order_by("unit__path", "unit_id")
    units = [ProgressRow(r.pop("unit_id"), r.pop("unit__name"), **r) for r in by_unit]
    return PlanProgress(
        plan=plan,
        today=today,
        totals=ProgressRow(
            None, _("Whole plan"), **{f: sum(getattr(u, f) for u in units) for f in _COUNT_FIELDS}
        ),
        sections=_section_rows(plan, by_section),
        units=units,
        support=_support_rows(plan, today),
    )


def _section_rows(plan: Plan, by_section: dict[int | None, dict]) -> list[ProgressRow]:
    """Every section in order (empty ones too), then tasks outside any section if they count."""
    sections = Section.objects.filter(plan=plan).order_by("position", "pk").values_list("pk", "code", "title")
    rows = [ProgressRow(pk, title, code, **by_section.get(pk, {})) for pk, code, title in sections]
    if None in by_section:
        rows.append(ProgressRow(None, _("Tasks outside any section"), **by_section[None]))
    return rows


def _support_rows(plan: Plan, today: date) -> list[SupportRow]:
    found = (
        _active(plan, Obligation.Role.SUPPORT)
        .values("unit_id", "unit__name")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=(Status.DONE, Status.DONE_LATE))),
            overdue=Count("pk", filter=_OPEN & Q(due__lt=today)),
        )
        .order_by("unit__path", "unit_id")
    )
    return [SupportRow(r.pop("unit_id"), r.pop("unit__name"), **r) for r in found]


# --- Unit ranking -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RankRow:
    """A lead unit's place: on-time rate = done on time / obligations due by today.

    Both counts are over the obligations due by today (an obligation done early before its
    due date is not in the rate yet), so the rate never exceeds 100 %. `rank` is None for a
    unit with nothing due yet.
    """

    rank: int | None
    unit_id: int
    unit_name: str
    total: int
    due_count: int
    on_time: int
    overdue: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.on_time, self.due_count)


def unit_ranking(*, plan: Plan, today: date | None = None) -> list[RankRow]:
    """Units leading obligations in the plan, best on-time rate first; ties broken by fewer
    overdue, then by name. Units equal on rate and overdue share a rank (1, 1, 3); units with
    nothing due yet come last, unranked. One query."""
    today = today or clock.today()
    due = Q(due__lte=today)
    found = (
        _active(plan, Obligation.Role.LEAD)
        .values("unit_id", "unit__name")
        .annotate(
            total=Count("pk"),
            due_count=Count("pk", filter=due),
            on_time=Count("pk", filter=due & Q(status=Status.DONE)),
            overdue=Count("pk", filter=_OPEN & Q(due__lt=today)),
        )
    )
    rated, unrated = [], []
    for r in found:
        (rated if r["due_count"] else unrated).append(r)
    rated.sort(key=lambda r: (-Fraction(r["on_time"], r["due_count"]), r["overdue"], _name_key(r)))
    unrated.sort(key=_name_key)
    return _numbered(rated) + [_rank_row(None, r) for r in unrated]


def _name_key(r: dict) -> tuple[str, int]:
    return search_key(r["unit__name"]), r["unit_id"]


def _numbered(rows: list[dict]) -> list[RankRow]:
    result: list[RankRow] = []
    previous, rank = None, 0
    for position, r in enumerate(rows, start=1):
        standing = (Fraction(r["on_time"], r["due_count"]), r["overdue"])
        if standing != previous:
            previous, rank = standing, position
        result.append(_rank_row(rank, r))
    return result


def _rank_row(rank: int | None, r: dict) -> RankRow:
    return RankRow(
        rank=rank,
        unit_id=r["unit_id"],
        unit_name=r["unit__name"],
        total=r["total"],
        due_count=r["due_count"],
        on_time=r["on_time"],
        overdue=r["overdue"],
    )

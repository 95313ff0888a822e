"""Progress on the demo plans as of the demo date, recorded through the real services.

`cchc demo` imports the seed plans (2021–2023), makes their obligations, then plays a year of
work as it stood on the demo date: most obligations due by then were done on time (a few
working days early), some late, a few could not be done (with a reason), the rest are still
open and so overdue; some of those due in the next weeks are in progress. Leaders approve most
closing updates, leave some waiting and return one; one extension is granted and one waits;
one event is recorded. Then the reminder job runs for the demo date, so that its digests
appear in the console log. The choices come from seeded random generators (each obligation's
fate from one of its own): every load gives the same picture. A second load finds the updates
and adds nothing.

Every write goes through cchc.tracking's services, as the people who would make it (the
unit's demo specialist and leader, the issuer's leader) or, for units without a demo
account, the admin. The services read cchc.clock.today(): `demo_clock` sets it meanwhile.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TextIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count

from cchc.org.access import EDIT_ROLES
from cchc.org.models import Membership
from cchc.plans.models import Plan
from cchc.tracking.access import LEADER_ROLES
from cchc.tracking.calendar import working_calendar
from cchc.tracking.extensions import decide_extension, request_extension
from cchc.tracking.models import Evidence, ExtensionRequest, Obligation, ProgressUpdate, ReminderDigest
from cchc.tracking.obligations import record_event, sync_plan_obligations
from cchc.tracking.periods import EVENT
from cchc.tracking.progress import record_progress, review_update
from cchc.tracking.reminders import send_reminders
from cchc.workdays import Calendar

SEED = 20230915
# Of the obligations due by the demo date: shares done on time, done late, not done; the rest
# stay open (half of them with an "in progress" update).
SHARE_ON_TIME, SHARE_LATE, SHARE_NOT_DONE = 0.72, 0.12, 0.04
SHARE_FUTURE_IN_PROGRESS = 0.4  # of those due within FUTURE_HORIZON after the demo date
FUTURE_HORIZON = timedelta(weeks=16)
SHARE_APPROVED = 0.85  # of the closing updates that need a leader's approval; the rest wait
EVIDENCE_EVERY = 20  # one closing update in twenty carries a PDF report as evidence

Status, Review = Obligation.Status, Obligation.Review

ACCOUNTS = (
    "Đã triển khai thực hiện theo kế hoạch; báo cáo kết quả đã gửi cơ quan chủ trì.",
    "Đã ban hành văn bản triển khai và tổ chức thực hiện tại đơn vị.",
    "Hoàn thành; kết quả tổng hợp trong báo cáo định kỳ của đơn vị.",
)
IN_PROGRESS_ACCOUNTS = (
    "Đang triển khai; đã xây dựng dự thảo, đang lấy ý kiến các đơn vị liên quan.",
    "Đang tổng hợp số liệu từ các đơn vị trực thuộc.",
)
NOT_DONE_REASONS = (
    "Chưa được bố trí kinh phí trong năm.",
    "Văn bản hướng dẫn của cơ quan cấp trên chưa ban hành.",
    "Thiếu nhân sự thực hiện do sắp xếp lại tổ chức bộ máy.",
)
RETURN_COMMENT = "Đề nghị bổ sung văn bản ban hành (có chữ ký, đóng dấu) làm tài liệu kiểm chứng."
EXTENSION_REASON = "Cần thêm thời gian để tổng hợp ý kiến của các phường trước khi hoàn thiện báo cáo."


@contextmanager
def demo_clock(day: date) -> Iterator[None]:
    """Make cchc.clock.today() return `day` inside the block (settings.CCHC_TODAY)."""
    previous = getattr(settings, "CCHC_TODAY", None)
    settings.CCHC_TODAY = day
    try:
        yield
    finally:
        settings.CCHC_TODAY = previous


@dataclass
class TrackingSummary:
    """The demo plans' tracking as stored after the load (not only what this load added)."""

    day: date
    skipped: bool = False  # progress was already there: nothing recorded this time
    obligations: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    updates: int = 0
    reviews: dict[str, int] = field(default_factory=dict)
    evidence: int = 0
    extensions: dict[str, int] = field(default_factory=dict)
    events: int = 0
    digests: int = 0  # reminder digests of the demo date, this load's and earlier ones
    emails_sent: int = 0  # by this load


def load_tracking(
    *, plans: Sequence[Plan], admin: AbstractBaseUser, today: date, stdout: TextIO
) -> TrackingSummary:
    """Obligations of `plans`, simulated progress as of `today` (once), that day's reminders."""
    with demo_clock(today):
        for plan in plans:
            sync_plan_obligations(plan=plan, actor=admin)
        skipped = ProgressUpdate.objects.filter(obligation__plan__in=plans).exists()
        if skipped:
            stdout.write("Tiến độ mẫu đã có từ lần nạp trước, không ghi thêm.\n")
        else:
            with transaction.atomic():  # one transaction: much faster on SQLite, and all or nothing
                _Simulation(plans=plans, actors=_Actors.build(admin), today=today).run()
        run = send_reminders(today=today)
    summary = _summary(plans=plans, today=today, skipped=skipped, emails_sent=run.emails)
    _print_summary(summary, stdout)
    return summary


# --- who acts ------------------------------------------------------------------------------------


@dataclass
class _Actors:
    admin: AbstractBaseUser
    recorders: dict[int, AbstractBaseUser]  # unit id → the member who records (a specialist first)
    leaders: dict[int, AbstractBaseUser]  # unit id → a leader (or admin member)

    @classmethod
    def build(cls, admin: AbstractBaseUser) -> _Actors:
        rows = Membership.objects.filter(role__in=EDIT_ROLES, user__is_active=True).select_related("user")
        recorders: dict[int, AbstractBaseUser] = {}
        leaders: dict[int, AbstractBaseUser] = {}
        for membership in rows.order_by("unit_id", "user__username"):
            if membership.role in LEADER_ROLES:
                leaders.setdefault(membership.unit_id, membership.user)
            else:
                recorders.setdefault(membership.unit_id, membership.user)
        return cls(admin=admin, recorders={**leaders, **recorders}, leaders=leaders)

    def recorder(self, obligation: Obligation) -> AbstractBaseUser:
        return self.recorders.get(obligation.unit_id, self.admin)

    def reviewer(self, obligation: Obligation) -> AbstractBaseUser:
        return self.leaders.get(obligation.unit_id, self.admin)

    def decider(self, obligation: Obligation) -> AbstractBaseUser:
        """The nearest leader of the plan's issuer or a unit above it (Action.DECIDE)."""
        path = [int(part) for part in obligation.plan.issuer.path.strip("/").split("/") if part]
        return next((self.leaders[pk] for pk in reversed(path) if pk in self.leaders), self.admin)

    def has_recorder(self, obligation: Obligation) -> bool:
        return obligation.unit_id in self.recorders


# --- the simulation ------------------------------------------------------------------------------


@dataclass
class _Simulation:
    plans: Sequence[Plan]
    actors: _Actors
    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    calendar: Calendar = field(default_factory=working_calendar)
    closing: list[ProgressUpdate] = field(default_factory=list)  # lead updates awaiting review
    closed: int = 0  # closing updates recorded so far

    def run(self) -> None:
        self._record_event()
        obligations = list(self._obligations().exclude(due=None))
        # Kept open for the extension granted at the end: the latest overdue one (with an account).
        overdue = [o for o in obligations if o.role == Obligation.Role.LEAD and o.due < self.today]
        to_extend = self._first(overdue, latest=True)
        for obligation in obligations:
            if obligation is to_extend:
                self._record(obligation, Status.IN_PROGRESS)
            else:
                self._play(obligation)
        self._review()
        self._extensions(to_extend)

    def _obligations(self):
        return (
            Obligation.objects.filter(plan__in=self.plans, active=True)
            .select_related("task", "unit", "plan__issuer")
            .order_by("plan__year", "plan_id", "task__position", "unit__code", "period", "pk")
        )

    def _record_event(self) -> None:
        """An event happened 3 working days ago; the issuer's leader sets the due 7 working days on."""
        waiting = self._obligations().filter(period=EVENT, role=Obligation.Role.LEAD, due=None)
        candidates = sorted(waiting, key=lambda o: (not self.actors.has_recorder(o), -o.plan.year))
        if candidates:
            obligation = candidates[0]
            record_event(
                obligation=obligation,
                user=self.actors.decider(obligation),
                event_on=self.calendar.add_working_days(self.today, -3),
                due=self.calendar.add_working_days(self.today, 7),
                version=obligation.version,
            )

    def _play(self, obligation: Obligation) -> None:
        rng = _own_random(obligation)
        draw = rng.random()
        if obligation.due > self.today:
            if obligation.due <= self.today + FUTURE_HORIZON and draw < SHARE_FUTURE_IN_PROGRESS:
                self._record(obligation, Status.IN_PROGRESS)
        elif draw < SHARE_ON_TIME:
            early = self.calendar.add_working_days(obligation.due, -rng.randint(1, 5))
            self._record(obligation, Status.DONE, completed_on=early)
        elif draw < SHARE_ON_TIME + SHARE_LATE:
            late = self.calendar.add_working_days(obligation.due, rng.randint(2, 15))
            self._record(obligation, Status.DONE, completed_on=min(late, self.today))
        elif draw < SHARE_ON_TIME + SHARE_LATE + SHARE_NOT_DONE:
            self._record(obligation, Status.NOT_DONE, completed_on=obligation.due)
        elif rng.random() < 0.5:
            self._record(obligation, Status.IN_PROGRESS)

    def _record(self, obligation: Obligation, status: str, *, completed_on: date | None = None) -> None:
        closing = status != Status.IN_PROGRESS
        kwargs: dict = {"account": self.rng.choice(ACCOUNTS if closing else IN_PROGRESS_ACCOUNTS)}
        if status == Status.NOT_DONE:
            kwargs = {"reason": self.rng.choice(NOT_DONE_REASONS)}
        elif closing:
            short = obligation.unit.short_name or "UBND"
            kwargs |= {
                "product_number": f"{self.rng.randint(5, 480)}/BC-{short}",
                "product_date": completed_on,
            }
            if self.closed % EVIDENCE_EVERY == 0:
                kwargs["files"] = [_report_pdf(obligation, completed_on)]
            self.closed += 1
        update = record_progress(
            obligation=obligation,
            user=self.actors.recorder(obligation),
            version=obligation.version,
            status=status,
            completed_on=completed_on,
            **kwargs,
        )
        if update.review == Review.PENDING:
            self.closing.append(update)

    def _review(self) -> None:
        """Approve most, leave some waiting; return one, in a unit whose leader has a demo account."""
        returned = next(
            (u for u in reversed(self.closing) if u.obligation.unit_id in self.actors.leaders),
            self.closing[-1] if self.closing else None,
        )
        for update in self.closing:
            approve = self.rng.random() < SHARE_APPROVED
            if update is returned or approve:
                review_update(
                    update=update,
                    user=self.actors.reviewer(update.obligation),
                    approve=update is not returned,
                    comment=RETURN_COMMENT if update is returned else "",
                )

    def _extensions(self, to_extend: Obligation | None) -> None:
        """The one kept open gets 3 working days more; one due in the coming weeks asks for more."""
        if to_extend is not None:
            obligation = self._obligations().get(pk=to_extend.pk)
            request = self._request(obligation, self.calendar.add_working_days(self.today, 3))
            decide_extension(request=request, user=self.actors.decider(obligation), grant=True)
        # Not the event (its due date was set just now), nor the one just extended.
        coming = (
            self._obligations()
            .filter(role=Obligation.Role.LEAD, status__in=Obligation.OPEN_STATUSES, due__gt=self.today)
            .exclude(period=EVENT)
            .exclude(pk=getattr(to_extend, "pk", None))
        )
        waiting = self._first(coming, latest=False)
        if waiting is not None:
            self._request(waiting, self.calendar.add_working_days(waiting.due, 10))

    def _first(self, obligations: Iterable[Obligation], *, latest: bool) -> Obligation | None:
        """A unit with a demo account first; then the latest (or earliest) due date."""
        sign = -1 if latest else 1
        ranked = sorted(
            obligations, key=lambda o: (not self.actors.has_recorder(o), sign * o.due.toordinal())
        )
        return ranked[0] if ranked else None

    def _request(self, obligation: Obligation, requested_due: date) -> ExtensionRequest:
        return request_extension(
            obligation=obligation,
            user=self.actors.recorder(obligation),
            version=obligation.version,
            requested_due=requested_due,
            reason=EXTENSION_REASON,
        )


def _own_random(obligation: Obligation) -> random.Random:
    """A generator of this obligation's own: what happens to it does not shift when another
    plan of the demo gains or loses an assignment (as a change to unit matching does)."""
    plan = obligation.plan
    return random.Random(
        f"{SEED}/{plan.issuer.code}/{plan.number}/{obligation.task.position}/"
        f"{obligation.unit.code}/{obligation.role}/{obligation.period}"
    )


# --- a small PDF report as evidence ------------------------------------------------------------


def _report_pdf(obligation: Obligation, completed_on: date | None) -> SimpleUploadedFile:
    lines = [
        "BAO CAO KET QUA THUC HIEN (du lieu demo)",
        f"Nhiem vu {obligation.task.code}: {obligation.task.title[:70]}",
        f"Don vi: {obligation.unit.name}",
        f"Hoan thanh ngay {completed_on:%d/%m/%Y}" if completed_on else "",
    ]
    name = f"bao-cao-{obligation.task.code or obligation.pk}-{obligation.period}.pdf".replace(":", "-")
    return SimpleUploadedFile(name, minimal_pdf(lines), content_type="application/pdf")


def minimal_pdf(lines: Sequence[str]) -> bytes:
    """A one-page PDF showing `lines` (Helvetica, so Vietnamese marks are dropped)."""
    text = "".join(f"({_pdf_text(line)}) Tj 0 -20 Td " for line in lines)
    stream = f"BT /F1 12 Tf 60 780 Td {text}ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_text(line: str) -> str:
    plain = unicodedata.normalize("NFKD", line.replace("đ", "d").replace("Đ", "D"))
    plain = plain.encode("ascii", "ignore").decode("ascii")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


# --- the summary ---------------------------------------------------------------------------------


def _summary(*, plans: Sequence[Plan], today: date, skipped: bool, emails_sent: int) -> TrackingSummary:
    obligations = Obligation.objects.filter(plan__in=plans, active=True)
    updates = ProgressUpdate.objects.filter(obligation__plan__in=plans)
    extensions = ExtensionRequest.objects.filter(obligation__plan__in=plans)
    return TrackingSummary(
        day=today,
        skipped=skipped,
        obligations=obligations.count(),
        statuses=_counts(obligations, "status"),
        overdue=obligations.filter(status__in=Obligation.OPEN_STATUSES, due__lt=today).count(),
        updates=updates.count(),
        reviews=_counts(updates.exclude(review=""), "review"),
        evidence=Evidence.objects.filter(obligation__plan__in=plans).count(),
        extensions=_counts(extensions, "status"),
        events=obligations.filter(role=Obligation.Role.LEAD, event_on__isnull=False).count(),
        digests=ReminderDigest.objects.filter(sent_on=today).count(),
        emails_sent=emails_sent,
    )


def _counts(queryset, name: str) -> dict[str, int]:
    rows = queryset.order_by().values_list(name).annotate(n=Count("pk"))
    return {value: n for value, n in rows}


def _print_summary(summary: TrackingSummary, stdout: TextIO) -> None:
    s, r, e = summary.statuses, summary.reviews, summary.extensions
    open_count = s.get(Status.IN_PROGRESS, 0) + s.get(Status.NOT_STARTED, 0)
    stdout.write(
        f"\nTHEO DÕI THỰC HIỆN tính đến ngày {summary.day:%d/%m/%Y}: {summary.obligations} việc phải làm "
        f"(mỗi đơn vị, mỗi kỳ) — {s.get(Status.DONE, 0)} hoàn thành đúng hạn, "
        f"{s.get(Status.DONE_LATE, 0)} hoàn thành trễ hạn, {s.get(Status.NOT_DONE, 0)} không thực hiện "
        f"được, {open_count} chưa xong (trong đó {summary.overdue} quá hạn).\n"
        f"  {summary.updates} lần cập nhật tiến độ, {summary.evidence} tài liệu kiểm chứng; lãnh đạo đã "
        f"duyệt {r.get(Review.APPROVED, 0)}, chờ duyệt {r.get(Review.PENDING, 0)}, "
        f"trả lại {r.get(Review.RETURNED, 0)}.\n"
        f"  Gia hạn: {e.get(ExtensionRequest.Status.GRANTED, 0)} đã chấp thuận, "
        f"{e.get(ExtensionRequest.Status.PENDING, 0)} chờ quyết định; {summary.events} sự kiện đã ghi nhận.\n"
        f"  Nhắc việc ngày {summary.day:%d/%m/%Y}: {summary.digests} thư tóm tắt ({_mail_note(summary)}).\n"
    )


def _mail_note(summary: TrackingSummary) -> str:
    if summary.emails_sent:
        return f"{summary.emails_sent} thư gửi lần này, xem nội dung ở nhật ký phía trên"
    return "đã gửi ở lần nạp trước, không gửi lại" if summary.digests else "không có việc cần nhắc"

"""The daily reminder job: what each member receives (e-mail digest, notifications) and when.

Today is Wednesday 15/04/2026 (tests/conftest.py). Working days from there: +1 Thu 16/04,
+3 Mon 20/04 (across the weekend), +7 Fri 24/04; Mon 27/04 (Hùng Kings), Thu 30/04 and
Fri 01/05 are holidays. Five working days back from 15/04 is Wed 08/04.
"""

from __future__ import annotations

import itertools
import smtplib
import threading
import time
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from factories import make_member
from plans.builders import Cast
from tracking.builders import make_obligation

from cchc.org.services import set_membership
from cchc.tracking import reminders
from cchc.tracking.models import Notification, Obligation, ReminderDigest
from cchc.tracking.reminders import reminder_windows, send_reminders
from cchc.workdays import default_calendar

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
BASE = "http://127.0.0.1:8000"


class World(Cast):
    """Cast (province › district › office, ward) plus the office's people; `owe` adds an
    obligation of the office (or another unit) due on a given day."""

    def __init__(self) -> None:
        super().__init__(n_tasks=3)
        self.office_specialist = make_member(self.office, "specialist")
        self.office_leader = make_member(self.office, "leader")
        self.office_no_email = make_member(self.office, "viewer", email="")
        self.task = self.plan.tasks.order_by("position").first()
        self._months = itertools.count(1)

    def owe(self, due: date | None, *, unit=None, **fields) -> Obligation:
        period = fields.pop("period", f"M{next(self._months):02d}")
        return make_obligation(self.task, unit or self.office, due=due, period=period, **fields)


@pytest.fixture
def world(settings) -> World:
    settings.CCHC_BASE_URL = BASE
    return World()


def kinds(user) -> dict[int, set[str]]:
    """obligation id → kinds of the user's notifications on it."""
    found: dict[int, set[str]] = {}
    for obligation_id, kind in Notification.objects.filter(user=user).values_list("obligation_id", "kind"):
        found.setdefault(obligation_id, set()).add(kind)
    return found


def late_by(days: int) -> str:
    """ "1 working day late" as the digest says it (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return ngettext("%(days)s working day late", "%(days)s working days late", days) % {"days": days}


def link(obligation: Obligation) -> str:
    return BASE + reverse("tracking:obligation", args=[obligation.pk])


def mail_to(mailoutbox, user) -> list:
    return [m for m in mailoutbox if m.to == [user.email]]


def test_windows_agree_with_counting_working_days() -> None:
    calendar = default_calendar()
    start = date(2026, 4, 1)
    for today in (start + timedelta(days=i) for i in range(45)):
        if not calendar.is_working_day(today):
            continue
        windows = reminder_windows(today=today, calendar=calendar)
        for due in (today + timedelta(days=i) for i in range(-25, 25)):
            count = calendar.count_working_days(today, due)
            for n, kind in ((7, Kind.DUE_7), (3, Kind.DUE_3), (1, Kind.DUE_1)):
                first, end = windows.soon[kind]
                assert (first <= due < end) == (due > today and count == n), (today, due, n)
            late = calendar.count_working_days(due, today)
            assert (due < windows.escalate_before) == (due < today and late >= 5), (today, due)


def test_7_3_1_working_days_are_picked_across_a_weekend_and_nothing_else(world, mailoutbox) -> None:
    picked = {
        world.owe(date(2026, 4, 16)): Kind.DUE_1,
        world.owe(date(2026, 4, 20)): Kind.DUE_3,
        world.owe(date(2026, 4, 24)): Kind.DUE_7,
    }
    # 0, 2, 4, 5, 6 and 8 working days left
    skipped = [world.owe(date(2026, 4, day)) for day in (15, 17, 21, 22, 23, 28)]

    run = send_reminders()

    assert run.considered == 3
    assert kinds(world.office_specialist) == {o.pk: {kind} for o, kind in picked.items()}
    (message,) = mail_to(mailoutbox, world.office_specialist)
    for obligation in picked:
        assert f"{obligation.due:%d/%m/%Y}" in message.body and link(obligation) in message.body
    for obligation in skipped:
        assert link(obligation) not in message.body


def test_holidays_are_not_counted(world, settings, mailoutbox) -> None:
    # From Wed 22/04: +1 Thu 23/04, +3 Tue 28/04 (Sat, Sun, Mon 27/04 off), +7 Wed 06/05
    # (30/04, 01/05 and the weekend off).
    settings.CCHC_TODAY = date(2026, 4, 22)
    picked = {
        world.owe(date(2026, 4, 23)): Kind.DUE_1,
        world.owe(date(2026, 4, 28)): Kind.DUE_3,
        world.owe(date(2026, 5, 6)): Kind.DUE_7,
    }
    for due in (date(2026, 4, 24), date(2026, 4, 29), date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 7)):
        world.owe(due)

    send_reminders()

    assert kinds(world.office_leader) == {o.pk: {kind} for o, kind in picked.items()}


def test_closed_inactive_and_undated_obligations_are_ignored(world, mailoutbox) -> None:
    world.owe(date(2026, 4, 16), status=Obligation.Status.DONE, completed_on=date(2026, 4, 10))
    world.owe(date(2026, 4, 1), status=Obligation.Status.NOT_DONE)
    world.owe(date(2026, 4, 1), active=False)
    world.owe(None)
    world.owe(date(2026, 4, 16), unit=world.elsewhere)  # nobody is a member there but the outsider

    run = send_reminders()

    assert (run.considered, run.notifications) == (1, 1)
    assert Notification.objects.get().user == world.outsider
    assert [m.to for m in mailoutbox] == [[world.outsider.email]]


def test_overdue_items_are_in_every_daily_digest_but_notified_once(world, settings, mailoutbox) -> None:
    late = world.owe(date(2026, 4, 14))

    send_reminders()
    settings.CCHC_TODAY = date(2026, 4, 16)
    send_reminders()

    digests = mail_to(mailoutbox, world.office_specialist)
    assert len(digests) == 2
    assert all("14/04/2026" in m.body and world.task.title in m.body for m in digests)
    assert late_by(1) in digests[0].body and late_by(2) in digests[1].body
    notices = Notification.objects.filter(user=world.office_specialist, obligation=late)
    assert list(notices.values_list("kind", "sent_on")) == [(Kind.OVERDUE, date(2026, 4, 15))]


def test_a_granted_extension_starts_a_new_overdue_spell(world, settings, mailoutbox) -> None:
    late = world.owe(date(2026, 4, 14))
    send_reminders()
    Obligation.objects.filter(pk=late.pk).update(due=date(2026, 4, 16))
    settings.CCHC_TODAY = date(2026, 4, 17)

    send_reminders()

    sent_on = Notification.objects.filter(user=world.office_specialist, kind=Kind.OVERDUE)
    assert sorted(sent_on.values_list("sent_on", flat=True)) == [date(2026, 4, 15), date(2026, 4, 17)]


def test_escalation_after_five_working_days_to_the_parent_units_leaders_only_once(
    world, settings, mailoutbox
) -> None:
    five = world.owe(date(2026, 4, 8))  # overdue by 5 working days on 15/04
    four = world.owe(date(2026, 4, 9))
    support = world.owe(date(2026, 4, 1), unit=world.ward, role=Obligation.Role.SUPPORT)

    run = send_reminders()

    assert run.escalations == 1
    five.refresh_from_db()
    assert five.escalated_on == date(2026, 4, 15)
    escalations = Notification.objects.filter(kind=Kind.ESCALATION)
    # The office's parent is the district: its leader, not its specialist, viewer or the province.
    assert list(escalations.values_list("user", "obligation")) == [(world.leader.pk, five.pk)]
    (digest,) = mail_to(mailoutbox, world.leader)
    assert world.office.name in digest.body and "08/04/2026" in digest.body
    assert world.district.name in digest.subject
    assert not mail_to(mailoutbox, world.owner) and not mail_to(mailoutbox, world.parent_leader)
    assert Obligation.objects.get(pk=four.pk).escalated_on is None
    assert Obligation.objects.get(pk=support.pk).escalated_on is None

    # The next day `four` reaches 5 working days; `five` is not escalated again.
    settings.CCHC_TODAY = date(2026, 4, 16)
    assert send_reminders().escalations == 1
    assert sorted(escalations.values_list("obligation", "sent_on")) == [
        (five.pk, date(2026, 4, 15)),
        (four.pk, date(2026, 4, 16)),
    ]


def test_running_twice_sends_nothing_twice(world, mailoutbox) -> None:
    world.owe(date(2026, 4, 16))
    world.owe(date(2026, 4, 1))
    world.owe(date(2026, 4, 20), unit=world.ward, role=Obligation.Role.SUPPORT)

    first = send_reminders()
    sent, notified = len(mailoutbox), Notification.objects.count()
    second = send_reminders()

    assert (first.emails, first.digests) == (sent, sent) and sent > 0
    assert (second.emails, second.digests, second.notifications, second.escalations) == (0, 0, 0, 0)
    assert (len(mailoutbox), Notification.objects.count()) == (sent, notified)
    assert ReminderDigest.objects.filter(emailed_at__isnull=True).count() == 0


def test_members_without_e_mail_get_notifications_but_no_mail(world, mailoutbox) -> None:
    due = world.owe(date(2026, 4, 16))

    send_reminders()

    assert kinds(world.office_no_email) == {due.pk: {Kind.DUE_1}}
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([world.office_specialist.email, world.office_leader.email])
    assert not ReminderDigest.objects.filter(user=world.office_no_email).exists()


def test_one_digest_per_member_and_unit_listing_all_its_items(world, mailoutbox) -> None:
    items = [world.owe(date(2026, 4, 16)), world.owe(date(2026, 4, 20)), world.owe(date(2026, 4, 10))]
    ward_item = world.owe(date(2026, 4, 24), unit=world.ward, role=Obligation.Role.SUPPORT)
    both = make_member(world.ward, "viewer")
    set_membership(user=both, unit=world.office, role="specialist")

    send_reminders()

    (digest,) = mail_to(mailoutbox, world.office_specialist)
    for item in items:
        assert link(item) in digest.body
    assert f"{BASE}{reverse('tracking:my_work')}?unit={world.office.pk}" in digest.body
    assert link(ward_item) not in digest.body
    assert world.office.name in digest.subject and "15/04/2026" in digest.subject
    html, mimetype = digest.alternatives[0]
    assert mimetype == "text/html" and world.task.title in html and "10/04/2026" in html
    assert sorted(m.subject for m in mail_to(mailoutbox, both)) == sorted(
        [digest.subject, mail_to(mailoutbox, world.ward_member)[0].subject]
    )
    row = ReminderDigest.objects.get(user=world.office_specialist)
    assert (row.unit, row.sent_on, row.obligation_count) == (world.office, date(2026, 4, 15), 3)
    assert row.emailed_at is not None


class RefusingServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_failure_is_logged_and_never_resent(world, monkeypatch, caplog, mailoutbox) -> None:
    world.owe(date(2026, 4, 16))
    monkeypatch.setattr(reminders, "get_connection", RefusingServer)

    run = send_reminders()

    assert (run.digests, run.emails, run.notifications) == (2, 0, 3)
    assert "could not be sent" in caplog.text
    assert list(ReminderDigest.objects.values_list("emailed_at", flat=True)) == [None, None]
    monkeypatch.undo()
    assert send_reminders().emails == 0 and mailoutbox == []


def test_nothing_is_sent_on_a_day_off(world, settings, mailoutbox) -> None:
    world.owe(date(2026, 4, 1))
    settings.CCHC_TODAY = date(2026, 4, 18)  # a Saturday

    run = send_reminders()

    assert not run.working_day and run.considered == 0
    assert mailoutbox == [] and not Notification.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent row locks need PostgreSQL: run with DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/cchc",
)
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_digest_once(world, mailoutbox, monkeypatch) -> None:
    world.owe(date(2026, 4, 16))
    five = world.owe(date(2026, 4, 8))
    # The first run to claim its digests keeps its transaction (and the units' locks) open
    # until the other run waits for them, so that the two really overlap.
    real_claim, calls = reminders._claim_digests, []

    def claim_then_hold(*args, **kwargs):
        claimed = real_claim(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            wait_until_another_backend_waits_for_us()
        return claimed

    monkeypatch.setattr(reminders, "_claim_digests", claim_then_hold)
    results: list[object] = []

    def run() -> None:
        try:
            results.append(send_reminders())
        except Exception as error:  # handed back to the test
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(r, reminders.ReminderRun) for r in results), results
    # office: specialist and leader (the viewer has no address); district: its leader (escalation).
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        u.email for u in (world.office_specialist, world.office_leader, world.leader)
    )
    assert sum(r.emails for r in results) == 3 and sum(r.escalations for r in results) == 1
    assert Notification.objects.filter(obligation=five, kind=Kind.ESCALATION).count() == 1


def wait_until_another_backend_waits_for_us() -> None:
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the other run never waited for the lock")

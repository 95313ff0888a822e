"""Two requests at once on PostgreSQL: row locks and versions keep every outcome whole.

Each request runs in its own thread with its own database connection, through the HTTP
layer where a page exists (review, record progress) and through the service the task edit
page calls (a deadline change). Where the order matters, the first request to take the lock
holds it until PostgreSQL reports the other one waiting for it (pg_blocking_pids), so the requests
really overlap instead of merely starting together.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from factories import make_member
from tracking.builders import TrackingCast

from cchc.audit.models import Entry
from cchc.plans.models import Task
from cchc.tracking import plan_changes as plan_changes_module
from cchc.tracking import progress as progress_module
from cchc.tracking.models import Obligation, ProgressUpdate
from cchc.tracking.plan_changes import edit_task
from cchc.tracking.progress import record_progress

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent row locks need PostgreSQL: run with "
        "DATABASE_URL=postgres://cchc:cchc@127.0.0.1:5432/cchc",
    ),
    pytest.mark.django_db(transaction=True),
]

NEW_DUE = date(2026, 5, 29)  # a Friday
Status = Obligation.Status


def run_together(*jobs: Callable[[], object]) -> list[object]:
    """Run each job in its own thread, released at once by a barrier; results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # handed back to the test
            results[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def hold_until_another_waits() -> None:
    """Keep this transaction (and its row locks) open until another backend waits for them."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_stat_activity is a snapshot per transaction unless cleared; pg_blocking_pids
            # is live, and names this backend only when the other one waits for our locks.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the other request never waited for the lock")


def pausing(real: Callable, holding: threading.Event | None = None) -> Callable:
    """`real`, after which the caller's transaction (and its locks) stays open until another
    request waits for a lock; `holding` is set once the pause starts. Only the first call
    pauses."""
    calls = []
    lock = threading.Lock()

    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        with lock:
            first = not calls
            calls.append(1)
        if first:
            if holding is not None:
                holding.set()
            hold_until_another_waits()
        return result

    return wrapper


def after(event: threading.Event, job: Callable[[], object]) -> Callable[[], object]:
    """`job`, started once `event` is set (the other request holds its lock)."""

    def run() -> object:
        assert event.wait(timeout=30), "the first request never took its lock"
        return job()

    return run


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_errors(response) -> list[str]:
    return re.findall(r'data-testid="form-error">(.*?)</p>', response.content.decode())


@pytest.fixture
def cast():
    return TrackingCast(n_tasks=1)


def test_two_leaders_approving_at_once_make_one_approval(cast, monkeypatch):
    obligation = cast.lead_obligations[0]
    update = record_progress(
        obligation=obligation, user=cast.office_specialist, version=1, status=Status.DONE
    )
    first = make_member(cast.office, "leader", first_name="Trần Thị", last_name="Hoa")
    second = make_member(cast.office, "leader", first_name="Phạm Văn", last_name="Nam")
    monkeypatch.setattr(progress_module, "record_change", pausing(progress_module.record_change))
    url = reverse("tracking:review_update", args=[update.pk])
    clients = [logged_in(first), logged_in(second)]

    responses = run_together(
        *(lambda c=c: c.post(url, {"decision": "approve", "comment": ""}) for c in clients)
    )

    assert sorted(r.status_code for r in responses) == [302, 400]
    winner = [first, second][[r.status_code for r in responses].index(302)]
    loser_page = next(r for r in responses if r.status_code == 400)
    update.refresh_from_db()
    assert (update.review, update.reviewed_by) == ("approved", winner)
    (message,) = form_errors(loser_page)
    assert winner.get_full_name() in message
    assert update.reviewed_at is not None
    assert Entry.objects.filter(action="progress.approve").count() == 1
    obligation.refresh_from_db()
    assert (obligation.review, obligation.version) == ("approved", 3)


def _record_by_http(cast, obligation) -> Callable[[], object]:
    client = logged_in(cast.office_specialist)
    url = reverse("tracking:record_progress", args=[obligation.pk])
    data = {"version": 1, "status": Status.IN_PROGRESS, "account": "Đang dự thảo báo cáo."}
    return lambda: client.post(url, data)


def _change_deadline(cast) -> Callable[[], object]:
    task = Task.objects.get(pk=cast.tasks[0].pk)
    return lambda: edit_task(task=task, user=cast.owner, version=task.version, due=NEW_DUE)


def _assert_whole(obligation, recorded) -> None:
    """Either the update landed on the old version and the new deadline applied after it,
    or the update was refused as stale; the deadline change is never lost."""
    obligation.refresh_from_db()
    assert obligation.due == NEW_DUE
    if recorded.status_code == 302:
        assert ProgressUpdate.objects.filter(obligation=obligation).count() == 1
        assert (obligation.status, obligation.version) == (Status.IN_PROGRESS, 3)
        assert Entry.objects.filter(action="progress.record").count() == 1
    else:
        assert recorded.status_code == 400
        assert not ProgressUpdate.objects.exists()
        assert (obligation.status, obligation.version) == (Status.NOT_STARTED, 2)
        assert not Entry.objects.filter(action="progress.record").exists()
    assert Entry.objects.filter(action="obligation.due_change", subject_id=obligation.pk).count() == 1


def test_update_holding_the_lock_lands_first_then_the_new_deadline_applies(cast, monkeypatch):
    obligation = cast.lead_obligations[0]
    holding = threading.Event()
    monkeypatch.setattr(progress_module, "record_change", pausing(progress_module.record_change, holding))
    recorded, changed = run_together(
        _record_by_http(cast, obligation), after(holding, _change_deadline(cast))
    )
    assert not isinstance(changed, Exception), changed
    assert recorded.status_code == 302
    _assert_whole(obligation, recorded)


def test_update_waiting_behind_a_deadline_change_is_refused_as_stale(cast, monkeypatch):
    obligation = cast.lead_obligations[0]
    holding = threading.Event()
    sync = plan_changes_module.sync_task_obligations
    monkeypatch.setattr(plan_changes_module, "sync_task_obligations", pausing(sync, holding))
    recorded, changed = run_together(
        after(holding, _record_by_http(cast, obligation)), _change_deadline(cast)
    )
    assert not isinstance(changed, Exception), changed
    assert recorded.status_code == 400
    (message,) = form_errors(recorded)
    assert message  # the "changed meanwhile" message, in the page's language
    _assert_whole(obligation, recorded)


def test_update_and_deadline_change_racing_leave_no_half_state(cast):
    obligation = cast.lead_obligations[0]
    recorded, changed = run_together(_record_by_http(cast, obligation), _change_deadline(cast))
    assert not isinstance(changed, Exception), changed
    _assert_whole(obligation, recorded)

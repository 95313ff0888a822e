"""Task page: the task and its units, the obligations the reader may see (linked to their pages),
the audit history in words with dates dd/mm/yyyy, and the link from the plan page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from tracking.builders import TrackingCast

from cchc.audit.services import record_change
from cchc.tracking.models import ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return TrackingCast(n_tasks=2)


@pytest.fixture
def task(cast):
    return cast.tasks[0]


def _url(task) -> str:
    return reverse("plans:task", args=[task.pk])


def _get(client, user, task) -> str:
    client.force_login(user)
    response = client.get(_url(task))
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_and_outsider(client, cast, task):
    response = client.get(_url(task))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(cast.outsider)
    assert client.get(_url(task)).status_code == 404


def test_issuing_side_sees_every_obligation_and_the_edit_link(client, cast, task):
    page = _get(client, cast.leader, task)
    assert "Nhiệm vụ số 1" in page and "31/01/2026" in page
    assert 'data-testid="task-edit"' in page
    rows = re.findall(r'<tr data-testid="obligation-row".*?</tr>', page, re.S)
    assert len(rows) == 2
    lead, support = cast.lead_obligations[0], cast.support_obligations[0]
    assert reverse("tracking:obligation", args=[lead.pk]) in rows[0] and "Phòng Nội vụ" in rows[0]
    assert reverse("tracking:obligation", args=[support.pk]) in rows[1] and "xã Vụ Bản" in rows[1]
    assert 'data-state="overdue"' in rows[0]


def test_office_viewer_sees_its_own_obligation_only(client, cast, task):
    page = _get(client, cast.office_viewer, task)
    assert page.count('data-testid="obligation-row"') == 1
    assert reverse("tracking:obligation", args=[cast.lead_obligations[0].pk]) in page
    assert 'data-testid="task-edit"' not in page


def _edit(task, cast, **overrides) -> dict:
    data = {
        "version": task.version,
        "code": task.code,
        "title": task.title,
        "products": "\n".join(task.products),
        "deadline_text": task.deadline_text,
        "due": task.due.strftime("%d/%m/%Y"),
        "units-TOTAL_FORMS": "1",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "60",
        "units-0-role": "lead",
        "units-0-wording": cast.office.name,
        "units-0-unit": cast.office.pk,
    }
    return {**data, **overrides}


def test_history_shows_a_task_change_in_words(client, cast, task):
    client.force_login(cast.owner)
    data = _edit(task, cast, title="Nhiệm vụ đã sửa", deadline_text="Quý II năm 2026")
    assert client.post(reverse("plans:task_edit", args=[task.pk]), data).status_code == 302
    page = _get(client, cast.office_specialist, task)
    rows = re.findall(r'<tr data-testid="history-row">.*?</tr>', page, re.S)
    change = next(row for row in rows if "Nhiệm vụ đã sửa" in row)
    assert "Nhiệm vụ số 1" in change  # old → new
    assert "31/01/2026" in change and "30/06/2026" in change  # the due date, dd/mm/yyyy
    assert "2026-" not in page
    assert cast.owner.username in change


def test_history_of_another_units_progress_stays_with_the_issuing_side(client, cast, task):
    ob = cast.lead_obligations[0]
    update = ProgressUpdate.objects.create(obligation=ob, author=cast.office_specialist, status="in_progress")
    record_change(
        actor=cast.office_specialist,
        action="progress.record",
        subject_type="progress",
        subject_id=update.pk,
        task_id=task.pk,
        changes={"status": ("not_started", "in_progress"), "completed_on": (None, date(2026, 4, 10))},
    )
    page = _get(client, cast.leader, task)
    row = re.search(r'<tr data-testid="history-row">.*?</tr>', page, re.S).group(0)
    assert "Phòng Nội vụ" in row  # which obligation it is about
    assert "in_progress" not in row and "not_started" not in row  # codes shown as their labels
    assert "10/04/2026" in row
    # The ward reads the plan (it supports the task) but not the office's progress.
    ward_page = _get(client, cast.ward_member, task)
    assert 'data-testid="history-row"' not in ward_page
    assert ward_page.count('data-testid="obligation-row"') == 1


def test_plan_page_links_each_task_title(client, cast, task):
    client.force_login(cast.viewer)
    page = client.get(reverse("plans:detail", args=[cast.plan.pk])).content.decode()
    assert f'href="{_url(task)}"' in page
    assert page.count('data-testid="task-link"') == 2

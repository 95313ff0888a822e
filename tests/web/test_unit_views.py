"""Unit page: a unit's tasks across plans, by deadline, with role badges; access; export."""

import pytest
from django.urls import reverse
from plans.builders import Cast, make_plan

from cchc.plans.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast(n_tasks=4)


def test_anonymous_is_sent_to_login(client, cast):
    for name in ("units:detail", "units:export"):
        response = client.get(reverse(name, args=[cast.office.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["owner", "leader", "parent_leader", "viewer"])
def test_readers_see_the_units_tasks(client, cast, who):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("units:detail", args=[cast.office.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="task-row"') == 4
    assert client.get(reverse("units:export", args=[cast.office.pk])).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "ward_member"])
def test_units_outside_ones_reach_are_404(client, cast, who):
    client.force_login(getattr(cast, who))
    for name in ("units:detail", "units:export"):
        assert client.get(reverse(name, args=[cast.office.pk])).status_code == 404


def test_tasks_across_plans_by_deadline_with_roles(client, cast):
    second = make_plan(cast.district, n_tasks=3, support=cast.office, year=2025, number="5/KH-UBND")
    Task.objects.filter(plan=second, code="3").update(due=None, deadline_kind="continuous")
    hidden = make_plan(cast.elsewhere, n_tasks=2, lead=cast.elsewhere)
    client.force_login(cast.owner)
    page = client.get(reverse("units:detail", args=[cast.office.pk])).content.decode()
    rows = page.split('data-testid="task-row"')[1:]
    assert len(rows) == 7
    assert f'data-task-id="{hidden.tasks.first().pk}"' not in page
    # By due date (the 2025 plan's tasks first), the task without one last.
    assert "31/01/2025" in rows[0] and 'data-testid="role-support"' in rows[0]
    assert "31/01/2026" in rows[2] and 'data-testid="role-lead"' in rows[2]
    assert "5/KH-UBND" in rows[-1]
    assert page.count('data-testid="role-lead"') == 4
    assert page.count('data-testid="role-support"') == 3


def test_unit_page_queries_do_not_grow(client, cast, django_assert_num_queries):
    client.force_login(cast.owner)
    url = reverse("units:detail", args=[cast.office.pk])
    with django_assert_num_queries(10):
        client.get(url)
    make_plan(cast.district, n_tasks=120, lead=cast.office, year=2025)
    with django_assert_num_queries(10):
        response = client.get(url)
    # 124 tasks: a first page of 100, the rest on the second.
    assert response.content.decode().count('data-testid="task-row"') == 100
    second = client.get(url, {"trang": 2}).content.decode()
    assert second.count('data-testid="task-row"') == 24
    assert 'data-testid="page-previous"' in second

"""Plan pages: access for each kind of person, filters, HTMX fragment, formats, query counts, edits."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from plans.builders import Cast, make_plan

from cchc.plans.edits import STALE_TASK_MESSAGE
from cchc.plans.models import Assignment, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast(n_tasks=12)


def _urls(cast):
    plan = cast.plan
    task = plan.tasks.order_by("position").first()
    target = plan.targets.order_by("position").first()
    read = [
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:export_tasks", args=[plan.pk]),
    ]
    write = [reverse("plans:task_edit", args=[task.pk]), reverse("plans:target_edit", args=[target.pk])]
    return read, write


def test_urls_keep_their_paths(cast):
    assert reverse("plans:list") == "/ke-hoach/"
    assert reverse("plans:detail", args=[7]) == "/ke-hoach/7/"
    assert reverse("plans:export_tasks", args=[7]) == "/ke-hoach/7/xuat-excel/"
    assert reverse("plans:task_edit", args=[7]) == "/ke-hoach/nhiem-vu/7/sua/"


def test_anonymous_is_sent_to_login(client, cast):
    read, write = _urls(cast)
    for url in [reverse("plans:list"), reverse("plans:export_list"), *read, *write]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("who", ["owner", "leader", "parent_leader", "viewer"])
def test_readers_see_the_plan(client, cast, who):
    read, _write = _urls(cast)
    client.force_login(getattr(cast, who))
    for url in read:
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("plans:list")).content.decode()
    assert listing.count('data-testid="plan-row"') == 1


@pytest.mark.parametrize("who", ["owner", "leader", "parent_leader"])
def test_editors_open_edit_forms(client, cast, who):
    _read, write = _urls(cast)
    client.force_login(getattr(cast, who))
    for url in write:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("plans:detail", args=[cast.plan.pk])).content.decode()
    assert 'data-testid="task-edit"' in page


def test_viewer_reads_but_cannot_edit(client, cast):
    _read, write = _urls(cast)
    client.force_login(cast.viewer)
    for url in write:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    page = client.get(reverse("plans:detail", args=[cast.plan.pk])).content.decode()
    assert 'data-testid="task-edit"' not in page
    assert 'data-testid="target-edit"' not in page


def test_a_unit_assigned_in_the_plan_reads_it_but_cannot_edit(client, cast):
    read, write = _urls(cast)
    client.force_login(cast.ward_member)
    for url in read:
        assert client.get(url).status_code == 200, url
    for url in write:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["outsider", "other_ward_member"])
def test_outsiders_get_404(client, cast, who):
    read, write = _urls(cast)
    client.force_login(getattr(cast, who))
    for url in [*read, *write]:
        assert client.get(url).status_code == 404, url
    assert f'data-plan-id="{cast.plan.pk}"' not in client.get(reverse("plans:list")).content.decode()


def test_list_shows_counts_level_and_filters(client, cast):
    make_plan(cast.office, n_tasks=4, n_targets=1, year=2025, number="3/KH-PNV")
    client.force_login(cast.parent_leader)
    page = client.get(reverse("plans:list")).content.decode()
    assert page.count('data-testid="plan-row"') == 2
    assert '<td class="num" data-testid="plan-task-count">12</td>' in page
    assert str(cast.district.get_kind_display()) in page
    page = client.get(reverse("plans:list"), {"year": 2025}).content.decode()
    assert page.count('data-testid="plan-row"') == 1 and "3/KH-PNV" in page
    page = client.get(reverse("plans:list"), {"issuer": cast.district.pk}).content.decode()
    assert page.count('data-testid="plan-row"') == 1 and "19/KH-UBND" in page
    # A value that is not a choice is ignored rather than failing the page.
    assert client.get(reverse("plans:list"), {"year": "abc"}).status_code == 200


def _rows(response) -> int:
    return response.content.decode().count('data-testid="task-row"')


def test_filters_change_the_rows(client, cast):
    plan = cast.plan
    first = plan.tasks.get(code="1")
    Assignment.objects.filter(task=first, role="lead").update(unit=cast.ward)
    Task.objects.filter(plan=plan, code="2").update(
        deadline_kind="continuous", due=None, deadline_text="Thường xuyên"
    )
    Task.objects.filter(plan=plan, code="5").update(title="Số hóa hồ sơ ĐẤT ĐAI")
    client.force_login(cast.owner)
    url = reverse("plans:detail", args=[plan.pk])
    assert _rows(client.get(url)) == 12
    assert _rows(client.get(url, {"lead_unit": cast.ward.pk})) == 1
    assert _rows(client.get(url, {"lead_unit": cast.office.pk})) == 11
    assert _rows(client.get(url, {"month": 3})) == 1
    assert _rows(client.get(url, {"quarter": 4})) == 3
    assert _rows(client.get(url, {"deadline_kind": "continuous"})) == 1
    assert _rows(client.get(url, {"q": "dat dai"})) == 1
    assert _rows(client.get(url, {"q": "đất đai", "quarter": 2})) == 1
    assert _rows(client.get(url, {"q": "đất đai", "quarter": 1})) == 0
    # The lead-unit choices are the plan's lead units only.
    page = client.get(url).content.decode()
    select = page.split('name="lead_unit"')[1].split("</select>")[0]
    assert select.count("<option") == 3  # "all units", the office and the ward
    assert cast.ward.name in select and cast.office.name in select and cast.district.name not in select


def test_htmx_request_returns_only_the_table(client, cast):
    client.force_login(cast.owner)
    url = reverse("plans:detail", args=[cast.plan.pk])
    response = client.get(url, {"quarter": 1}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="task-table"')
    assert "<html" not in body and 'data-testid="plan-header"' not in body
    assert _rows(response) == 3
    # The export link inside the fragment keeps the filters.
    assert reverse("plans:export_tasks", args=[cast.plan.pk]) + "?quarter=1" in body
    assert "HX-Request" in response["Vary"]
    full = client.get(url, {"quarter": 1})
    assert "<html" in full.content.decode() and 'hx-push-url="true"' in full.content.decode()


def test_vietnamese_formats(client, cast):
    client.force_login(cast.owner)
    with translation.override("vi"):
        page = client.get(
            reverse("plans:detail", args=[cast.plan.pk]), HTTP_ACCEPT_LANGUAGE="vi"
        ).content.decode()
    assert "15/01/2026" in page  # issued on
    assert "31/01/2026" in page  # a due date
    assert "≥ 98,5 %" in page and "≥ 100 %" in page
    assert "98.5" not in page and "98,5000" not in page


def test_plan_page_queries_do_not_grow_with_tasks(client, django_assert_num_queries):
    small, big = Cast(n_tasks=10), None
    client.force_login(small.owner)
    url = reverse("plans:detail", args=[small.plan.pk])
    client.get(url)
    # 16 with the plan's versions and its withdrawn tasks (one query each).
    with django_assert_num_queries(16):
        assert _rows(client.get(url)) == 10
    big = make_plan(
        small.district, n_tasks=300, n_sections=8, n_targets=10, lead=small.office, support=small.ward
    )
    url = reverse("plans:detail", args=[big.pk])
    with django_assert_num_queries(16):
        assert _rows(client.get(url)) == 300
    # The fragment skips targets and reporting; a chosen lead unit costs one look-up.
    with django_assert_num_queries(11):
        response = client.get(
            url, {"q": "nhiem vu", "lead_unit": small.office.pk}, headers={"HX-Request": "true"}
        )
    assert _rows(response) == 300


def test_plan_list_queries_do_not_grow_with_plans(client, cast, django_assert_num_queries):
    client.force_login(cast.parent_leader)
    url = reverse("plans:list")
    with django_assert_num_queries(11):
        client.get(url)
    for year in range(2010, 2030):
        make_plan(cast.office, n_tasks=3, year=year)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.content.decode().count('data-testid="plan-row"') == 21


def _task_post(task, **overrides):
    data = {
        "version": task.version,
        "code": task.code,
        "title": task.title,
        "products": "\n".join(task.products),
        "deadline_text": task.deadline_text,
        "due": task.due.strftime("%d/%m/%Y") if task.due else "",
        "units-TOTAL_FORMS": "2",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "60",
        "units-0-role": "lead",
        "units-0-wording": "Phòng Nội vụ",
        "units-0-unit": "",
        "units-1-role": "support",
        "units-1-wording": "",
        "units-1-unit": "",
    }
    data.update(overrides)
    return data


def test_edit_task_saves_and_rederives_deadline(client, cast):
    task = cast.plan.tasks.get(code="1")
    client.force_login(cast.owner)
    url = reverse("plans:task_edit", args=[task.pk])
    data = _task_post(
        task, title="Nhiệm vụ đã sửa", deadline_text="Quý II năm 2026", **{"units-0-unit": cast.office.pk}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/ke-hoach/{cast.plan.pk}/#task-{task.pk}")
    task.refresh_from_db()
    assert (task.title, task.due, task.version) == ("Nhiệm vụ đã sửa", date(2026, 6, 30), 2)
    assert list(task.assignments.values_list("role", "wording", "unit")) == [
        ("lead", "Phòng Nội vụ", cast.office.pk)
    ]


def test_edit_task_rejects_an_impossible_date(client, cast):
    task = cast.plan.tasks.get(code="1")
    client.force_login(cast.owner)
    response = client.post(reverse("plans:task_edit", args=[task.pk]), _task_post(task, due="31/02/2026"))
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.content.decode()
    task.refresh_from_db()
    assert task.version == 1


def test_stale_task_edit_shows_the_error_and_keeps_newer_data(client, cast):
    task = cast.plan.tasks.get(code="1")
    stale = _task_post(task, title="Bản cũ")
    client.force_login(cast.leader)
    assert (
        client.post(reverse("plans:task_edit", args=[task.pk]), _task_post(task, title="Bản mới")).status_code
        == 302
    )
    client.force_login(cast.owner)
    with translation.override("vi"):
        response = client.post(reverse("plans:task_edit", args=[task.pk]), stale, HTTP_ACCEPT_LANGUAGE="vi")
        message = str(STALE_TASK_MESSAGE)
    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="stale-error"' in body and message in body
    assert "Bản mới" in body  # the form now shows the newer version
    task.refresh_from_db()
    assert (task.title, task.version) == ("Bản mới", 2)


def test_edit_target(client, cast):
    target = cast.plan.targets.order_by("position").first()
    client.force_login(cast.owner)
    url = reverse("plans:target_edit", args=[target.pk])
    form_page = client.get(url).content.decode()
    assert 'value="98,5"' in form_page
    fingerprint = form_page.split('name="fingerprint" value="')[1].split('"')[0]
    data = {
        "fingerprint": fingerprint,
        "code": "T1",
        "text": target.text,
        "indicator": target.indicator,
        "op": ">=",
        "value": "99,5",
        "unit_label": "%",
        "base_year": "",
        "implied_value": "",
        "scope": "",
    }
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("99.5")
    response = client.post(url, {**data, "value": "97"})  # the old fingerprint again
    assert response.status_code == 409
    target.refresh_from_db()
    assert target.value == Decimal("99.5")


def test_nav_links(client, cast):
    client.force_login(cast.owner)
    page = client.get(reverse("plans:list")).content.decode()
    assert 'data-testid="nav-plans"' in page

"""Plan progress page: figures by section and unit, the chart's data, the ranking, the
exports, access and query counts. Today is Wednesday 15/04/2026 (tests/conftest.py)."""

import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from factories import make_unit
from openpyxl import load_workbook
from tracking.builders import TrackingCast, make_obligation

from cchc.org.models import Unit
from cchc.tracking.models import Obligation

pytestmark = pytest.mark.django_db

S = Obligation.Status


@pytest.fixture
def cast():
    """Six tasks due 31/01 … 30/06 (odd codes in section 1, even in section 2); the office
    leads all, the ward supports all (TrackingCast). Set here: the office's 1 done, 2 done
    late, 5 could not be done; 3 (31/03) is overdue, 4 and 6 are not due yet. Another ward
    leads 1 (done) and 2 (overdue)."""
    cast = TrackingCast(n_tasks=6)
    for index, status in ((0, S.DONE), (1, S.DONE_LATE), (4, S.NOT_DONE)):
        Obligation.objects.filter(pk=cast.lead_obligations[index].pk).update(status=status)
    Obligation.objects.filter(pk=cast.support_obligations[0].pk).update(status=S.DONE)
    make_obligation(cast.tasks[0], cast.other_ward, due=cast.tasks[0].due, status=S.DONE)
    make_obligation(cast.tasks[1], cast.other_ward, due=cast.tasks[1].due)
    return cast


def _urls(plan):
    return [
        reverse(name, args=[plan.pk])
        for name in ("plans:progress", "plans:export_progress", "plans:export_ranking")
    ]


def _row(page: str, testid: str, label: str) -> str:
    table = page[page.index(f'data-testid="{testid}"') :]
    table = table[: table.index("</table>")]
    start = table.index(f'data-testid="row-label">{label}<')
    return table[start : table.index("</tr>", start)]


def test_urls_keep_their_paths():
    assert reverse("plans:progress", args=[7]) == "/ke-hoach/7/tien-do/"
    assert reverse("plans:export_progress", args=[7]) == "/ke-hoach/7/tien-do/xuat-excel/"
    assert reverse("plans:export_ranking", args=[7]) == "/ke-hoach/7/xep-hang/xuat-excel/"


def test_anonymous_is_sent_to_login(client, cast):
    for url in _urls(cast.plan):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize(
    "who", ["office_specialist", "office_viewer", "leader", "parent_leader", "ward_leader"]
)
def test_readers_of_the_plan_see_progress(client, cast, who):
    client.force_login(getattr(cast, who))
    for url in _urls(cast.plan):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["outsider", "other_ward_member"])
def test_outsiders_get_404_everywhere(client, cast, who):
    client.force_login(getattr(cast, who))
    for url in _urls(cast.plan):
        assert client.get(url).status_code == 404, url


def test_figures_by_unit_and_section(client, cast):
    client.force_login(cast.leader)
    with translation.override("vi"):
        page = client.get(reverse("plans:progress", args=[cast.plan.pk])).content.decode()
    # Office: 6 obligations, 1 on time, 1 late, 1 overdue → 16,7 % each.
    office = _row(page, "progress-by-unit", cast.office.name)
    assert 'data-testid="row-total">6<' in office
    for testid in ("row-pct-on-time", "row-pct-late", "row-pct-overdue"):
        assert f'data-testid="{testid}">16,7 %<' in office
    other = _row(page, "progress-by-unit", cast.other_ward.name)
    assert 'data-testid="row-pct-on-time">50 %<' in other and 'data-testid="row-pct-overdue">50 %<' in other
    # Section 1 (tasks 1, 3, 5): 1 done on time by each lead unit, 3 overdue, 5 not done.
    first = _row(page, "progress-by-section", "Nhóm nhiệm vụ 1")
    assert 'data-testid="row-total">4<' in first and 'data-testid="row-pct-on-time">50 %<' in first
    assert 'data-testid="row-pct-late">0 %<' in first and 'data-testid="row-pct-overdue">25 %<' in first
    # The whole plan: 8 lead obligations, 2 on time, 1 late, 2 overdue.
    totals = page[page.index('data-testid="plan-totals"') :]
    assert 'data-testid="total">8<' in totals and 'data-testid="total-on-time">25 %<' in totals
    assert 'data-testid="total-late">12,5 %<' in totals and 'data-testid="total-overdue">25 %<' in totals
    # Support: the ward, 6 obligations, 1 done; listed apart, marked as support.
    support = page[page.index('data-testid="support-by-unit"') :]
    assert cast.ward.name in support and "16,7 %" in support
    assert 'data-testid="ranking"' in page and "98.5" not in page


def test_chart_data_and_scripts(client, cast):
    client.force_login(cast.leader)
    page = client.get(reverse("plans:progress", args=[cast.plan.pk])).content.decode()
    raw = re.search(r'<script id="progress-chart-data" type="application/json">(.*?)</script>', page, re.S)
    data = json.loads(raw.group(1))
    assert data["labels"] == [cast.office.name, cast.other_ward.name]
    series = {s["key"]: s["data"] for s in data["series"]}
    assert series == {
        "on_time": [1, 1],
        "late": [1, 0],
        "not_done": [1, 0],
        "overdue": [1, 1],
        "open": [2, 0],
    }
    assert "vendor/chartjs/chart.umd.min.js" in page and "web/progress-chart.js" in page
    # The same figures are in a table, for readers without JavaScript.
    assert 'data-testid="progress-by-unit"' in page


def test_ranking_on_the_page(client, cast):
    # The other ward: 2 due, 1 on time (50 %); the office: 3 due by today (31/01, 28/02,
    # 31/03), 1 on time (33,3 %); a third unit with nothing due yet comes last, unranked.
    later = make_unit("Phòng Văn hóa", kind=Unit.Kind.DEPARTMENT, parent=cast.district)
    make_obligation(cast.tasks[5], later, due=cast.tasks[5].due)
    client.force_login(cast.office_specialist)
    with translation.override("vi"):
        page = client.get(reverse("plans:progress", args=[cast.plan.pk])).content.decode()
    table = page[
        page.index('data-testid="ranking"') : page.index("</table>", page.index('data-testid="ranking"'))
    ]
    units = re.findall(r'data-testid="rank-unit">([^<]+)<', table)
    assert units == [cast.other_ward.name, cast.office.name, "Phòng Văn hóa"]
    assert re.findall(r'data-testid="rank">([^<]+)<', table) == ["1", "2", "—"]
    assert re.findall(r'data-testid="rank-rate">([^<]+)<', table)[:2] == ["50 %", "33,3 %"]
    assert reverse("plans:export_ranking", args=[cast.plan.pk]) in page
    assert reverse("plans:export_progress", args=[cast.plan.pk]) in page


def test_a_plan_without_obligations(client, cast):
    client.force_login(cast.leader)
    Obligation.objects.all().delete()
    page = client.get(reverse("plans:progress", args=[cast.plan.pk])).content.decode()
    assert 'data-testid="empty"' in page and 'data-testid="ranking-empty"' in page
    assert "progress-chart-data" not in page


def _book(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def test_export_progress_sheets(client, cast):
    client.force_login(cast.leader)
    response = client.get(reverse("plans:export_progress", args=[cast.plan.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-19-KH-UBND-tien-do.xlsx"'
    book = _book(response)
    with translation.override("vi"):
        titles = [gettext("By section"), gettext("By unit"), gettext("Supporting units")]
    assert book.sheetnames == titles
    sections = list(book.worksheets[0].iter_rows(values_only=True))
    # Code, section, total, on time, %, late, %, not done, overdue, %, open; then the totals.
    assert sections[1][:11] == ("1", "Nhóm nhiệm vụ 1", 4, 2, 50, 0, 0, 1, 1, 25, 0)
    assert sections[2][:11] == ("2", "Nhóm nhiệm vụ 2", 4, 0, 0, 1, 25, 0, 1, 25, 2)
    assert sections[3][2:5] == (8, 2, 25)
    units = list(book.worksheets[1].iter_rows(values_only=True))
    assert units[1][:10] == (cast.office.name, 6, 1, 16.7, 1, 16.7, 1, 1, 16.7, 2)
    assert book.worksheets[1]["D2"].number_format == '0.0##" %"'
    support = list(book.worksheets[2].iter_rows(values_only=True))
    assert support[1] == (cast.ward.name, 6, 1, 16.7, 2)


def test_export_ranking(client, cast):
    client.force_login(cast.leader)
    response = client.get(reverse("plans:export_ranking", args=[cast.plan.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-19-KH-UBND-xep-hang.xlsx"'
    rows = list(_book(response).worksheets[0].iter_rows(values_only=True))
    # Rank, unit, due by today, on time, rate, overdue, all.
    assert rows[1] == (1, cast.other_ward.name, 2, 1, 50, 1, 2)
    assert rows[2] == (2, cast.office.name, 3, 1, 33.3, 1, 6)


def test_queries_do_not_grow_with_obligations_or_units(client, cast, django_assert_num_queries):
    client.force_login(cast.leader)
    url = reverse("plans:progress", args=[cast.plan.pk])
    client.get(url)
    with django_assert_num_queries(11) as captured:
        client.get(url)
    baseline = len(captured)
    for n in range(8):
        unit = make_unit(f"Ủy ban nhân dân xã số {n}", kind=Unit.Kind.COMMUNE, parent=cast.district)
        for task in cast.tasks:
            make_obligation(task, unit, due=task.due, status=S.DONE if n % 2 else S.NOT_STARTED)
    with django_assert_num_queries(baseline):
        page = client.get(url).content.decode()
    assert page.count('data-testid="rank-row"') == 10
    # The exports: the same gate, without the page's extras (and the ranking alone is one query).
    progress_export, ranking_export = _urls(cast.plan)[1:]
    with django_assert_num_queries(baseline - 2):
        client.get(progress_export)
    with django_assert_num_queries(baseline - 5):
        client.get(ranking_export)

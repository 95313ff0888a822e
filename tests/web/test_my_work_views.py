""" "Việc của tôi": buckets with counts, badges, the unit picker and its gate, the export,
query counts. Today is Wednesday 15/04/2026 (tests/conftest.py)."""

import io
import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from factories import UserFactory
from openpyxl import load_workbook
from tracking.builders import TrackingCast, make_obligation

from cchc.tracking import selectors
from cchc.tracking.models import Obligation
from cchc.web.views.my_work import bucket_labels

pytestmark = pytest.mark.django_db

URL = reverse("tracking:my_work")
EXPORT = reverse("tracking:export_my_work")


@pytest.fixture
def cast():
    """Six tasks due 31/01 … 30/06: the office leads, the ward supports (TrackingCast).

    Changed here: task 4's obligations are due 22/04 (due soon) and the office has closed
    task 1 (done, awaiting approval). So the office has overdue 2 (28/02, 31/03), due soon 1,
    open 2 (31/05, 30/06), done 1."""
    cast = TrackingCast(n_tasks=6)
    Obligation.objects.filter(task=cast.tasks[3]).update(due=date(2026, 4, 22))
    Obligation.objects.filter(pk=cast.lead_obligations[0].pk).update(
        status=Obligation.Status.DONE, review=Obligation.Review.PENDING, completed_on=date(2026, 1, 30)
    )
    return cast


def _section(page: str, slug: str) -> str:
    start = page.index(f'data-testid="bucket-{slug}"')
    return page[start : page.index("</section>", start)]


def _count(page: str, slug: str) -> int:
    return int(re.search(rf'data-testid="bucket-{slug}" data-count="(\d+)"', page).group(1))


def test_urls_keep_their_paths():
    assert URL == "/theo-doi/viec-cua-toi/"
    assert EXPORT == "/theo-doi/viec-cua-toi/xuat-excel/"


def test_anonymous_is_sent_to_login(client):
    for url in (URL, EXPORT, f"{URL}?unit=1"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_four_buckets_with_counts_and_rows(client, cast):
    client.force_login(cast.office_specialist)
    page = client.get(URL).content.decode()
    assert cast.office.name in page
    counts = {slug: _count(page, slug) for slug in ("overdue", "due-soon", "open", "done")}
    assert counts == {"overdue": 2, "due-soon": 1, "open": 2, "done": 1}
    assert page.count('data-testid="obligation-row"') == 6
    overdue = _section(page, "overdue")
    # Oldest first, with the working days late (31/03 → 11, 28/02 → 33 on 15/04).
    assert overdue.index("28/02/2026") < overdue.index("31/03/2026")
    assert 'data-testid="overdue-days">33 ' in overdue and 'data-testid="overdue-days">11 ' in overdue
    assert "22/04/2026" in _section(page, "due-soon")
    link = reverse("tracking:obligation", args=[cast.lead_obligations[1].pk])
    assert f'href="{link}"' in overdue
    done = _section(page, "done")
    assert 'data-testid="badge-pending"' in done and "30/01/2026" in done
    # The office leads: no support badge anywhere.
    assert 'data-testid="badge-support"' not in page


def test_support_obligations_are_marked(client, cast):
    client.force_login(cast.ward_leader)
    page = client.get(URL).content.decode()
    assert cast.ward.name in page
    assert page.count('data-testid="obligation-row"') == 6
    assert page.count('data-testid="badge-support"') == 6


def test_empty_states(client, cast):
    client.force_login(cast.outsider)
    page = client.get(URL).content.decode()
    assert 'data-testid="empty"' in page and 'data-testid="obligation-row"' not in page
    client.force_login(UserFactory())
    page = client.get(URL).content.decode()
    assert 'data-testid="empty"' in page and 'data-testid="unit-picker"' not in page
    assert client.get(EXPORT).status_code == 200


def test_a_big_bucket_is_capped_with_a_note(client, cast, monkeypatch):
    monkeypatch.setattr(selectors, "MY_WORK_LIMIT", 1)
    client.force_login(cast.office_specialist)
    page = client.get(URL).content.decode()
    assert _count(page, "overdue") == 2
    assert _section(page, "overdue").count('data-testid="obligation-row"') == 1
    assert 'data-testid="bucket-hidden"' in _section(page, "overdue")
    assert 'data-testid="bucket-hidden"' not in _section(page, "done")


def test_unit_picker_lists_memberships_and_switches_unit(client, cast):
    from cchc.org.services import set_membership

    set_membership(user=cast.office_specialist, unit=cast.ward, role="viewer")
    client.force_login(cast.office_specialist)
    page = client.get(URL).content.decode()
    picker = page[page.index('data-testid="unit-picker"') : page.index("</form>", page.index("unit-picker"))]
    assert cast.office.name in picker and cast.ward.name in picker
    page = client.get(URL, {"unit": cast.ward.pk}).content.decode()
    assert page.count('data-testid="badge-support"') == 6
    assert f'href="{EXPORT}?unit={cast.ward.pk}"' in page


def test_a_leader_above_opens_a_unit_below(client, cast):
    client.force_login(cast.leader)  # leader of the district, above the office
    page = client.get(URL, {"unit": cast.office.pk}).content.decode()
    assert _count(page, "overdue") == 2
    picker = page[page.index('data-testid="unit-picker"') :]
    assert f'value="{cast.office.pk}" selected' in picker


@pytest.mark.parametrize("unit", ["ward", "elsewhere", "missing", "garbage"])
def test_a_unit_the_user_cannot_read_is_404(client, cast, unit):
    value = {"ward": cast.ward.pk, "elsewhere": cast.elsewhere.pk, "missing": 999999, "garbage": "abc"}[unit]
    client.force_login(cast.office_specialist)
    assert client.get(URL, {"unit": value}).status_code == 404
    assert client.get(EXPORT, {"unit": value}).status_code == 404


def test_outsider_cannot_read_the_office(client, cast):
    client.force_login(cast.outsider)
    for url in (URL, EXPORT):
        assert client.get(url, {"unit": cast.office.pk}).status_code == 404


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def test_export_lists_every_obligation_bucket_by_bucket(client, cast, monkeypatch):
    monkeypatch.setattr(selectors, "MY_WORK_LIMIT", 1)  # the page is capped, the export is not
    client.force_login(cast.office_specialist)
    response = client.get(EXPORT)
    assert response["Content-Disposition"] == 'attachment; filename="viec-cua-toi-Phong-Noi-vu.xlsx"'
    (sheet,) = load_workbook(io.BytesIO(response.content)).worksheets
    rows = list(sheet.iter_rows(values_only=True))
    heading, body = rows[0], rows[1:]
    assert len(body) == 6
    with translation.override("vi"):
        labels = bucket_labels()
        assert heading[6] == gettext("Due date")
    states = ["overdue", "overdue", "due_soon", "open", "open", "done"]
    assert [r[0] for r in body] == [labels[s] for s in states]
    first = body[0]
    assert _as_date(first[6]) == date(2026, 2, 28) and first[7] == 33
    assert first[3] == "2" and first[4] == "Nhiệm vụ số 2" and first[2] == "19/KH-UBND"
    assert sheet["G2"].number_format == "dd/mm/yyyy"
    last = body[-1]
    assert _as_date(last[10]) == date(2026, 1, 30) and last[7] is None


def test_queries_do_not_grow_with_obligations(client, cast, django_assert_num_queries):
    client.force_login(cast.office_specialist)
    client.get(URL)
    with django_assert_num_queries(11) as captured:
        client.get(URL)
    baseline = len(captured)
    for i in range(1, 13):
        for task in cast.tasks:
            make_obligation(task, cast.office, due=date(2026, i, 10), period=f"M{i:02d}")
    with django_assert_num_queries(baseline):
        page = client.get(URL).content.decode()
    assert page.count('data-testid="obligation-row"') == 6 + 72
    with django_assert_num_queries(10):
        client.get(EXPORT)

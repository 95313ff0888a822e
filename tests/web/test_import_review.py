"""The review page at a big plan's size: what it weighs, what one change sends back, and the
tasks and unit names a person opens (in place with HTMX, by loading the page without it)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from plans.import_support import big_draft, load_demo_tree, specialist_of

from cchc.org.models import Unit

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE_LIMIT = 400_000  # bytes: the review page of a 300-task plan
ANSWER_LIMIT = 30_000  # bytes: the answer to mapping one unit name
UNMATCHED = "Các đơn vị sự nghiệp công lập"  # seed 000 names it; Quận 11 has no such unit
UNMATCHED_SLUG = "cac-don-vi-su-nghiep-cong-lap"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def user():
    load_demo_tree()  # the demo's tree: Quận 11 with its 30 units, beside Quận 10 and the city's
    return specialist_of(Unit.objects.get(code="q11"))


@pytest.fixture
def big(user):
    return big_draft(user=user, n_tasks=300)


@pytest.fixture
def client_in(client, user):
    client.force_login(user)
    return client


def review_url(draft, query: str = "") -> str:
    return reverse("imports:review", args=[draft.pk]) + query


def uses(draft, wording: str) -> int:
    """How many times the tasks name `wording` (as lead or support)."""
    return sum(
        (task.get("lead", []) + task.get("support", [])).count(wording) for task in draft.payload["tasks"]
    )


def unit_row(page: str, slug: str) -> str:
    return re.search(rf'<li id="unit-{slug}".*?</li>', page, re.S).group(0)


def test_a_300_task_review_page_weighs_under_400_kb(client_in, big):
    response = client_in.get(review_url(big))
    print(f"review page, 300 tasks: {len(response.content)} bytes")
    assert len(response.content) < PAGE_LIMIT
    page = response.content.decode()
    # Every task is there, as text with its units as chips; its number opens it.
    assert page.count('data-testid="task-row-') == page.count('<a class="open-task" href="?nhiem-vu=') == 300
    assert page.count('data-testid="chip-phong-noi-vu" data-status="matched"') == uses(big, "Phòng Nội vụ")
    # Quận 11's units are sent once, for every unit name's list.
    assert page.count('<template id="unit-choices">') == 1
    assert page.count('data-more="unit-choices"') == page.count('<li id="unit-') > 10


def test_mapping_a_name_answers_with_only_what_changed(client_in, big):
    offices = Unit.objects.get(code="q11-cac-phong-ban")
    before = client_in.get(review_url(big)).content.decode()
    assert f'data-testid="unit-mapping-{UNMATCHED_SLUG}" data-status="unmatched"' in before

    answer = client_in.post(
        reverse("imports:map_unit", args=[big.pk]),
        {"action": "map", "wording": UNMATCHED, "unit": offices.pk},
        **HTMX,
    )
    print(f"map-unit answer: {len(answer.content)} bytes")
    assert len(answer.content) < ANSWER_LIMIT
    fragment = answer.content.decode()
    # The name's row, the counts above the rows, and its chip, swapped into every cell naming it.
    assert fragment.count('<li id="unit-') == 1
    assert f'data-testid="unit-mapping-{UNMATCHED_SLUG}" data-status="matched" hx-swap-oob="true"' in fragment
    assert (
        f'<a href="#unit-{UNMATCHED_SLUG}" data-testid="chip-{UNMATCHED_SLUG}" data-status="matched" '
        f'title="{html.escape(offices.name)}" '
        f'hx-swap-oob="outerHTML:#tasks [data-testid=&quot;chip-{UNMATCHED_SLUG}&quot;]">{UNMATCHED}</a>'
    ) in fragment
    assert '<p class="muted" id="unit-counts" hx-swap-oob="true">' in fragment
    assert "<tr" not in fragment and 'id="tasks"' not in fragment

    after = client_in.get(review_url(big)).content.decode()
    matched_chip = f'data-testid="chip-{UNMATCHED_SLUG}" data-status="matched"'
    assert after.count(matched_chip) == uses(big, UNMATCHED) > 1


def test_a_task_opens_in_place_with_its_source_and_saves_its_cells(client_in, big):
    answer = client_in.get(review_url(big, "?nhiem-vu=70"), **HTMX)
    fragment = answer.content.decode()
    assert fragment.count("<tr") == 1
    assert '<tr id="task-70" class="task-open" data-testid="task-row-70" hx-swap-oob="true">' in fragment
    assert '<textarea name="task-70-title" rows="3">' in fragment
    assert 'data-testid="task-70-excerpt"' in fragment
    assert html.escape(big.payload["tasks"][70]["excerpt"][:40]) in fragment

    edit = {"cell": "task-70-title", "value": "Nhiệm vụ đã sửa"}
    saved = client_in.post(reverse("imports:update", args=[big.pk]), edit, **HTMX)
    assert 'data-testid="task-70-title-saved"' in saved.content.decode()
    row = re.search(r'<tr id="task-70".*?</tr>', client_in.get(review_url(big)).content.decode()).group(0)
    assert "<td>Nhiệm vụ đã sửa</td>" in row  # shown as text again on the next visit


def test_without_javascript_a_task_opens_by_loading_the_page_with_it_open(client_in, big):
    page = client_in.get(review_url(big, "?nhiem-vu=70")).content.decode()
    assert page.count('class="task-open"') == 1 and '<textarea name="task-70-title"' in page
    assert page.count('data-testid="task-row-') == 300
    assert '<a class="open-task" href="?nhiem-vu=71#task-71">' in page


def test_a_unit_name_opens_with_every_unit_and_the_form_for_a_new_one(client_in, big):
    health = Unit.objects.get(code="q11-pyt")  # one of Quận 11's units, no candidate for the name
    closed = unit_row(client_in.get(review_url(big)).content.decode(), UNMATCHED_SLUG)
    assert f'<option value="{health.pk}">' not in closed and 'data-testid="unit-create"' not in closed
    assert f'href="?don-vi={UNMATCHED_SLUG}#unit-{UNMATCHED_SLUG}"' in closed

    opened_url = review_url(big, f"?don-vi={UNMATCHED_SLUG}")
    opened = unit_row(client_in.get(opened_url).content.decode(), UNMATCHED_SLUG)
    assert f'<option value="{health.pk}">' in opened and 'data-testid="unit-create"' in opened

    answer = client_in.get(opened_url, **HTMX).content.decode()
    assert answer.count('<li id="unit-') == 1 and 'hx-swap-oob="true"' in answer
    assert f'<option value="{health.pk}">' in answer and 'data-testid="unit-create"' in answer

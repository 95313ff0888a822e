"""New versions of a plan on the pages: the review shows the diff and asks for decisions, the
plan page lists its versions with their files."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from factories import make_member
from plans.import_support import make_tree, seed_bytes, specialist_of
from plans.version_support import CORRECTED_CODE, CORRECTED_TITLE, SEED_TITLE, corrected_seed

from cchc.plans import drafts
from cchc.plans.models import ImportDraft, Plan, PlanVersion, Task
from cchc.tracking import progress
from cchc.tracking.models import Obligation
from cchc.tracking.plan_changes import confirm_import

pytestmark = pytest.mark.django_db


def vi(msgid: str, **params) -> str:
    """The message as a Vietnamese user sees it, HTML-escaped."""
    with translation.override("vi"):
        text = gettext(msgid)
    return html.escape(text % params if params else text)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tree():
    return make_tree()


@pytest.fixture
def user(tree):
    return specialist_of(tree.q11)


@pytest.fixture
def plan(user):
    draft = drafts.create_draft(user=user, data=seed_bytes(), filename="19-KH-UBND.txt")
    return confirm_import(draft_id=draft.pk, user=user)


@pytest.fixture
def client_of(client):
    def login(person):
        client.force_login(person)
        return client

    return login


def upload(client, data: bytes, name: str = "19-KH-UBND-dinh-chinh.txt") -> ImportDraft:
    response = client.post(reverse("imports:new"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportDraft.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def review_page(client, draft) -> str:
    return client.get(reverse("imports:review", args=[draft.pk])).content.decode()


def record_work(tree, task: Task) -> None:
    obligation = Obligation.objects.filter(task=task, unit=tree.noi_vu).order_by("pk").first()
    progress.record_progress(
        obligation=obligation,
        user=make_member(tree.noi_vu, "specialist"),
        version=obligation.version,
        status=Obligation.Status.IN_PROGRESS,
        account="Đang thực hiện",
    )


def test_the_review_shows_what_the_new_version_changes(client_of, user, plan):
    client = client_of(user)
    page = review_page(client, upload(client, corrected_seed()))

    assert 'data-testid="existing-plan" data-match="number"' in page
    assert vi("Save as version %(n)s of the plan", n=2) in page
    counts = vi("%(added)s added, %(removed)s removed, %(changed)s changed, %(unchanged)s unchanged.",
                added=0, removed=0, changed=1, unchanged=63)  # fmt: skip
    assert counts in page
    edited = plan.tasks.get(code=CORRECTED_CODE)
    assert page.count('data-testid="diff-changed-row"') == 1
    assert f'data-testid="diff-changed-row" data-task-id="{edited.pk}" data-field="title"' in page
    assert f'data-testid="diff-before">{html.escape(SEED_TITLE)}<' in page
    assert f'data-testid="diff-after">{html.escape(CORRECTED_TITLE)}<' in page
    assert 'data-testid="diff-removed"' not in page and 'data-testid="diff-added"' not in page


def test_the_same_file_again_is_an_update_not_a_version(client_of, user, plan):
    client = client_of(user)
    page = review_page(client, upload(client, seed_bytes(), "ban-sao.txt"))
    assert 'data-match="file"' in page
    assert vi("Update the existing plan") in page
    assert 'data-testid="version-note"' not in page


def test_confirming_without_a_decision_is_refused_with_the_reason(client_of, user, plan, tree):
    worked = plan.tasks.get(code="1.3")
    record_work(tree, worked)
    client = client_of(user)
    draft = upload(client, corrected_seed())
    draft.payload["tasks"] = [t for t in draft.payload["tasks"] if t["code"] != "1.3"]
    draft.save(update_fields=["payload"])

    page = review_page(client, draft)
    row = f'data-testid="diff-removed-row" data-task-id="{worked.pk}" class="has-work"'
    assert row in page
    assert f'name="decision-{worked.pk}" value="keep"' in page
    assert f'name="decision-{worked.pk}" value="withdraw"' in page

    response = client.post(reverse("imports:confirm", args=[draft.pk]), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("imports:review", args=[draft.pk])
    assert 'class="msg-error"' in page and "1.3" in page
    assert vi("Keep in the plan") in page
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert plan.tasks.get(code=CORRECTED_CODE).title == SEED_TITLE

    response = client.post(
        reverse("imports:confirm", args=[draft.pk]), {f"decision-{worked.pk}": "withdraw", "note": "Bỏ 1.3"}
    )
    assert response.url == reverse("plans:detail", args=[plan.pk])
    worked.refresh_from_db()
    assert worked.withdrawn_in.note == "Bỏ 1.3"


def test_a_decision_that_is_neither_keep_nor_withdraw_is_refused(client_of, user, plan):
    client = client_of(user)
    draft = upload(client, corrected_seed())
    task = plan.tasks.first()
    response = client.post(
        reverse("imports:confirm", args=[draft.pk]), {f"decision-{task.pk}": "xoa"}, follow=True
    )
    assert vi("Choose to keep or to withdraw each removed task.") in response.content.decode()
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_the_plan_page_lists_its_versions_with_their_files(client_of, user, plan):
    client = client_of(user)
    draft = upload(client, corrected_seed())
    client.post(reverse("imports:confirm", args=[draft.pk]), {"note": "Đính chính nhiệm vụ 1.2"})

    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert page.count('data-testid="version-row"') == 2
    assert page.index('data-number="2"') < page.index('data-number="1"')  # newest first
    assert "Đính chính nhiệm vụ 1.2" in page
    assert (
        vi("%(added)s added, %(removed)s removed, %(changed)s changed", added=0, removed=0, changed=1) in page
    )
    assert "19-KH-UBND-dinh-chinh.txt" in page and ">19-KH-UBND.txt<" in page
    assert Plan.objects.count() == 1 and page.count('data-testid="task-row"') == 64

    for number, data in ((1, seed_bytes()), (2, corrected_seed())):
        response = client.get(reverse("plans:version_file", args=[plan.pk, number]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data
        assert "attachment" in response["Content-Disposition"]
    assert client.get(reverse("plans:version_file", args=[plan.pk, 3])).status_code == 404


def test_a_withdrawn_task_is_listed_apart_and_says_so_on_its_page(client_of, user, plan, tree):
    worked = plan.tasks.get(code="1.3")
    record_work(tree, worked)
    client = client_of(user)
    draft = upload(client, corrected_seed())
    draft.payload["tasks"] = [t for t in draft.payload["tasks"] if t["code"] != "1.3"]
    draft.save(update_fields=["payload"])
    client.post(reverse("imports:confirm", args=[draft.pk]), {f"decision-{worked.pk}": "withdraw"})

    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert page.count('data-testid="task-row"') == 63
    assert page.count('data-testid="withdrawn-task"') == 1 and html.escape(worked.title) in page
    task_page = client.get(reverse("plans:task", args=[worked.pk])).content.decode()
    assert 'data-testid="task-withdrawn"' in task_page
    assert task_page.count('data-testid="obligation-row"') == 1  # the one with work, inactive

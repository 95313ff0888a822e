"""Notifications: the list in words with links to the obligations, unread first in the eye,
the navigation badge, marking read (all, or one), and nobody else's notifications."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from tracking.builders import TrackingCast

from cchc.tracking import notifications
from cchc.tracking.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return TrackingCast(n_tasks=2)


@pytest.fixture
def sent(cast):
    """Three notifications of the office specialist (the newest first on the page) and one of
    the office leader."""
    ob1, ob2 = cast.lead_obligations
    me = cast.office_specialist
    notifications.notify(users=[me], obligation=ob1, kind="overdue", on=date(2026, 4, 14))
    notifications.notify(users=[me], obligation=ob2, kind="due_3", on=date(2026, 4, 15))
    notifications.notify(
        users=[me, cast.office_leader], obligation=ob1, kind="returned", on=date(2026, 4, 15)
    )
    return Notification.objects.filter(user=me)


def _rows(page: str) -> list[str]:
    return re.findall(r'<li class="notification[^"]*".*?</li>', page, re.S)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("tracking:notifications"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_list_in_words_newest_first_with_links(client, cast, sent):
    client.force_login(cast.office_specialist)
    page = client.get(reverse("tracking:notifications")).content.decode()
    rows = _rows(page)
    assert len(rows) == 3
    assert [re.search(r'data-kind="(\w+)"', r).group(1) for r in rows] == ["returned", "due_3", "overdue"]
    assert all('data-unread="1"' in r and "unread" in r for r in rows)
    ob1, ob2 = cast.lead_obligations
    assert "Nhiệm vụ số 2" in rows[1] and "Phòng Nội vụ" in rows[1] and "28/02/2026" in rows[1]
    assert reverse("tracking:obligation", args=[ob2.pk]) in rows[1]
    assert "14/04/2026" in rows[2] and "31/01/2026" in rows[2]
    assert reverse("tracking:obligation", args=[ob1.pk]) in rows[2]
    assert re.search(r'data-testid="unread-badge"[^>]*>3<', page)


def test_nav_badge_on_other_pages(client, cast, sent):
    client.force_login(cast.office_leader)
    page = client.get(reverse("plans:list")).content.decode()
    assert re.search(r'data-testid="unread-badge"[^>]*>1<', page)
    assert 'data-testid="nav-my-work"' in page
    client.force_login(cast.office_viewer)
    page = client.get(reverse("plans:list")).content.decode()
    assert 'data-testid="unread-badge"' not in page and 'data-testid="nav-notifications"' in page


def test_mark_all_read(client, cast, sent):
    client.force_login(cast.office_specialist)
    response = client.post(reverse("tracking:notifications_read"))
    assert response.status_code == 302 and response["Location"] == reverse("tracking:notifications")
    page = client.get(response["Location"]).content.decode()
    assert all('data-unread="0"' in r for r in _rows(page))
    assert 'data-testid="unread-badge"' not in page and 'data-testid="mark-all-read"' not in page
    # The leader's own notification is untouched.
    assert notifications.unread_count(user=cast.office_leader) == 1


def test_mark_one_read_ignores_other_users_ids(client, cast, sent):
    mine = sent.get(kind="due_3")
    theirs = Notification.objects.get(user=cast.office_leader)
    client.force_login(cast.office_specialist)
    client.post(reverse("tracking:notifications_read"), {"id": [mine.pk, theirs.pk, "x"]})
    assert notifications.unread_count(user=cast.office_specialist) == 2
    assert notifications.unread_count(user=cast.office_leader) == 1
    unread = client.get(reverse("tracking:notifications"), {"chua-doc": "1"}).content.decode()
    assert [re.search(r'data-kind="(\w+)"', r).group(1) for r in _rows(unread)] == ["returned", "overdue"]


def test_others_never_see_my_notifications(client, cast, sent):
    client.force_login(cast.outsider)
    page = client.get(reverse("tracking:notifications")).content.decode()
    assert _rows(page) == [] and 'data-testid="no-notifications"' in page


def test_read_functions():
    from factories import UserFactory

    user = UserFactory()
    assert notifications.unread_count(user=user) == 0
    assert list(notifications.notifications_for_user(user=user, unread_only=True)) == []
    assert notifications.mark_read(user=user) == 0


def test_list_queries_do_not_grow(client, cast, sent, django_assert_num_queries):
    client.force_login(cast.office_specialist)
    url = reverse("tracking:notifications")
    client.get(url)
    # Session, user, count, page, unread badge.
    with django_assert_num_queries(5):
        client.get(url)
    for day in range(1, 13):
        notifications.notify(
            users=[cast.office_specialist],
            obligation=cast.lead_obligations[1],
            kind="overdue",
            on=date(2026, 3, day),
        )
    with django_assert_num_queries(5):
        page = client.get(url).content.decode()
    assert len(_rows(page)) == 15

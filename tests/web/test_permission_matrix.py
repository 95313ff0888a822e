"""Every URL of the application × every role: who gets the page, who gets 404, who must log in.

The roles are seen from one unit, the district's Phòng Nội vụ (the office), which leads the
tasks of a plan issued by the district:

* owner: a specialist of the office (does the work, records progress);
* member: the office's leader (approves the office's updates);
* parent_leader: the district's leader (issuing unit: edits the plan, decides extensions);
* viewer: a viewer of the office (reads only);
* outsider: an administrator of another province;
* anonymous.

A new URL fails `test_every_url_is_in_the_matrix` until someone decides who may use it.
POSTs carry no data: an allowed user gets a form error or a redirect, never 404; a refused
one gets 404 whatever the data (the gate runs before the form).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from tracking.builders import TrackingCast

from cchc.plans.models import ImportDraft, PlanVersion
from cchc.tracking.models import Evidence, ExtensionRequest, Notification, Obligation, ProgressUpdate

pytestmark = pytest.mark.django_db

ROLES = ("owner", "member", "parent_leader", "viewer", "outsider", "anonymous")
OK, NOT_FOUND, LOGIN = "ok", 404, "login"
EVERYONE = {role: OK for role in ROLES if role != "anonymous"}
READERS = {**EVERYONE, "outsider": NOT_FOUND}
ISSUER_EDITORS = {**{role: NOT_FOUND for role in EVERYONE}, "parent_leader": OK}
RECORDERS = {**{role: NOT_FOUND for role in EVERYONE}, "owner": OK, "member": OK}
REVIEWERS = {**{role: NOT_FOUND for role in EVERYONE}, "member": OK}

# URL name → (method, object the URL takes, expected outcome per role; anonymous is always LOGIN).
MATRIX = {
    "web:home": ("get", None, EVERYONE),
    "plans:list": ("get", None, EVERYONE),
    "plans:export_list": ("get", None, EVERYONE),
    "plans:detail": ("get", "plan", READERS),
    "plans:export_tasks": ("get", "plan", READERS),
    "plans:version_file": ("get", "version", READERS),
    "plans:progress": ("get", "plan", READERS),
    "plans:export_progress": ("get", "plan", READERS),
    "plans:export_ranking": ("get", "plan", READERS),
    "plans:task": ("get", "task", READERS),
    "plans:task_edit": ("get", "task", ISSUER_EDITORS),
    "plans:target_edit": ("get", "target", ISSUER_EDITORS),
    "imports:new": ("get", None, {**EVERYONE, "viewer": NOT_FOUND}),
    "imports:review": ("get", "draft", ISSUER_EDITORS),
    "imports:status": ("get", "draft", ISSUER_EDITORS),
    "imports:update": ("post", "draft", ISSUER_EDITORS),
    "imports:map_unit": ("post", "draft", ISSUER_EDITORS),
    "imports:confirm": ("post", "draft", ISSUER_EDITORS),
    "units:detail": ("get", "office", READERS),
    "units:export": ("get", "office", READERS),
    "tracking:my_work": ("get", None, EVERYONE),
    "tracking:export_my_work": ("get", None, EVERYONE),
    "tracking:obligation": ("get", "obligation", READERS),
    "tracking:record_progress": ("post", "obligation", RECORDERS),
    "tracking:record_event": ("post", "obligation", {**RECORDERS, "parent_leader": OK}),
    "tracking:request_extension": ("post", "obligation", RECORDERS),
    "tracking:review_update": ("post", "update", REVIEWERS),
    "tracking:decide_extension": ("post", "extension", ISSUER_EDITORS),
    "tracking:evidence": ("get", "evidence", READERS),
    "tracking:notifications": ("get", None, EVERYONE),
    "tracking:notifications_read": ("post", None, EVERYONE),
}
# Django's own pages: authentication, the language switch and the admin site.
NOT_OURS = ("admin", "login", "logout", "set_language")


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return names


def test_every_url_is_in_the_matrix():
    ours = {name for name in _names(get_resolver()) if name.split(":")[0] not in NOT_OURS}
    assert ours - set(MATRIX) == set(), "decide who may use these URLs"
    assert set(MATRIX) - ours == set(), "these URLs no longer exist"


class World(TrackingCast):
    """TrackingCast plus one of each object a URL can name."""

    def __init__(self, media_root) -> None:
        super().__init__(n_tasks=2)
        self.obligation = self.lead_obligations[0]
        self.task = self.obligation.task
        self.target = self.plan.targets.first()
        self.update = ProgressUpdate.objects.create(
            obligation=self.obligation,
            author=self.office_specialist,
            status=Obligation.Status.DONE,
            completed_on=date(2026, 1, 20),
            review=Obligation.Review.PENDING,
        )
        Obligation.objects.filter(pk=self.obligation.pk).update(
            status=Obligation.Status.DONE, review=Obligation.Review.PENDING
        )
        self.evidence = Evidence(
            obligation=self.obligation,
            update=self.update,
            original_name="bao-cao.pdf",
            kind="pdf",
            size=9,
            sha256="0" * 64,
            uploaded_by=self.office_specialist,
            uploaded_at=timezone.now(),
        )
        self.evidence.file.save("0000000000000000.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        self.extension = ExtensionRequest.objects.create(
            obligation=self.lead_obligations[1],
            requested_by=self.office_specialist,
            requested_due=self.lead_obligations[1].due + timedelta(days=30),
            previous_due=self.lead_obligations[1].due,
            reason="Chờ hướng dẫn của Sở Nội vụ",
        )
        self.draft = ImportDraft.objects.create(
            id=uuid.uuid4(),
            created_by=self.leader,
            issuer=self.district,
            status=ImportDraft.Status.READY,
            payload={},
            expires_at=timezone.now() + timedelta(hours=2),
        )
        self.draft.source_file.save("ke-hoach.txt", ContentFile("KẾ HOẠCH".encode()), save=True)
        self.version = PlanVersion(plan=self.plan, number=1, source_filename="ke-hoach.txt")
        self.version.source_file.save("ke-hoach.txt", ContentFile("KẾ HOẠCH".encode()), save=True)
        for user in (self.office_specialist, self.office_leader, self.leader):
            Notification.objects.create(
                user=user, obligation=self.obligation, kind="due_3", sent_on=date(2026, 4, 15)
            )

    def user(self, role: str):
        return {
            "owner": self.office_specialist,
            "member": self.office_leader,
            "parent_leader": self.leader,
            "viewer": self.office_viewer,
            "outsider": self.outsider,
        }[role]

    def args(self, what: str | None) -> list:
        if what is None:
            return []
        if what == "draft":
            return [self.draft.pk]
        if what == "version":
            return [self.plan.pk, self.version.number]
        return [getattr(self, what).pk]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(tmp_path)


def _outcome(response) -> str | int:
    if response.status_code in (301, 302) and reverse("login") in response.get("Location", ""):
        return LOGIN
    if response.status_code in (403, 404):
        return NOT_FOUND
    assert response.status_code < 500, response.status_code
    return OK


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_by_role(client, world, name):
    method, what, expected = MATRIX[name]
    url = reverse(name, args=world.args(what))
    seen = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.user(role))
        seen[role] = _outcome(getattr(client, method)(url))
    assert seen == {**expected, "anonymous": LOGIN}

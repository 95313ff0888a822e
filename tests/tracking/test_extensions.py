from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from factories import make_member
from tracking.builders import TrackingCast

from cchc.audit.models import Entry
from cchc.tracking.errors import AlreadyDecided, ExtensionNotAllowed, InvalidProgress, StaleObligation
from cchc.tracking.extensions import MAX_EXTENSIONS, decide_extension, request_extension
from cchc.tracking.models import ExtensionRequest, Notification, Obligation
from cchc.tracking.progress import record_progress

pytestmark = pytest.mark.django_db

Status = ExtensionRequest.Status


@pytest.fixture(autouse=True)
def english():
    # Messages are checked in their English source form; the app shows them in Vietnamese.
    with translation.override("en"):
        yield


@pytest.fixture
def cast():
    return TrackingCast(n_tasks=1)


@pytest.fixture
def obligation(cast):
    """The office's lead obligation, due Wednesday 29/04/2026 (today is 15/04)."""
    row = cast.lead_obligations[0]
    Obligation.objects.filter(pk=row.pk).update(due=date(2026, 4, 29), base_due=date(2026, 4, 29))
    row.refresh_from_db()
    return row


def ask(obligation, user, requested_due=date(2026, 5, 15), reason="Chờ ý kiến của Sở Nội vụ."):
    obligation.refresh_from_db()
    return request_extension(
        obligation=obligation,
        user=user,
        version=obligation.version,
        requested_due=requested_due,
        reason=reason,
    )


def test_request_is_recorded_and_the_issuers_leaders_are_told(cast, obligation):
    request = ask(obligation, cast.office_specialist)
    assert (request.status, request.requested_due, request.previous_due, request.requested_by) == (
        Status.PENDING,
        date(2026, 5, 15),
        date(2026, 4, 29),
        cast.office_specialist,
    )
    obligation.refresh_from_db()
    assert (obligation.due, obligation.version) == (date(2026, 4, 29), 1)  # nothing moves before a decision
    told = set(Notification.objects.filter(kind="extension_requested").values_list("user", flat=True))
    assert told == {cast.leader.pk, cast.parent_leader.pk}  # district (issuer) and province above it
    entry = Entry.objects.get(action="extension.request")
    assert (entry.subject_id, entry.task_id, entry.changes, entry.note) == (
        request.pk,
        obligation.task_id,
        {"requested_due": ["2026-04-29", "2026-05-15"]},
        "Chờ ý kiến của Sở Nội vụ.",
    )


def test_a_date_on_a_day_off_moves_to_the_next_working_day(cast, obligation):
    request = ask(obligation, cast.office_specialist, requested_due=date(2026, 5, 16))  # a Saturday
    assert request.requested_due == date(2026, 5, 18)


@pytest.mark.parametrize(
    ("change", "kwargs", "error", "message"),
    [
        ({}, {"reason": " "}, InvalidProgress, "Give the reason for the extension."),
        ({}, {"requested_due": None}, ExtensionNotAllowed, "Choose the due date you ask for."),
        (
            {},
            {"requested_due": date(2026, 4, 29)},
            ExtensionNotAllowed,
            "after the current due date (29/04/2026)",
        ),
        (
            {"due": date(2026, 4, 1)},
            {"requested_due": date(2026, 4, 10)},
            ExtensionNotAllowed,
            "The date 10/04/2026 has already passed; choose today (15/04/2026) or a later date.",
        ),
        ({"status": "done"}, {}, ExtensionNotAllowed, "already closed"),
        ({"due": None}, {}, ExtensionNotAllowed, "has no due date yet"),
    ],
)
def test_bad_requests_are_refused(cast, obligation, change, kwargs, error, message):
    Obligation.objects.filter(pk=obligation.pk).update(**change)
    with pytest.raises(error) as caught:
        ask(obligation, cast.office_specialist, **kwargs)
    assert message in caught.value.messages[0]
    assert not ExtensionRequest.objects.exists() and not Notification.objects.exists()


def test_one_request_at_a_time(cast, obligation):
    first = ask(obligation, cast.office_specialist)
    asked_on = f"{timezone.localtime(first.requested_at):%d/%m/%Y}"
    with pytest.raises(ExtensionNotAllowed, match=f"request of {asked_on} is still awaiting a decision"):
        ask(obligation, cast.office_specialist, requested_due=date(2026, 6, 1))


def test_stale_version_is_refused(cast, obligation):
    with pytest.raises(StaleObligation):
        request_extension(
            obligation=obligation,
            user=cast.office_specialist,
            version=7,
            requested_due=date(2026, 5, 15),
            reason="x",
        )


def test_grant_moves_the_due_date(cast, obligation):
    Obligation.objects.filter(pk=obligation.pk).update(escalated_on=date(2026, 4, 10))
    request = ask(obligation, cast.office_specialist)
    decided = decide_extension(request=request, user=cast.leader, grant=True, comment="Đồng ý.")
    obligation.refresh_from_db()
    assert (decided.status, decided.decided_by, decided.decision_comment) == (
        Status.GRANTED,
        cast.leader,
        "Đồng ý.",
    )
    assert (obligation.due, obligation.extensions_granted, obligation.version, obligation.escalated_on) == (
        date(2026, 5, 15),
        1,
        2,
        None,
    )
    assert list(Notification.objects.filter(kind="extension_decided").values_list("user", flat=True)) == [
        cast.office_specialist.pk
    ]
    assert Entry.objects.get(action="extension.grant").changes == {
        "due": ["2026-04-29", "2026-05-15"],
        "extensions_granted": [0, 1],
        "status": ["pending", "granted"],
    }


def test_leader_may_grant_another_date(cast, obligation):
    request = ask(obligation, cast.office_specialist)
    decide_extension(request=request, user=cast.parent_leader, grant=True, due=date(2026, 5, 8))
    obligation.refresh_from_db()
    assert obligation.due == date(2026, 5, 8)
    with pytest.raises(ExtensionNotAllowed, match="after the current due date"):
        decide_extension(
            request=ask(obligation, cast.office_specialist),
            user=cast.leader,
            grant=True,
            due=date(2026, 5, 8),
        )


def test_refusal_needs_a_comment_and_keeps_the_date(cast, obligation):
    request = ask(obligation, cast.office_specialist)
    with pytest.raises(InvalidProgress, match="a comment is required to refuse"):
        decide_extension(request=request, user=cast.leader, grant=False)
    decided = decide_extension(
        request=request, user=cast.leader, grant=False, comment="Không có lý do chính đáng."
    )
    obligation.refresh_from_db()
    assert (decided.status, obligation.due, obligation.extensions_granted) == (
        Status.REFUSED,
        date(2026, 4, 29),
        0,
    )
    assert Entry.objects.get(action="extension.refuse").note == "Không có lý do chính đáng."


def test_second_decider_is_told_who_decided(cast, obligation):
    request = ask(obligation, cast.office_specialist)
    decide_extension(request=request, user=cast.leader, grant=True)
    with pytest.raises(AlreadyDecided, match=f"{cast.leader.username} already granted this extension at"):
        decide_extension(request=request, user=cast.parent_leader, grant=False, comment="Không")
    assert ExtensionRequest.objects.get().decided_by == cast.leader


def test_a_third_extension_is_refused(cast, obligation):
    for requested in (date(2026, 5, 15), date(2026, 6, 15)):
        decide_extension(
            request=ask(obligation, cast.office_specialist, requested), user=cast.leader, grant=True
        )
    obligation.refresh_from_db()
    assert obligation.extensions_granted == MAX_EXTENSIONS == 2
    with pytest.raises(ExtensionNotAllowed) as caught:
        ask(obligation, cast.office_specialist, requested_due=date(2026, 7, 15))
    assert caught.value.messages == [
        "This obligation has already been extended 2 times, the most allowed. Finish the work, "
        "or record that it could not be done and why."
    ]


@pytest.mark.parametrize("who", ["office_viewer", "outsider", "leader", "ward_member"])
def test_only_editors_of_the_unit_ask(cast, obligation, who):
    with pytest.raises(PermissionDenied):
        ask(obligation, getattr(cast, who))


@pytest.mark.parametrize("who", ["office_leader", "office_specialist", "owner", "viewer", "outsider"])
def test_only_leaders_of_the_issuer_decide(cast, obligation, who):
    request = ask(obligation, cast.office_specialist)
    with pytest.raises(PermissionDenied):
        decide_extension(request=request, user=getattr(cast, who), grant=True)
    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_admin_of_the_issuer_decides(cast, obligation):
    admin = make_member(cast.district, "admin")
    decided = decide_extension(request=ask(obligation, cast.office_specialist), user=admin, grant=True)
    assert decided.status == Status.GRANTED


def test_work_closed_meanwhile_cannot_be_extended_only_refused(cast, obligation):
    request = ask(obligation, cast.office_specialist)
    obligation.refresh_from_db()
    user, version = cast.office_specialist, obligation.version
    record_progress(obligation=obligation, user=user, version=version, status="done")
    with pytest.raises(ExtensionNotAllowed, match="closed meanwhile"):
        decide_extension(request=request, user=cast.leader, grant=True)
    refused = decide_extension(request=request, user=cast.leader, grant=False, comment="Đã hoàn thành.")
    assert refused.status == Status.REFUSED

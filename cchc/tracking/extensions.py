"""Extensions (gia hạn): a unit asks for a later due date, the issuing unit's leader decides.

Rules: a request needs a reason and a date after the current due date (not in the past);
only open obligations with a due date; one request awaiting a decision at a time; at most
MAX_EXTENSIONS granted per obligation. Leaders (or admins) of the plan's issuing unit or a
unit above it decide; granting sets the due date (the one asked for, or the leader's own),
counts the extension and bumps the obligation's version; refusing needs a comment. A date
on a day off moves to the next working day (Bộ luật Dân sự, Điều 148), as every due date.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc import clock
from cchc.audit.services import record_change
from cchc.org.models import Membership, Unit
from cchc.tracking.access import LEADER_ROLES, Action
from cchc.tracking.calendar import working_calendar
from cchc.tracking.errors import AlreadyDecided, ExtensionNotAllowed, InvalidProgress, require_action
from cchc.tracking.models import ExtensionRequest, Notification, Obligation
from cchc.tracking.notifications import notify
from cchc.tracking.progress import MAX_TEXT_LENGTH, lock_obligation

MAX_EXTENSIONS = 2
Pending = ExtensionRequest.Status.PENDING


def request_extension(
    *, obligation: Obligation, user: AbstractBaseUser, version: int, requested_due: date | None, reason: str
) -> ExtensionRequest:
    """Ask for `requested_due` instead of the current due date; the issuer's leaders are notified.

    Raises PermissionDenied, InvalidProgress (reason), ExtensionNotAllowed, StaleObligation
    or ObligationInactive, having written nothing.
    """
    require_action(user=user, obligation=obligation, action=Action.RECORD)
    reason = _checked_text(reason, required=True, code="reason")
    if requested_due is None:
        raise ExtensionNotAllowed(_("Choose the due date you ask for."), code="requested_due")
    with transaction.atomic():
        locked = lock_obligation(obligation=obligation, version=version)
        _check_requestable(locked)
        requested = _working_day(requested_due)
        _check_later(requested, current=locked.due)
        request = ExtensionRequest.objects.create(
            obligation=locked,
            requested_by=user,
            requested_due=requested,
            previous_due=locked.due,
            reason=reason,
        )
        record_change(
            actor=user,
            action="extension.request",
            subject_type="extension",
            subject_id=request.pk,
            task_id=locked.task_id,
            changes={"requested_due": (locked.due, requested)},
            note=reason,
        )
        leaders = set(issuer_leader_ids(locked)) - {user.pk}
        notify(users=leaders, obligation=locked, kind=Notification.Kind.EXTENSION_REQUESTED, on=clock.today())
    request.obligation = locked
    return request


def decide_extension(
    *,
    request: ExtensionRequest,
    user: AbstractBaseUser,
    grant: bool,
    comment: str = "",
    due: date | None = None,
) -> ExtensionRequest:
    """Grant (to `due`, else the date asked for) or refuse (with a comment) a pending request.

    A second decider gets AlreadyDecided naming the first one and when. The requester is
    notified. Raises PermissionDenied, InvalidProgress (comment) or ExtensionNotAllowed.
    """
    require_action(user=user, obligation=request.obligation, action=Action.DECIDE)
    comment = _checked_text(comment, required=not grant, code="comment")
    with transaction.atomic():
        obligation = Obligation.objects.select_for_update().get(pk=request.obligation_id)
        locked = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != Pending:
            granted = locked.status == ExtensionRequest.Status.GRANTED
            raise AlreadyDecided.for_request(granted=granted, by=locked.decided_by, at=locked.decided_at)
        changes = _grant(obligation, due or locked.requested_due) if grant else {}
        status = ExtensionRequest.Status.GRANTED if grant else ExtensionRequest.Status.REFUSED
        changes["status"] = (locked.status, status)
        locked.status, locked.decided_by, locked.decided_at = status, user, timezone.now()
        locked.decision_comment = comment
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        record_change(
            actor=user,
            action="extension.grant" if grant else "extension.refuse",
            subject_type="extension",
            subject_id=locked.pk,
            task_id=obligation.task_id,
            changes=changes,
            note=comment,
        )
        if locked.requested_by_id and locked.requested_by_id != user.pk:
            kind = Notification.Kind.EXTENSION_DECIDED
            notify(users=[locked.requested_by_id], obligation=obligation, kind=kind, on=clock.today())
    locked.obligation = obligation
    return locked


def issuer_leader_ids(obligation: Obligation) -> list[int]:
    """Users who lead (leader or admin) the plan's issuing unit or a unit above it."""
    path = Unit.objects.filter(plans__obligations=obligation).values_list("path", flat=True).first() or ""
    unit_ids = [int(part) for part in path.strip("/").split("/") if part]
    members = Membership.objects.filter(unit_id__in=unit_ids, role__in=LEADER_ROLES)
    return sorted(set(members.values_list("user_id", flat=True)))


def _grant(obligation: Obligation, due: date) -> dict:
    """Move the locked obligation's due date; the audit changes."""
    if obligation.status in Obligation.CLOSED_STATUSES or not obligation.active:
        raise ExtensionNotAllowed(
            _(
                "The obligation was closed meanwhile, so there is nothing to extend. "
                "Refuse the request instead."
            )
        )
    if obligation.extensions_granted >= MAX_EXTENSIONS:
        raise _limit_reached(obligation)
    new_due = _working_day(due)
    _check_later(new_due, current=obligation.due)
    changes = {
        "due": (obligation.due, new_due),
        "extensions_granted": (obligation.extensions_granted, obligation.extensions_granted + 1),
    }
    obligation.due, obligation.extensions_granted = new_due, obligation.extensions_granted + 1
    obligation.escalated_on = None  # a new deadline: lateness, and its escalation, start over
    obligation.version += 1
    obligation.save(update_fields=["due", "extensions_granted", "escalated_on", "version", "updated_at"])
    return changes


def _check_requestable(obligation: Obligation) -> None:
    if obligation.status in Obligation.CLOSED_STATUSES:
        raise ExtensionNotAllowed(
            _("This obligation is already closed; an extension only applies to work still open.")
        )
    if obligation.due is None:
        raise ExtensionNotAllowed(_("This obligation has no due date yet, so there is nothing to extend."))
    if obligation.extensions_granted >= MAX_EXTENSIONS:
        raise _limit_reached(obligation)
    pending = obligation.extensions.filter(status=Pending).order_by("requested_at").first()
    if pending is not None:
        raise ExtensionNotAllowed(
            _(
                "The extension request of %(date)s is still awaiting a decision; wait for it before "
                "asking again."
            ),
            params={"date": f"{timezone.localtime(pending.requested_at):%d/%m/%Y}"},
        )


def _limit_reached(obligation: Obligation) -> ExtensionNotAllowed:
    return ExtensionNotAllowed(
        _(
            "This obligation has already been extended %(count)s times, the most allowed. Finish the "
            "work, or record that it could not be done and why."
        ),
        params={"count": obligation.extensions_granted},
    )


def _check_later(new_due: date, *, current: date | None) -> None:
    if current is not None and new_due <= current:
        raise ExtensionNotAllowed(
            _("Choose a date after the current due date (%(due)s)."),
            code="requested_due",
            params={"due": f"{current:%d/%m/%Y}"},
        )
    today = clock.today()
    if new_due < today:
        raise ExtensionNotAllowed(
            _("The date %(date)s has already passed; choose today (%(today)s) or a later date."),
            code="requested_due",
            params={"date": f"{new_due:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"},
        )


def _working_day(day: date) -> date:
    """`day`, or the next working day when it is a day off."""
    return working_calendar().add_working_days(day, 0)


def _checked_text(text: str, *, required: bool, code: str) -> str:
    text = (text or "").strip()
    if required and not text:
        message = (
            _("Give the reason for the extension.")
            if code == "reason"
            else _("Say why: a comment is required to refuse an extension.")
        )
        raise InvalidProgress(message, code=code)
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidProgress(
            _("The text is %(length)s characters long; keep it to %(limit)s characters."),
            code=code,
            params={"length": len(text), "limit": MAX_TEXT_LENGTH},
        )
    return text

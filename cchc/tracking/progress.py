"""Recording progress on an obligation, adding evidence, and a leader's review of an update.

Each service is one transaction: it checks the permission again (views are not the only
callers), validates everything it can before writing (evidence files included), locks the
obligation row, compares the `version` the form started from (StaleObligation otherwise,
nothing written), writes, bumps the version and records the change in the audit history.

Rules: done / done late / could not be done close an obligation; "done" completed after
the due date becomes "done late", late by the working days in (due, completed on]. A lead
obligation's closing update waits for a leader of the unit (review "pending"); returning it
(with a comment) puts the obligation back in progress. Support obligations need no review.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cchc import clock
from cchc.audit.services import changed_fields, record_change
from cchc.tracking.access import Action
from cchc.tracking.calendar import working_calendar
from cchc.tracking.errors import (
    AlreadyReviewed,
    EvidenceRejected,
    InvalidProgress,
    NotReviewable,
    ObligationInactive,
    StaleObligation,
    require_action,
)
from cchc.tracking.evidence import Upload, check_uploads, files_removed_on_error, store_evidence
from cchc.tracking.models import Evidence, Notification, Obligation, ProgressUpdate
from cchc.tracking.notifications import notify

Status = Obligation.Status
Review = Obligation.Review
MAX_TEXT_LENGTH = 4000  # account, reason, review comment: a note, not a report (attach that)
MAX_PRODUCT_NUMBER_LENGTH = 100
# The obligation columns an update or a review changes (and the audit entry lists).
STATE_FIELDS = ("status", "review", "completed_on", "late_working_days")


def lock_obligation(*, obligation: Obligation, version: int) -> Obligation:
    """The obligation's row, locked until the transaction ends, if still at `version` and active."""
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if locked.version != version:
        raise StaleObligation
    if not locked.active:
        raise ObligationInactive
    return locked


def record_progress(
    *,
    obligation: Obligation,
    user: AbstractBaseUser,
    version: int,
    status: str,
    account: str = "",
    product_number: str = "",
    product_date: date | None = None,
    completed_on: date | None = None,
    reason: str = "",
    files: Iterable[Upload] = (),
) -> ProgressUpdate:
    """Record an update (status, account, product, evidence files) on `obligation`.

    Raises PermissionDenied, InvalidProgress (a list; each item's `code` names the argument
    at fault), EvidenceRejected, StaleObligation or ObligationInactive, having written
    nothing. The returned update has `attached`: its Evidence rows, each with `reused`.
    """
    require_action(user=user, obligation=obligation, action=Action.RECORD)
    fields = _validated(
        status=status,
        account=account,
        product_number=product_number,
        product_date=product_date,
        completed_on=completed_on,
        reason=reason,
    )
    checked = check_uploads(files)
    with files_removed_on_error(), transaction.atomic():
        locked = lock_obligation(obligation=obligation, version=version)
        before = _state(locked)
        _apply_status(locked, status=fields.pop("status"), completed_on=fields.pop("completed_on"))
        # An update waiting for review is superseded: only the newest one can be reviewed.
        ProgressUpdate.objects.filter(obligation=locked, review=Review.PENDING).update(review=Review.NONE)
        update = ProgressUpdate.objects.create(
            obligation=locked,
            author=user,
            status=locked.status,
            completed_on=locked.completed_on,
            review=locked.review,
            **fields,
        )
        _save_state(locked)
        _audit_update(update, user=user, before=before)
        update.attached = [
            store_evidence(obligation=locked, update=update, checked=c, data=d, user=user) for c, d in checked
        ]
    update.obligation = locked
    return update


def add_evidence(
    *, obligation: Obligation, user: AbstractBaseUser, version: int, files: Iterable[Upload]
) -> list[Evidence]:
    """Attach evidence files to `obligation` without changing its status.

    Files whose content is already attached come back with `reused = True` and are not
    stored again; the version is bumped only when a file was added.
    """
    require_action(user=user, obligation=obligation, action=Action.RECORD)
    checked = check_uploads(files)
    if not checked:
        raise EvidenceRejected(_("Choose at least one file to attach."))
    with files_removed_on_error(), transaction.atomic():
        locked = lock_obligation(obligation=obligation, version=version)
        stored = [
            store_evidence(obligation=locked, update=None, checked=c, data=d, user=user) for c, d in checked
        ]
        if not all(evidence.reused for evidence in stored):
            _save_state(locked)
    return stored


def review_update(
    *, update: ProgressUpdate, user: AbstractBaseUser, approve: bool, comment: str = ""
) -> ProgressUpdate:
    """Approve or return (with a comment) the pending, latest update of a lead obligation.

    A second reviewer gets AlreadyReviewed naming the first one and when; a return puts the
    obligation back in progress. The author is notified (approved / returned).
    """
    require_action(user=user, obligation=update.obligation, action=Action.REVIEW)
    comment = _checked_comment(comment, approve=approve)
    with transaction.atomic():
        obligation = Obligation.objects.select_for_update().get(pk=update.obligation_id)
        locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
        _check_reviewable(locked, obligation)
        before = _state(obligation)
        verdict = Review.APPROVED if approve else Review.RETURNED
        obligation.review = verdict
        if not approve:
            obligation.status = Status.IN_PROGRESS
            obligation.completed_on = obligation.late_working_days = None
        locked.review, locked.reviewed_by, locked.reviewed_at = verdict, user, timezone.now()
        locked.review_comment = comment
        locked.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_comment"])
        _save_state(obligation)
        record_change(
            actor=user,
            action="progress.approve" if approve else "progress.return",
            subject_type="progress",
            subject_id=locked.pk,
            task_id=obligation.task_id,
            changes=changed_fields(before, _state(obligation), fields=STATE_FIELDS),
            note=comment,
        )
        if locked.author_id and locked.author_id != user.pk:
            kind = Notification.Kind.APPROVED if approve else Notification.Kind.RETURNED
            notify(users=[locked.author_id], obligation=obligation, kind=kind, on=clock.today())
    locked.obligation = obligation
    return locked


def _validated(**fields) -> dict:
    """The cleaned fields of an update; InvalidProgress listing every problem."""
    if fields["status"] not in Status.values:
        raise InvalidProgress(_("Choose a status from the list."), code="status")
    for name in ("account", "reason", "product_number"):
        fields[name] = (fields[name] or "").strip()
    today = clock.today()
    if fields["status"] in Obligation.CLOSED_STATUSES:
        fields["completed_on"] = fields["completed_on"] or today
    else:
        fields["completed_on"] = None  # an open update has no completion date, whatever the form sent
    errors = [error for check in _CHECKS if (error := check(fields, today))]
    if errors:
        raise InvalidProgress(errors)
    return fields


def _too_long(name: str, message, limit: int):
    def check(fields: dict, today: date) -> InvalidProgress | None:
        if len(fields[name]) <= limit:
            return None
        length = number_format(len(fields[name]), force_grouping=True)
        return InvalidProgress(message, code=name, params={"length": length, "limit": limit})

    return check


def _reason_given(fields: dict, today: date) -> InvalidProgress | None:
    if fields["status"] != Status.NOT_DONE or fields["reason"]:
        return None
    return InvalidProgress(_("Say why the task could not be done (the reason is required)."), code="reason")


def _not_in_future(name: str, message):
    def check(fields: dict, today: date) -> InvalidProgress | None:
        value = fields[name]
        if value is None or value <= today:
            return None
        return InvalidProgress(message, code=name, params={"today": f"{today:%d/%m/%Y}"})

    return check


_CHECKS = (
    _too_long(
        "account",
        _(
            "The account is %(length)s characters long; keep it to %(limit)s characters and attach "
            "anything longer as an evidence file."
        ),
        MAX_TEXT_LENGTH,
    ),
    _too_long(
        "reason",
        _("The reason is %(length)s characters long; keep it to %(limit)s characters."),
        MAX_TEXT_LENGTH,
    ),
    _too_long(
        "product_number",
        _("The document number is %(length)s characters long; it may have at most %(limit)s characters."),
        MAX_PRODUCT_NUMBER_LENGTH,
    ),
    _reason_given,
    _not_in_future("completed_on", _("The completion date cannot be after today (%(today)s).")),
    _not_in_future("product_date", _("The date of the product document cannot be after today (%(today)s).")),
)


def _apply_status(obligation: Obligation, *, status: str, completed_on: date | None) -> None:
    """Set status (done vs done late from the due date), completion, lateness and review."""
    late = status in (Status.DONE, Status.DONE_LATE) and bool(
        obligation.due and completed_on > obligation.due
    )
    if status in (Status.DONE, Status.DONE_LATE):
        status = Status.DONE_LATE if late else Status.DONE
    obligation.status = status
    obligation.completed_on = completed_on
    obligation.late_working_days = (
        working_calendar().count_working_days(obligation.due, completed_on) if late else None
    )
    closed = status in Obligation.CLOSED_STATUSES
    obligation.review = Review.PENDING if closed and obligation.role == Obligation.Role.LEAD else Review.NONE


def _state(obligation: Obligation) -> dict:
    return {name: getattr(obligation, name) for name in STATE_FIELDS}


def _save_state(obligation: Obligation) -> None:
    obligation.version += 1
    obligation.save(update_fields=[*STATE_FIELDS, "version", "updated_at"])


def _audit_update(update: ProgressUpdate, *, user: AbstractBaseUser, before: dict) -> None:
    changes = changed_fields(before, _state(update.obligation), fields=STATE_FIELDS)
    for name in ("product_number", "product_date"):
        if getattr(update, name):
            changes[name] = (None, getattr(update, name))
    record_change(
        actor=user,
        action="progress.record",
        subject_type="progress",
        subject_id=update.pk,
        task_id=update.obligation.task_id,
        changes=changes,
        note=update.reason or update.account,
    )


def _checked_comment(comment: str, *, approve: bool) -> str:
    comment = (comment or "").strip()
    if not approve and not comment:
        raise InvalidProgress(
            _("Say what has to be changed: a comment is required to return an update."), code="comment"
        )
    if len(comment) > MAX_TEXT_LENGTH:
        raise InvalidProgress(
            _("The comment is %(length)s characters long; keep it to %(limit)s characters."),
            code="comment",
            params={"length": len(comment), "limit": MAX_TEXT_LENGTH},
        )
    return comment


def _check_reviewable(update: ProgressUpdate, obligation: Obligation) -> None:
    if update.review in (Review.APPROVED, Review.RETURNED):
        raise AlreadyReviewed.for_update(
            approved=update.review == Review.APPROVED, by=update.reviewed_by, at=update.reviewed_at
        )
    if update.review != Review.PENDING:
        raise NotReviewable(_("This update needs no approval. Nothing was changed."))
    latest = obligation.updates.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    if latest != update.pk:
        raise NotReviewable(
            _("A newer update was recorded on this obligation; reload the page and review that one.")
        )

"""Why a tracking service refused a change, in words a user can act on.

Every error is a ValidationError with an English msgid (translated in the .po), a `code`
and `params`, so a view can put it on its form as it is (`form.add_error(None, error)`).
When one of them is raised nothing was written. `require_action` is the services' own
permission check, repeated inside them because views are not the only callers.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.tracking.access import Action, may
from cchc.tracking.models import Obligation


class TrackingError(ValidationError):
    """A refused tracking change; subclasses carry a default message and code."""

    default_message = _("This change could not be saved. Nothing was changed; please try again.")
    default_code = "invalid"

    def __init__(self, message=None, code: str | None = None, params: dict | None = None) -> None:
        super().__init__(message or self.default_message, code=code or self.default_code, params=params)


class StaleObligation(TrackingError):
    """The obligation changed after the form was opened (its `version` differs)."""

    default_message = _(
        "Someone changed this obligation after you opened the page (a new update, a review, "
        "an extension or a new deadline). Nothing was saved: reload the page to see the current "
        "state, then enter your change again."
    )
    default_code = "stale"


class ObligationInactive(TrackingError):
    """The task no longer asks this of the unit; its history is kept read-only."""

    default_message = _(
        "The task no longer asks this of your unit, so nothing more can be recorded on it. "
        "Its history is kept for reference."
    )
    default_code = "inactive"


class InvalidProgress(TrackingError):
    """A progress update's fields are wrong (status, account, dates, reason)."""

    default_code = "progress"


class EvidenceRejected(TrackingError):
    """An evidence file was refused (type, size, count)."""

    default_code = "evidence"


class InvalidProductReference(TrackingError):
    """A product document reference ("số 12/KH-UBND ngày 10/3/2022") could not be read."""

    default_code = "product"


class NotReviewable(TrackingError):
    """The update is not waiting for a leader (no review needed, or a newer update exists)."""

    default_code = "not_reviewable"


class AlreadyReviewed(TrackingError):
    """Another leader approved or returned the update first."""

    default_code = "already_reviewed"

    @classmethod
    def for_update(
        cls, *, approved: bool, by: AbstractBaseUser | None, at: datetime | None
    ) -> AlreadyReviewed:
        """The error naming who reviewed, and when (dd/mm/yyyy HH:MM, local time)."""
        message = (
            _(
                "%(name)s already approved this update at %(when)s. Nothing was changed; "
                "reload the page to see the review."
            )
            if approved
            else _(
                "%(name)s already returned this update at %(when)s. Nothing was changed; "
                "reload the page to see the review."
            )
        )
        return cls(message, params={"name": display_name(by), "when": local_time(at)})


class AlreadyDecided(TrackingError):
    """Another leader granted or refused the extension request first."""

    default_code = "already_decided"

    @classmethod
    def for_request(
        cls, *, granted: bool, by: AbstractBaseUser | None, at: datetime | None
    ) -> AlreadyDecided:
        """The error naming who decided, and when."""
        message = (
            _(
                "%(name)s already granted this extension at %(when)s. Nothing was changed; "
                "reload the page to see the decision."
            )
            if granted
            else _(
                "%(name)s already refused this extension at %(when)s. Nothing was changed; "
                "reload the page to see the decision."
            )
        )
        return cls(message, params={"name": display_name(by), "when": local_time(at)})


class ExtensionNotAllowed(TrackingError):
    """An extension cannot be asked for or granted (limit, pending request, closed, dates)."""

    default_code = "extension"


def display_name(user: AbstractBaseUser | None) -> str:
    """A person's full name, else their user name ("another user" when the account is gone)."""
    if user is None:
        return str(_("another user"))
    return user.get_full_name().strip() or user.get_username()


def local_time(moment: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in the configured time zone."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def require_action(*, user: AbstractBaseUser, obligation: Obligation, action: Action) -> None:
    """PermissionDenied unless `user` may do `action` on `obligation` (cchc.tracking.access)."""
    if not may(user, obligation, action):
        raise PermissionDenied

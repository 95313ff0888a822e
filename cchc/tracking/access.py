"""Who may see and act on obligations, progress updates, evidence and extension requests.

The one gate for each object type; every tracking view and export goes through it.

* read: members of the obligation's unit or of a unit above it (a district's leaders see
  their wards'), and the issuing side of the plan (the office that chases the units);
* record (progress, evidence, extension request, the event date): members of the
  obligation's own unit with an edit role;
* review (approve / return an update): leaders (or admins) of the obligation's own unit;
* decide an extension, or set an event task's due date: leaders (or admins) of the plan's
  issuing unit or of a unit above it.

Anything else is a 404, so that outsiders cannot learn what exists.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from cchc.org.access import EDIT_ROLES, member_unit_ids, units_for_user
from cchc.org.models import Membership
from cchc.tracking.models import Evidence, ExtensionRequest, Obligation, ProgressUpdate

LEADER_ROLES = (Membership.Role.ADMIN, Membership.Role.LEADER)

User = AbstractBaseUser | AnonymousUser


class Action(StrEnum):
    READ = "read"
    RECORD = "record"
    REVIEW = "review"
    DECIDE = "decide"


def obligations_for_user(user: User) -> QuerySet[Obligation]:
    """Obligations the user may read (see the module docstring)."""
    if user.is_superuser:
        return Obligation.objects.all()
    reach = units_for_user(user)
    return Obligation.objects.filter(Q(unit__in=reach) | Q(plan__issuer__in=reach))


def _acting(user: User, action: Action) -> QuerySet[Obligation]:
    if user.is_superuser:
        return Obligation.objects.all()
    if action is Action.RECORD:
        return Obligation.objects.filter(unit_id__in=member_unit_ids(user, roles=EDIT_ROLES))
    if action is Action.REVIEW:
        return Obligation.objects.filter(unit_id__in=member_unit_ids(user, roles=LEADER_ROLES))
    if action is Action.DECIDE:
        return Obligation.objects.filter(plan__issuer__in=units_for_user(user, roles=LEADER_ROLES))
    return obligations_for_user(user)


def obligation_get_for_user(user: User, pk: int, *, action: Action = Action.READ) -> Obligation:
    """The obligation (with task, plan, issuer, unit) if the user may do `action` on it; 404 otherwise."""
    obligation = (
        _acting(user, action)
        .filter(pk=pk)
        .select_related("task", "task__section", "plan", "plan__issuer", "unit")
        .first()
    )
    if obligation is None:
        raise Http404
    return obligation


def may(user: User, obligation: Obligation, action: Action) -> bool:
    """Whether the user may do `action` on the obligation (one query)."""
    return _acting(user, action).filter(pk=obligation.pk).exists()


def allowed_actions(user: User, obligation: Obligation) -> frozenset[Action]:
    """What the user may do on an obligation they can read (to show the right buttons)."""
    return frozenset(action for action in Action if may(user, obligation, action))


def update_get_for_user(user: User, pk: int, *, action: Action = Action.READ) -> ProgressUpdate:
    """A progress update, through its obligation's gate."""
    update = ProgressUpdate.objects.filter(pk=pk, obligation__in=_acting(user, action)).first()
    if update is None:
        raise Http404
    return update


def evidence_get_for_user(user: User, pk: int) -> Evidence:
    """An evidence file the user may download (readers of its obligation)."""
    evidence = Evidence.objects.filter(pk=pk, obligation__in=obligations_for_user(user)).first()
    if evidence is None:
        raise Http404
    return evidence


def extension_get_for_user(user: User, pk: int, *, action: Action = Action.READ) -> ExtensionRequest:
    """An extension request, through its obligation's gate (Action.DECIDE to grant or refuse)."""
    request = ExtensionRequest.objects.filter(pk=pk, obligation__in=_acting(user, action)).first()
    if request is None:
        raise Http404
    return request

"""Reads of plans. `plan_get_for_user` is the one gate every plan view and export uses."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from cchc.org.access import EDIT_ROLES, units_for_user
from cchc.plans.models import Plan


def plans_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Plan]:
    """Plans issued by units the user can see (their units and the units below them)."""
    return Plan.objects.filter(issuer__in=units_for_user(user))


def plan_get_for_user(user: AbstractBaseUser | AnonymousUser, pk: int, *, write: bool = False) -> Plan:
    """The plan, if the user may see it (or edit it with write=True); 404 otherwise.

    404 rather than 403 so that outsiders cannot learn which plans exist.
    """
    units = units_for_user(user, roles=EDIT_ROLES) if write else units_for_user(user)
    plan = Plan.objects.filter(pk=pk, issuer__in=units).select_related("issuer").first()
    if plan is None:
        raise Http404
    return plan

"""Who may see and change what: one place for unit-scoped permissions.

A membership reaches down the tree: a leader of a district sees its wards' plans.
Every view and export asks these functions; nothing else decides access.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from cchc.org.models import Membership, Unit

EDIT_ROLES = (Membership.Role.ADMIN, Membership.Role.LEADER, Membership.Role.SPECIALIST)
READ_ROLES = (*EDIT_ROLES, Membership.Role.VIEWER)


def units_for_user(
    user: AbstractBaseUser | AnonymousUser, *, roles: tuple[str, ...] = READ_ROLES
) -> QuerySet[Unit]:
    """Units the user reaches with one of `roles`: their units and everything below them."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    paths = list(Membership.objects.filter(user=user, role__in=roles).values_list("unit__path", flat=True))
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def member_unit_ids(
    user: AbstractBaseUser | AnonymousUser, *, roles: tuple[str, ...] = READ_ROLES
) -> list[int]:
    """Ids of the units the user is a member of (with one of `roles`), not those below them."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user, role__in=roles).values_list("unit_id", flat=True))


def can_read_unit(user: AbstractBaseUser | AnonymousUser, unit: Unit) -> bool:
    """True when the user may see `unit` and what it issues."""
    return units_for_user(user).filter(pk=unit.pk).exists()


def can_edit_unit(user: AbstractBaseUser | AnonymousUser, unit: Unit) -> bool:
    """True when the user may import or edit plans issued by `unit`."""
    return units_for_user(user, roles=EDIT_ROLES).filter(pk=unit.pk).exists()

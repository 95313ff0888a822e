"""Writes to the unit tree: create/move units, aliases, memberships."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cchc.docparse.units import normalise_unit
from cchc.org.models import Membership, Unit, UnitAlias


@transaction.atomic
def create_unit(
    *,
    code: str,
    name: str,
    kind: str = Unit.Kind.OTHER,
    parent: Unit | None = None,
    short_name: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Unit:
    """A new unit under `parent`, with its tree path and matching key set."""
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        valid_from=valid_from,
        valid_to=valid_to,
        name_key=normalise_unit(name),
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = _path_for(unit)
    unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, **fields: object) -> Unit:
    """Change a unit's fields; moving it re-paths its whole subtree."""
    old_path = unit.path
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.name_key = normalise_unit(unit.name)
    unit.path = _path_for(unit)
    unit.full_clean()
    unit.save()
    if unit.path != old_path:
        _repath_descendants(old_path=old_path, new_path=unit.path)
    return unit


def add_alias(*, unit: Unit, text: str) -> UnitAlias:
    """Remember that documents call `unit` by `text` (idempotent)."""
    alias, _ = UnitAlias.objects.get_or_create(unit=unit, key=normalise_unit(text), defaults={"text": text})
    return alias


def set_membership(*, user: AbstractBaseUser, unit: Unit, role: str) -> Membership:
    """Give `user` exactly `role` in `unit` (creating or changing the membership)."""
    membership, _ = Membership.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
    return membership


def _path_for(unit: Unit) -> str:
    prefix = unit.parent.path if unit.parent_id else "/"
    return f"{prefix}{unit.pk}/"


def _repath_descendants(*, old_path: str, new_path: str) -> None:
    for child in Unit.objects.filter(path__startswith=old_path).exclude(path=old_path):
        child.path = new_path + child.path[len(old_path) :]
        child.save(update_fields=["path"])

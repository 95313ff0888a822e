"""Reads of the unit tree."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.org.models import Unit


def unit_subtree(*, unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit below it, in tree order."""
    return Unit.objects.filter(path__startswith=unit.path).order_by("path")


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """The units above `unit`, root first."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]

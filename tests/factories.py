"""Factories for domain rows: units through the org services, users, memberships."""

from __future__ import annotations

import itertools

import factory
from django.contrib.auth import get_user_model

from cchc.org import services as org_services
from cchc.org.models import Unit

_codes = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        # The password hook saves the row itself (factory_boy's implicit second save is deprecated).
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or "mat-khau-123")
        if create:
            user.save(update_fields=["password"])


def make_unit(
    name: str, *, kind: str = Unit.Kind.OTHER, parent: Unit | None = None, code: str | None = None
) -> Unit:
    """A unit created the way the application creates them (path and key set)."""
    return org_services.create_unit(code=code or f"u{next(_codes)}", name=name, kind=kind, parent=parent)


def make_member(unit: Unit, role: str, **user_fields):
    """A user with `role` in `unit`."""
    user = UserFactory(**user_fields)
    org_services.set_membership(user=user, unit=unit, role=role)
    return user

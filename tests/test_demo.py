"""`cchc demo`: the demo tree, accounts and seed plans, loaded twice without duplicates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from cchc.demo import DEMO_USERS, SEED_ISSUERS, load_demo
from cchc.org.access import can_edit_unit, can_read_unit
from cchc.org.models import Membership, Unit, UnitAlias

pytestmark = pytest.mark.django_db


ROOT = Path(__file__).resolve().parent.parent


def _counts() -> dict[str, int]:
    counts = {
        "units": Unit.objects.count(),
        "aliases": UnitAlias.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
    }
    try:
        from cchc.plans.models import Assignment, Plan, Task

        counts |= {"plans": Plan.objects.count(), "tasks": Task.objects.count()}
        counts["assignments"] = Assignment.objects.count()
    except ImportError:  # pragma: no cover
        pass
    return counts


def test_demo_twice_duplicates_nothing_and_prints_passwords_once() -> None:
    first_out = io.StringIO()
    first = load_demo(stdout=first_out)
    assert first.problems == []
    assert len(first.plans_created) == 5  # the five seeds, through plans.plan_import.import_document
    after_first = _counts()
    assert first.units_created == after_first["units"] > 100
    assert set(first.accounts_created) == {"admin", *(u.username for u in DEMO_USERS)}
    for username, password in first.accounts_created.items():
        assert password in first_out.getvalue()
        assert get_user_model().objects.get(username=username).check_password(password)

    second_out = io.StringIO()
    second = load_demo(stdout=second_out)
    assert _counts() == after_first
    assert (second.units_created, second.units_updated, second.accounts_created) == (0, 0, {})
    assert second.plans_created == []
    assert not any(p in second_out.getvalue() for p in first.accounts_created.values())
    assert "cchc manage changepassword" in second_out.getvalue()


def test_demo_accounts_reach_their_units() -> None:
    load_demo(stdout=io.StringIO(), plans=False)
    User = get_user_model()
    q11_officer = User.objects.get(username="chuyenvien.q11")
    assert can_edit_unit(q11_officer, Unit.objects.get(code="q11-p08"))
    assert not can_read_unit(q11_officer, Unit.objects.get(code="hn"))
    viewer = User.objects.get(username="xem.p8q10")
    ward = Unit.objects.get(code="q10-p08")
    assert can_read_unit(viewer, ward) and not can_edit_unit(viewer, ward)
    assert User.objects.get(username="admin").is_superuser


def test_demo_tree_has_both_shapes() -> None:
    load_demo(stdout=io.StringIO(), plans=False)
    hcm = Unit.objects.get(code="hcm")
    q11 = Unit.objects.get(code="q11")
    assert q11.parent == hcm and str(q11.valid_to) == "2025-06-30"
    assert Unit.objects.filter(parent=q11, kind=Unit.Kind.COMMUNE).count() == 16
    assert Unit.objects.filter(parent__code="govap", kind=Unit.Kind.COMMUNE).count() == 16
    assert Unit.objects.filter(parent__code="q10", kind=Unit.Kind.COMMUNE).count() == 15
    new_ward = Unit.objects.get(code="hcm-p-minh-phung")
    assert new_ward.parent == hcm and str(new_ward.valid_from) == "2025-07-01"
    assert UnitAlias.objects.filter(unit__code="q11-ubnd-phuong", text="UBND 16 phường").exists()


def test_demo_seeds_are_the_test_seeds() -> None:
    demo = sorted((ROOT / "cchc" / "demo_data").glob("*.txt"))
    seeds = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    assert [p.name for p in demo] == [p.name for p in seeds] == sorted(SEED_ISSUERS)
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(demo, seeds, strict=True))

"""Unit-name matching: exact keys and aliases score 100, fuzzy matches are ranked, ties stay open."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from factories import make_unit
from plans.import_support import load_demo_tree, make_tree

from cchc.org import services as org_services
from cchc.org.models import Unit
from cchc.plans.matching import (
    AUTO_THRESHOLD,
    UnitIndex,
    load_unit_keys,
    match_unit,
    plan_scope,
    resolve_units,
    scope_units,
)


@dataclass
class FakeUnit:
    """A Unit-like object: matching needs only an id, a name and optional aliases."""

    id: int
    name: str
    path: str = ""
    alias_keys: tuple[str, ...] = field(default_factory=tuple)


UNITS = [
    FakeUnit(1, "Phòng Nội vụ", "/9/1/"),
    FakeUnit(2, "Phòng Tư pháp", "/9/2/"),
    FakeUnit(3, "Phòng Tài chính - Kế hoạch", "/9/3/"),
    FakeUnit(4, "Văn phòng Ủy ban nhân dân quận", "/9/4/"),
    FakeUnit(5, "Ủy ban nhân dân Phường 8", "/9/5/"),
    FakeUnit(6, "Phòng Kinh tế", "/9/6/"),
    FakeUnit(9, "Ủy ban nhân dân Quận 11", "/9/"),
]


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("Phòng Nội vụ", 1),
        ("PNV", 1),  # abbreviation expanded by normalise_unit
        ("Phòng NV", 1),
        ("phòng tư Pháp", 2),
        ("Văn phòng UBND quận", 4),
        ("UBND Quận 11", 9),
    ],
)
def test_exact_key_scores_100(wording, expected):
    best = match_unit(wording=wording, units=UNITS)[0]
    assert (best.unit_id, best.score) == (expected, 100)


@pytest.mark.parametrize(
    ("wording", "expected"),
    [("Trưởng Phòng Nội vụ", 1), ("Chánh Văn phòng UBND quận", 4), ("Chủ tịch UBND Phường 8", 5)],
)
def test_a_heads_title_stands_for_the_unit(wording, expected):
    best = match_unit(wording=wording, units=UNITS)[0]
    assert (best.unit_id, best.score) == (expected, 100)


def test_missing_diacritics_still_resolve():
    best = match_unit(wording="Phong Noi vu", units=UNITS)[0]
    assert best.unit_id == 1
    assert AUTO_THRESHOLD <= best.score < 100


def test_best_three_candidates_are_ranked_and_distinct():
    candidates = match_unit(wording="Phòng Tài chính", units=UNITS)
    assert candidates[0].unit_id == 3
    assert len(candidates) <= 3
    assert len({c.unit_id for c in candidates}) == len(candidates)
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)


def test_different_numbers_never_match_well():
    # "UBND 16 phường" (all sixteen wards) is not Phường 8; Quận 1 is not Quận 11.
    assert all(c.unit_id != 5 for c in match_unit(wording="UBND 16 phường", units=UNITS))
    scores = {
        c.unit_id: c.score for c in match_unit(wording="UBND Quận 1", units=UNITS, min_score=0, limit=None)
    }
    assert scores.get(9, 0) <= 50


def test_unrelated_name_has_no_candidates():
    assert match_unit(wording="Quận đoàn", units=UNITS) == []
    assert match_unit(wording="", units=UNITS) == []


def test_alias_key_matches_exactly():
    units = [*UNITS, FakeUnit(7, "Ban Chỉ đạo cải cách hành chính", "/9/7/", alias_keys=("bcđ cchc",))]
    best = match_unit(wording="bcđ cchc", units=units)[0]
    assert (best.unit_id, best.score) == (7, 100)


def test_resolve_units_takes_only_sure_unique_matches():
    resolved = resolve_units(
        names=["Phòng Nội vụ", "Phòng Văn hóa - Thông tin", "Các Phòng, Ban", "Phòng Nội vụ"],
        scope_units=UNITS,
    )
    assert list(resolved) == ["Phòng Nội vụ", "Phòng Văn hóa - Thông tin", "Các Phòng, Ban"]
    assert resolved["Phòng Nội vụ"].unit_id == 1
    assert resolved["Phòng Văn hóa - Thông tin"] is None
    assert resolved["Các Phòng, Ban"] is None


def test_resolve_units_leaves_ties_open():
    twins = [FakeUnit(1, "Phòng Nội vụ", "/8/1/"), FakeUnit(2, "Phòng Nội vụ", "/9/2/")]
    assert resolve_units(names=["Phòng Nội vụ"], scope_units=twins) == {"Phòng Nội vụ": None}


@pytest.mark.django_db
def test_load_unit_keys_reads_names_and_aliases_in_two_queries(django_assert_num_queries):
    tree = make_tree()
    org_services.add_alias(unit=tree.noi_vu, text="Phòng NV quận")
    with django_assert_num_queries(2):
        keys = load_unit_keys(units=tree.q11.__class__.objects.filter(path__startswith=tree.q11.path))
    by_id = {k.id: k for k in keys}
    assert "phòng nội vụ quận" in by_id[tree.noi_vu.pk].keys
    index = UnitIndex(keys)
    assert index.resolve("Phòng NV quận").unit_id == tree.noi_vu.pk
    assert index.candidate(tree.noi_vu.pk).parent_name == "Ủy ban nhân dân Quận 11"


@dataclass
class Districts:
    """TP.HCM with its Sở Nội vụ, Quận 10 (an office, Phường 8 with an office of its own,
    Phường 9 without one) and Quận 11 (its Quận Đoàn and "Các phòng, ban")."""

    city: Unit
    so_noi_vu: Unit
    q10: Unit
    q10_office: Unit
    p8: Unit
    p8_office: Unit
    p9: Unit
    q11: Unit
    q11_doan: Unit
    q11_offices: Unit


def make_districts() -> Districts:
    city = make_unit("Ủy ban nhân dân Thành phố Hồ Chí Minh", kind=Unit.Kind.PROVINCE)
    so_noi_vu = make_unit("Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=city)
    q10 = make_unit("Ủy ban nhân dân Quận 10", kind=Unit.Kind.DISTRICT, parent=city)
    q10_office = make_unit("Văn phòng Ủy ban nhân dân quận", kind=Unit.Kind.DEPARTMENT, parent=q10)
    p8 = make_unit("Ủy ban nhân dân Phường 8", kind=Unit.Kind.COMMUNE, parent=q10)
    p8_office = make_unit("Văn phòng Ủy ban nhân dân Phường 8", kind=Unit.Kind.DEPARTMENT, parent=p8)
    p9 = make_unit("Ủy ban nhân dân Phường 9", kind=Unit.Kind.COMMUNE, parent=q10)
    q11 = make_unit("Ủy ban nhân dân Quận 11", kind=Unit.Kind.DISTRICT, parent=city)
    q11_doan = make_unit("Quận Đoàn Quận 11", parent=q11)
    org_services.add_alias(unit=q11_doan, text="Quận đoàn")
    q11_offices = make_unit("Các phòng, ban chuyên môn (Quận 11)", parent=q11)
    org_services.add_alias(unit=q11_offices, text="Các phòng, ban")
    return Districts(city, so_noi_vu, q10, q10_office, p8, p8_office, p9, q11, q11_doan, q11_offices)


def ids(candidates) -> list[int]:
    return [c.unit_id for c in candidates]


@pytest.mark.django_db
def test_a_district_plan_never_settles_on_a_sibling_districts_units():
    t = make_districts()
    scope = plan_scope(t.q10)
    for wording in ("Quận đoàn", "Quận Đoàn", "Các phòng, ban", "Các Phòng, Ban"):
        assert scope.settle(wording) is None, wording
        # Quận 11's subtree is not around a Quận 10 plan: not even offered.
        assert not {t.q11_doan.pk, t.q11_offices.pk} & set(ids(scope.suggest(wording, limit=None))), wording
    assert scope.settled(["Quận đoàn", "Các phòng, ban", "Văn phòng UBND quận"]) == {
        "Văn phòng UBND quận": t.q10_office.pk
    }


@pytest.mark.django_db
def test_the_same_names_settle_in_their_own_district():
    t = make_districts()
    assert plan_scope(t.q11).settled(["Quận đoàn", "Các Phòng, Ban"]) == {
        "Quận đoàn": t.q11_doan.pk,
        "Các Phòng, Ban": t.q11_offices.pk,
    }


@pytest.mark.django_db
def test_a_ward_plans_office_is_the_wards_own():
    t = make_districts()
    scope = plan_scope(t.p8)
    assert scope.settle("Văn phòng Ủy ban nhân dân phường").unit_id == t.p8_office.pk
    assert ids(scope.suggest("Văn phòng Ủy ban nhân dân phường"))[0] == t.p8_office.pk


@pytest.mark.django_db
def test_a_ward_without_an_office_is_offered_the_districts_but_must_confirm_it():
    t = make_districts()
    scope = plan_scope(t.p9)
    assert scope.settle("Văn phòng Ủy ban nhân dân phường") is None
    assert scope.settle("Văn phòng UBND quận") is None  # an exact name, but above the ward
    assert ids(scope.suggest("Văn phòng UBND quận"))[0] == t.q10_office.pk
    assert t.p8_office.pk not in ids(scope.suggest("Văn phòng Ủy ban nhân dân phường", limit=None))


@pytest.mark.django_db
def test_units_above_are_suggested_never_settled():
    t = make_districts()
    scope = plan_scope(t.q10)
    assert scope.settle("Sở Nội vụ") is None
    assert ids(scope.suggest("Sở Nội vụ"))[0] == t.so_noi_vu.pk
    assert ids(scope.suggest("UBND Quận 11"))[0] == t.q11.pk  # the sibling itself, not its subtree


@pytest.mark.django_db
def test_scope_units_are_the_scope_around_the_issuer():
    t = make_districts()
    expected = {t.city, t.so_noi_vu, t.q10, t.q11, t.q10_office, t.p8, t.p9, t.p8_office}
    assert set(scope_units(t.p8)) == expected
    assert set(plan_scope(t.p8).around.units) == {u.pk for u in expected}
    assert set(scope_units(t.q10)) == expected
    assert set(scope_units(t.city)) == set(Unit.objects.all())


@pytest.mark.django_db
def test_the_demo_tree_keeps_quan_11_out_of_a_quan_10_plan():
    load_demo_tree()
    q10, q11 = Unit.objects.get(code="q10"), Unit.objects.get(code="q11")
    scope = plan_scope(q10)
    around = Unit.objects.filter(pk__in=scope.around.units)
    assert not around.filter(path__startswith=q11.path).exclude(pk=q11.pk).exists()
    assert scope.settle("Phòng Nội vụ").unit_id == Unit.objects.get(code="q10-pnv").pk

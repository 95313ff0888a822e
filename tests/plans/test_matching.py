"""Unit-name matching: exact keys and aliases score 100, fuzzy matches are ranked, ties stay open."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from plans.import_support import make_tree

from cchc.org import services as org_services
from cchc.plans.matching import (
    AUTO_THRESHOLD,
    UnitIndex,
    load_unit_keys,
    match_unit,
    resolve_units,
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

"""My vocabulary files load, hold no duplicates, and their regexes compile."""

from __future__ import annotations

import re

import pytest

from cchc.docparse.vocab import load

SECTION_LISTS = [
    "goals",
    "targets",
    "tasks",
    "responsibilities",
    "reporting",
    "closing_paragraphs",
    "unit_heads",
]


@pytest.mark.parametrize("key", SECTION_LISTS)
def test_sections_lists_are_unique_and_compile(key: str) -> None:
    entries = load("sections")[key]
    assert entries and len(entries) == len(set(entries))
    for entry in entries:
        re.compile(entry)


@pytest.mark.parametrize("key", ["unit_prefix", "unit_verb", "sub_unit_lead", "duty_split"])
def test_sections_single_patterns_compile(key: str) -> None:
    re.compile(load("sections")[key])


def test_targets_yaml() -> None:
    data = load("targets")
    assert len(data["units"]) == len(set(data["units"]))
    assert {r["op"] for r in data["ops"]} == {">=", ">", "<=", "<", "increase", "decrease"}
    for rule in data["ops"]:
        assert rule.get("before") or rule.get("after")
        for key in ("before", "after", "requires"):
            if rule.get(key):
                re.compile(rule[key])
    assert len(data["lead_ins"]) == len(set(data["lead_ins"]))
    for key in (
        "fillers_before",
        "relative",
        "implied",
        "provision_end",
        "post_scope",
        "distributive",
        "per_unit",
    ):
        re.compile(data[key])
    for rule in data["boundaries"] + data["scope_splitters"]:
        re.compile(rule["pattern"])


def test_periods_yaml() -> None:
    data = load("periods")
    assert set(data["periods"]) == {"Q1", "H1", "Q3", "9M", "YEAR", "MONTH"}
    expected_last = {"Q1": 3, "H1": 6, "Q3": 9, "9M": 9, "YEAR": 12, "MONTH": None}
    assert {p: spec["last_month"] for p, spec in data["periods"].items()} == expected_last
    names = [n.lower() for spec in data["periods"].values() for n in spec["names"]] + list(data["groups"])
    assert len(names) == len(set(names))
    for periods in data["groups"].values():
        assert set(periods) <= set(data["periods"])
    re.compile(data["year_word_not_before"])

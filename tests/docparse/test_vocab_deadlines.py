"""The deadline vocabulary (cchc/docparse/data/deadlines.yaml) is well formed."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import pytest
import yaml

from cchc.docparse.deadlines_periods import alternation
from cchc.docparse.vocab import load

RECURRENCES = {"monthly", "quarterly", "semiannual", "annual", None}


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key written twice in one mapping (PyYAML keeps the last)."""


def _no_duplicate_keys(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(k) for k, _ in node.value]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates, f"keys written twice: {duplicates}"
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def _raw() -> str:
    return resources.files("cchc.docparse").joinpath("data", "deadlines.yaml").read_text("utf-8")


def test_loads_without_duplicate_keys() -> None:
    assert yaml.load(_raw(), Loader=_StrictLoader) == load("deadlines")


LIST_KEYS = [k for k, v in load("deadlines").items() if isinstance(v, list)]


@pytest.mark.parametrize("key", LIST_KEYS)
def test_lists_have_no_duplicates(key: str) -> None:
    items = load("deadlines")[key]
    words = [w.lower() if isinstance(w, str) else repr(w) for w in items]
    assert len(words) == len(set(words)), key


@pytest.mark.parametrize("key", [k for k in LIST_KEYS if k != "recurrence_patterns"])
def test_word_lists_are_plain_phrases(key: str) -> None:
    for word in load("deadlines")[key]:
        assert isinstance(word, str) and word == word.strip() and "  " not in word
        re.compile(alternation([word]))


@pytest.mark.parametrize("rule", load("deadlines")["recurrence_patterns"], ids=lambda r: r["pattern"][:30])
def test_recurrence_patterns_compile(rule: dict[str, Any]) -> None:
    re.compile(rule["pattern"], re.IGNORECASE)
    assert rule["recurrence"] in RECURRENCES


def test_maps_have_valid_values() -> None:
    v = load("deadlines")
    assert sorted(set(v["quarter_numerals"].values())) == [1, 2, 3, 4]
    assert set(v["months_per_cycle"].values()) <= RECURRENCES
    assert set(v["recurrence_units"].values()) <= RECURRENCES
    assert set(v["cumulative_months"].values()) <= {6, 9}
    assert all(1 <= m <= 12 and 1 <= d <= 31 for m, d in v["part_of_year"].values())
    assert all(isinstance(n, int) and n > 0 for n in v["unit_months"].values())
    assert all(isinstance(n, int) and n > 0 for n in v["number_words"].values())
    assert isinstance(v["event_lead_max_words"], int)

"""The five seeds against their hand-labelled gold (tests/data/gold, docs/plan-schema.md).

Two views of the same comparison:
- a planscore F1 per seed (the scorer in tools/planscore.py), held to MIN_F1: raise a
  number when the parser gets better, never lower one to make a test pass;
- exact equality per top-level field, whitespace aside, which is what "the parse equals
  the gold" means. Fields known not to match yet are in KNOWN_GAPS as strict xfails,
  so a field that starts to match fails the run until it is taken off the list.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cchc.docparse import parse

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "data" / "gold"
FIELDS = ["document", "goals", "sections", "reporting", "responsibilities", "warnings", "targets", "tasks"]

# Micro-averaged planscore F1 over tasks, targets, header fields and reporting entries,
# as achieved when these were last set (.venv/bin/python tools/score_seeds.py).
MIN_F1 = {"000": 1.0, "001": 1.0, "002": 1.0, "003": 1.0, "004": 1.0}
# (seed, field) pairs whose parse does not equal the gold yet.
KNOWN_GAPS: set[tuple[str, str]] = set()


def _seed_id(path: Path) -> str:
    return path.name[:3]


def _load_planscore() -> ModuleType:
    spec = importlib.util.spec_from_file_location("planscore", ROOT / "tools" / "planscore.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PLANSCORE = _load_planscore()
_PARSED: dict[str, dict[str, Any]] = {}


def parsed(seed: Path) -> dict[str, Any]:
    """The seed's parse as JSON data (parsed once per test session)."""
    if seed.name not in _PARSED:
        _PARSED[seed.name] = json.loads(json.dumps(parse(seed).to_dict(), ensure_ascii=False))
    return _PARSED[seed.name]


def gold(seed: Path) -> dict[str, Any]:
    """The hand-labelled gold JSON of a seed."""
    return json.loads((GOLD / f"{seed.stem}.json").read_text(encoding="utf-8"))


def comparable(value: Any) -> str:
    """Canonical JSON with whitespace runs collapsed and source_ref dropped.

    source_ref is an addition of the parser for the review screen (see model.py); the
    gold does not carry it.
    """
    return json.dumps(_normalise(value), ensure_ascii=False, sort_keys=True)


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if k != "source_ref"}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def seed_f1(gold_doc: dict[str, Any], pred_doc: dict[str, Any]) -> tuple[float, dict[str, float]]:
    """(micro F1 over all planscore categories, F1 per category) for one document."""
    scores = PLANSCORE.score_doc(gold_doc, pred_doc)
    totals = [sum(counts[i] for counts in scores.values()) for i in range(3)]
    per_kind = {kind: round(PLANSCORE.f1(*counts), 3) for kind, counts in scores.items()}
    return PLANSCORE.f1(*totals), per_kind


@pytest.mark.parametrize("seed", SEEDS, ids=_seed_id)
def test_planscore_f1_meets_the_floor(seed: Path) -> None:
    score, per_kind = seed_f1(gold(seed), parsed(seed))
    floor = MIN_F1[_seed_id(seed)]
    assert score >= floor, f"F1 {score:.3f} < {floor} for {seed.name}: {per_kind}"


def _field_cases() -> list[Any]:
    cases = []
    for seed in SEEDS:
        for field in FIELDS:
            marks = []
            if (_seed_id(seed), field) in KNOWN_GAPS:
                marks.append(pytest.mark.xfail(strict=True, reason="known gap: parse differs from gold"))
            cases.append(pytest.param(seed, field, marks=marks, id=f"{_seed_id(seed)}-{field}"))
    return cases


@pytest.mark.parametrize(("seed", "field"), _field_cases())
def test_field_equals_gold(seed: Path, field: str) -> None:
    assert comparable(parsed(seed)[field]) == comparable(gold(seed)[field])


def test_every_seed_has_gold_and_a_floor() -> None:
    assert len(SEEDS) == 5
    assert sorted(_seed_id(s) for s in SEEDS) == sorted(MIN_F1)
    assert all((GOLD / f"{s.stem}.json").is_file() for s in SEEDS)
    assert {seed for seed, _ in KNOWN_GAPS} <= set(MIN_F1)
    assert {field for _, field in KNOWN_GAPS} <= set(FIELDS)


def test_gold_is_not_regenerated() -> None:
    # The gold is labelled by hand from the text; no tool may rewrite it to match the
    # parser, so the switch such a tool would read must never be on (least of all in CI).
    # (Compare the one variable, so a failure does not print the whole environment.)
    where = "in CI" if os.environ.get("CI") else "here"
    switch = os.environ.get("CCHC_REGEN_GOLD")
    assert switch is None, f"CCHC_REGEN_GOLD is set {where}: gold is hand-labelled"

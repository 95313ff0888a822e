"""The seeds as Word, PDF and HTML documents, held to the same gold as the text seeds.

The fixtures (fixtures.py) print each seed the way real offices publish it: a
borderless header table, merged section rows, leads merged down, a task table split
over pages with its header repeated. Parsing them must give the gold plan; MIN_F1
holds the per-category planscore F1 reached when it was last raised.
"""

from __future__ import annotations

import json

import pytest
from fixtures import SEEDS, build_docx, build_html, build_pdf
from seed_outline import DATA, planscore

from cchc.docparse import parse

BUILDERS = {"docx": build_docx, "pdf": build_pdf, "html": build_html}
CATEGORIES = ("task", "target", "doc", "report")
# (format, seed prefix) → floor for every planscore category; 1.0 unless listed.
MIN_F1: dict[tuple[str, str], dict[str, float]] = {}


def _cases() -> list:
    return [pytest.param(fmt, stem, id=f"{fmt}-{stem[:3]}") for fmt in BUILDERS for stem in SEEDS]


@pytest.mark.parametrize(("fmt", "stem"), _cases())
def test_document_in_another_format_matches_the_gold(fmt: str, stem: str) -> None:
    gold = json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    draft = parse(BUILDERS[fmt](stem), filename=f"{stem}.{fmt}")
    assert draft.source.format == fmt
    scorer = planscore()
    scores = scorer.score_doc(gold, draft.to_dict())
    floors = MIN_F1.get((fmt, stem[:3]), {})
    for category in CATEGORIES:
        f1 = scorer.f1(*scores[category])
        assert f1 >= floors.get(category, 1.0), f"{category} F1 {f1:.3f}: {scores[category]}"

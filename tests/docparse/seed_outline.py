"""Helpers for the body-extractor tests: synthetic outlines and seed outlines with gold."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from cchc.docparse.blocks import Paragraph
from cchc.docparse.outline import Outline, build_outline
from cchc.docparse.readers import read_document

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = sorted(p.stem for p in (DATA / "seeds").glob("*.txt"))


def outline_of(*lines: str) -> Outline:
    """The outline of one Paragraph per line."""
    return build_outline([Paragraph(line) for line in lines])


@cache
def seed(stem: str) -> tuple[Outline, dict]:
    """(outline, gold JSON) of a seed."""
    path = DATA / "seeds" / f"{stem}.txt"
    _, blocks = read_document(path.read_bytes(), filename=path.name)
    gold = json.loads((DATA / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    return build_outline(blocks), gold


@cache
def planscore():
    """tools/planscore.py as a module."""
    path = DATA.parent.parent / "tools" / "planscore.py"
    spec = importlib.util.spec_from_file_location("planscore", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def without_ref(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in item.items() if k != "source_ref"} for item in items]

"""The fixture builders: valid files, deterministic, and consistent with the gold."""

from __future__ import annotations

import io

import docx
import pytest
from fixtures import (
    SEEDS,
    TABLE_SEEDS,
    build_docx,
    build_html,
    expected_paragraphs,
    seed,
    table_halves,
    table_rows,
)

from cchc.docparse.readers import read_document


@pytest.mark.parametrize("stem", SEEDS)
def test_docx_opens_in_python_docx(stem):
    document = docx.Document(io.BytesIO(build_docx(stem)))
    assert len(list(document.iter_inner_content())) >= len(expected_paragraphs(stem))


@pytest.mark.parametrize("stem", SEEDS)
def test_formats_are_sniffed(stem):
    assert read_document(build_docx(stem))[0] == "docx"
    assert read_document(build_html(stem))[0] == "html"


@pytest.mark.parametrize("stem", TABLE_SEEDS)
def test_table_rows_mirror_gold_tasks(stem):
    gold = seed(stem).gold
    rows = table_rows(stem)
    assert [r.kind for r in rows].count("task") == len(gold["tasks"])
    assert [r.kind for r in rows].count("section") == len(gold["sections"])
    first, second = table_halves(stem)
    assert second[0] == rows[0] and len(first) + len(second) == len(rows) + 1


def test_printed_codes_follow_the_gold_conventions():
    rows = [r for r in table_rows("002_ccb51e7cc21fb8ad") if r.kind == "task"]
    tasks = seed("002_ccb51e7cc21fb8ad").gold["tasks"]
    printed = {t["code"]: (r.cells[0] or ("",))[0] for t, r in zip(tasks, rows, strict=True)}
    assert printed["I.1"] == "1" and printed["III.3.a"] == "" and printed["III.6.a"] == "-"
    assert (rows[0].cells[0] or ("",))[0] == "1"


def test_builders_are_deterministic():
    stem = SEEDS[2]
    build_docx.cache_clear()
    first = build_docx(stem)
    build_docx.cache_clear()
    assert build_docx(stem) == first

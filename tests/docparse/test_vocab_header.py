"""The header and unit vocabulary files load, and have no duplicate keys or entries."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from cchc.docparse import vocab

FILES = ["abbreviations", "doc_kinds", "positions"]


class _StrictLoader(yaml.SafeLoader):
    """A loader that refuses a mapping key written twice (PyYAML keeps the last silently)."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"duplicate keys: {sorted(map(str, duplicates))}")
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def _text(name: str) -> str:
    return resources.files("cchc.docparse").joinpath("data", f"{name}.yaml").read_text("utf-8")


@pytest.mark.parametrize("name", FILES)
def test_loads_without_duplicate_keys(name: str) -> None:
    data = yaml.load(_text(name), Loader=_StrictLoader)
    assert isinstance(data, dict) and data


@pytest.mark.parametrize("name", FILES)
def test_lists_have_no_duplicate_entries(name: str) -> None:
    for key, value in vocab.load(name).items():
        if isinstance(value, list):
            entries = [repr(v) for v in value]
            assert len(entries) == len(set(entries)), f"{name}.{key} has duplicates"


def test_doc_kinds_symbols_and_words_are_unique() -> None:
    kinds = vocab.load("doc_kinds")["kinds"]
    assert len({k["symbol"] for k in kinds}) == len(kinds)
    assert len({k["word"] for k in kinds}) == len(kinds)
    assert {"KH", "QĐ", "CT", "NQ", "CĐ", "TB", "BC", "TT", "NĐ", "CV"} <= {k["symbol"] for k in kinds}


def test_abbreviations_cover_the_common_ones() -> None:
    table = vocab.load("abbreviations")["abbreviations"]
    assert table["UBND"] == "Ủy ban nhân dân"
    assert table["BCĐ"] == "Ban Chỉ đạo"
    assert table["PNV"] == table["Phòng NV"] == "Phòng Nội vụ"


def test_glued_heads_are_unit_heads() -> None:
    data = vocab.load("abbreviations")
    assert set(data["glued_heads"]) <= set(data["unit_heads"])


def test_positions_include_the_usual_signers() -> None:
    data = vocab.load("positions")
    assert {"Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Chánh Văn phòng", "Trưởng phòng"} <= set(
        data["positions"]
    )
    assert {"KT.", "TM."} <= set(data["prefixes"])


def test_doc_kinds_name_the_ends_of_the_body() -> None:
    from cchc.docparse.outline import is_appendix, is_recipients

    data = vocab.load("doc_kinds")
    assert {"Nơi nhận", "NƠI NHẬN"} <= set(data["recipients"])
    assert {"PHỤ LỤC", "Phụ lục"} <= set(data["appendix"])
    assert is_recipients("Nơi nhận:") and is_recipients("CHỦ TỊCH Nơi nhận:")
    assert is_appendix("PHỤ LỤC I") and not is_appendix("Các phụ lục kèm theo")

"""Targets: one per goal figure, with operator, indicator, scope and base year."""

from __future__ import annotations

import pytest
from seed_outline import SEEDS, outline_of, planscore, seed, without_ref

from cchc.docparse.target_clauses import read_sentence
from cchc.docparse.targets import extract_targets


def _one(text: str) -> dict:
    (target,) = read_sentence(text, "1")
    return without_ref([target.to_dict()])[0]


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("Tỷ lệ A: từ 90% trở lên.", ">=", 90),
        ("Tỷ lệ A: tối thiểu 90%.", ">=", 90),
        ("Ít nhất 3 lần/năm tổ chức đối thoại.", ">=", 3),
        ("Tỷ lệ A đạt 85% trở lên.", ">=", 85),
        ("Trên 80% hồ sơ được giải quyết.", ">", 80),
        ("Tỷ lệ trễ hạn: tối đa 2,5%.", "<=", 2.5),
        ("Tỷ lệ trễ hạn: không quá 3%.", "<=", 3),
        ("Giảm tỷ lệ trễ hạn xuống còn dưới 4%.", "<", 4),
        ("100% văn bản được ký số.", "=", 100),
        ("Số hóa hồ sơ đạt 30%.", "=", 30),
    ],
)
def test_operators(text: str, op: str, value: float) -> None:
    target = _one(text)
    assert (target["op"], target["value"], target["unit"]) == (op, value, "%" if "%" in text else "lần/năm")


def test_change_against_base_year_with_implied_level() -> None:
    target = _one(
        "Tăng tỷ lệ hồ sơ trực tuyến (tính theo TTHC trực tuyến): tăng 10% so với năm 2021 (tức là đạt 74%)."
    )
    assert target["op"] == "increase"
    assert target["relative_to"] == {"year": 2021}
    assert target["implied_value"] == 74
    assert target["indicator"] == "tỷ lệ hồ sơ trực tuyến"
    assert target["scope"] == "tính theo TTHC trực tuyến"


def test_decrease_against_base_year() -> None:
    target = _one("Giảm chi phí tuân thủ TTHC: giảm 5% so với năm 2023.")
    assert (target["op"], target["value"], target["relative_to"]) == ("decrease", 5, {"year": 2023})


def test_counted_unit_and_scope_after_it() -> None:
    target = _one("Kiểm tra đột xuất: tối thiểu 10 cơ quan, đơn vị thuộc danh sách Chỉ số CCHC.")
    assert (target["unit"], target["scope"], target["indicator"]) == (
        "cơ quan, đơn vị",
        "thuộc danh sách Chỉ số CCHC",
        "Kiểm tra đột xuất",
    )


def test_two_figures_share_indicator_and_op_count_goes_in_scope() -> None:
    targets = read_sentence("Kiểm tra: tối thiểu 40% các phòng (12 đơn vị) và 20% phường (3 đơn vị).", "2.1")
    assert [(t.op, t.value, t.scope, t.indicator) for t in targets] == [
        (">=", 40, "các phòng (12 đơn vị)", "Kiểm tra"),
        (">=", 20, "phường (3 đơn vị)", "Kiểm tra"),
    ]


def test_second_figure_without_boundary_is_a_condition() -> None:
    targets = read_sentence("Trên 80% chi nhánh giải quyết hồ sơ đúng hạn từ 96%.", None)
    assert len(targets) == 1
    assert targets[0].indicator == "chi nhánh giải quyết hồ sơ đúng hạn từ 96%"


def test_exclusion_is_scope_with_or_without_parentheses() -> None:
    assert _one("100% văn bản điện tử (trừ văn bản mật).")["scope"] == "trừ văn bản mật"
    assert _one("100% văn bản điện tử trừ văn bản mật.")["scope"] == "trừ văn bản mật"


def test_sentence_after_the_figure_is_not_scope() -> None:
    target = _one("Đảm bảo 100% công chức đạt chuẩn; đối với trường hợp chưa đạt thì bồi dưỡng.")
    assert (target["indicator"], target["scope"]) == ("công chức đạt chuẩn", None)


def test_year_and_index_numbers_are_not_figures() -> None:
    assert read_sentence("Áp dụng ISO 9001:2015 trong năm 2024, mức độ 3, mức độ 4.", None) == []


def test_codes_letters_and_bullets() -> None:
    outline = outline_of(
        "2. Chỉ tiêu cụ thể",
        "2.1. Về hài lòng",
        "a) Tỷ lệ hài lòng: từ 91%.",
        "2.2. 100% hồ sơ đúng hạn.",
        "- Tối thiểu 99% hồ sơ đúng hạn.",
        "II. NHIỆM VỤ",
        "1. Đạt 100% dịch vụ công.",
    )
    assert [(t.code, t.value) for t in extract_targets(outline)] == [("2.1.a", 91), ("2.2", 100), (None, 99)]


def test_without_chi_tieu_heading_tasks_part_figures_are_targets() -> None:
    outline = outline_of(
        "II. NHIỆM VỤ VÀ GIẢI PHÁP", "Rà soát 03 (ba) năm không phát sinh.", "Đảm bảo 100% hồ sơ"
    )
    assert [(t.code, t.value, t.indicator) for t in extract_targets(outline)] == [(None, 100, "hồ sơ")]


def test_no_chi_tieu_and_no_tasks_part_gives_nothing() -> None:
    assert extract_targets(outline_of("1. Giao Phòng Nội vụ", "a) Đảm bảo 100% hồ sơ đúng hạn.")) == []


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_targets_equal_gold(stem: str) -> None:
    outline, gold = seed(stem)
    predicted = without_ref([t.to_dict() for t in extract_targets(outline)])
    assert predicted == gold["targets"]
    score = planscore().score_doc(gold, {"targets": predicted})
    tp, n_gold, n_pred = score["target"]
    assert planscore().f1(tp, n_gold, n_pred) == 1.0


def test_broken_paragraphs_are_joined_once_for_every_extractor() -> None:
    from cchc.docparse.blocks import Paragraph
    from cchc.docparse.outline import continues_paragraph, paragraph_runs

    assert continues_paragraph("Đảm bảo 100% cán bộ đạt chuẩn theo quy", "định; đối với các trường hợp")
    assert not continues_paragraph("Các nhiệm vụ sau:", "rà soát thủ tục hành chính;")
    assert not continues_paragraph("Rà soát thủ tục;", "công khai kết quả.")
    assert not continues_paragraph("Xong.", "a) Kiểm tra định kỳ")
    runs = paragraph_runs([Paragraph("Đảm bảo theo quy"), Paragraph("định; đối với"), Paragraph("Tiếp tục.")])
    assert [p.text for p in runs] == ["Đảm bảo theo quy định; đối với", "Tiếp tục."]

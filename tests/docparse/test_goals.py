"""Goals: the items under the innermost Mục tiêu / Mục đích heading."""

from __future__ import annotations

import pytest
from seed_outline import SEEDS, outline_of, seed

from cchc.docparse.goals import extract_goals


def test_numbered_goals_under_muc_tieu_chung_lose_their_labels() -> None:
    outline = outline_of(
        "I. MỤC TIÊU",
        "1. Mục tiêu chung",
        "1.1. Nâng cao Chỉ số CCHC.",
        "1.2. Phấn đấu có 05 mô hình mới.",
        "2. Chỉ tiêu cụ thể",
        "2.1. Tỷ lệ hài lòng: từ 95% trở lên.",
        "II. NHIỆM VỤ",
    )
    assert extract_goals(outline) == ["Nâng cao Chỉ số CCHC.", "Phấn đấu có 05 mô hình mới."]


def test_muc_dich_bullets_only_not_yeu_cau() -> None:
    outline = outline_of(
        "I. MỤC ĐÍCH, YÊU CẦU VÀ CHỈ TIÊU",
        "1. Mục đích",
        "- Duy trì Chỉ số PAR.",
        "- Tạo chuyển biến.",
        "2. Yêu cầu",
        "- Gắn với chủ đề năm.",
    )
    assert extract_goals(outline) == ["Duy trì Chỉ số PAR.", "Tạo chuyển biến."]


def test_unnumbered_paragraphs_and_broken_lines() -> None:
    outline = outline_of(
        "I. MỤC ĐÍCH, YÊU CẦU", "Tiếp tục phát huy", "những mặt đạt được.", "Chủ động dự báo."
    )
    assert extract_goals(outline) == ["Tiếp tục phát huy những mặt đạt được.", "Chủ động dự báo."]


def test_no_goals_heading_no_goals() -> None:
    assert extract_goals(outline_of("1. Giao Phòng Nội vụ", "a) Rà soát mục tiêu.")) == []


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_goals_equal_gold(stem: str) -> None:
    outline, gold = seed(stem)
    assert extract_goals(outline) == gold["goals"]

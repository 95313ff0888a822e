"""Responsibilities: units named under Tổ chức thực hiện with their duties."""

from __future__ import annotations

import pytest
from seed_outline import SEEDS, outline_of, seed

from cchc.docparse.responsibilities import extract_responsibilities, split_unit


def _pairs(outline) -> list[tuple[str, list[str]]]:
    return [(r.unit, r.duties) for r in extract_responsibilities(outline)]


@pytest.mark.parametrize(
    ("text", "unit", "duty"),
    [
        ("Phòng Y tế, Phòng Giáo dục và Đào tạo:", "Phòng Y tế, Phòng Giáo dục và Đào tạo", None),
        ("Sở Tư pháp: cải cách thể chế.", "Sở Tư pháp", "cải cách thể chế."),
        ("Đề nghị Hội đồng nhân dân Thành phố: giám sát.", "Hội đồng nhân dân Thành phố", "giám sát."),
        ("Mời Ban Dân vận Quận ủy phối hợp với các đoàn thể", "Ban Dân vận Quận ủy", None),
        ("Trách nhiệm của Giám đốc các Sở", "Giám đốc các Sở", None),
        ("Chi Cục Thuế Quận, Công an Quận", "Chi Cục Thuế Quận, Công an Quận", None),
        ("Ngoài việc xây dựng kế hoạch, Thủ trưởng các sở sau đây:", None, None),
        ("Trách nhiệm cụ thể của một số cơ quan, đơn vị", None, None),
        ("ban hành quy chế", None, None),
    ],
)
def test_split_unit(text: str, unit: str | None, duty: str | None) -> None:
    assert split_unit(text) == (unit, duty)


def test_units_duties_grouping_headings_and_closing() -> None:
    outline = outline_of(
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Thủ trưởng các phòng, ban:",
        "1.1. Chỉ đạo công tác CCHC.",
        "1.2. Báo cáo định kỳ.",
        "Thực hiện chế độ báo cáo:",
        "- Quý 1: trước ngày 28 tháng 2;",
        "2. Ngoài việc trên, các đơn vị sau đây có trách nhiệm:",
        "2.1. Phòng Nội vụ: công tác chỉ đạo. Giao Hội đồng Thi đua (Phòng Nội vụ): phát động thi đua.",
        "2.2. Sở Kế hoạch và Đầu tư: phối hợp với các sở",
        "đề xuất chính sách.",
        "Trên đây là Kế hoạch; giao Phòng Nội vụ theo dõi, tổng hợp kết quả./.",
        "Nơi nhận:",
    )
    assert _pairs(outline) == [
        (
            "Thủ trưởng các phòng, ban",
            ["Chỉ đạo công tác CCHC.", "Báo cáo định kỳ.", "Thực hiện chế độ báo cáo:"],
        ),
        (
            "Phòng Nội vụ",
            [
                "công tác chỉ đạo.",
                "Giao Hội đồng Thi đua (Phòng Nội vụ): phát động thi đua.",
                "theo dõi, tổng hợp kết quả",
            ],
        ),
        ("Sở Kế hoạch và Đầu tư", ["phối hợp với các sở đề xuất chính sách."]),
    ]


def test_lead_in_is_not_a_duty_and_plus_bullets_nest_a_second_unit() -> None:
    outline = outline_of(
        "V. TỔ CHỨC THỰC HIỆN",
        "1. Trách nhiệm của Thủ trưởng các sở",
        "Các đơn vị tập trung vào các nhiệm vụ sau:",
        "- Ban hành kế hoạch.",
        "- Đối với UBND cấp huyện, ngoài việc trên, Chủ tịch UBND cấp huyện chỉ đạo:",
        "+ Thành lập đoàn kiểm tra.",
        "+ Đánh giá hằng tháng.",
        "- Tổ chức đối thoại.",
    )
    assert _pairs(outline) == [
        ("Thủ trưởng các sở", ["Ban hành kế hoạch.", "Tổ chức đối thoại."]),
        ("Chủ tịch UBND cấp huyện", ["Thành lập đoàn kiểm tra.", "Đánh giá hằng tháng."]),
    ]


def test_reporting_heading_units_count_and_no_part_no_units() -> None:
    outline = outline_of("III. CHẾ ĐỘ BÁO CÁO", "1. Các Sở, UBND các quận", "Gửi báo cáo quý.")
    assert _pairs(outline) == [("Các Sở, UBND các quận", ["Gửi báo cáo quý."])]
    assert extract_responsibilities(outline_of("1. Giao Phòng Nội vụ", "a) Rà soát.")) == []


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_responsibilities_equal_gold(stem: str) -> None:
    outline, gold = seed(stem)
    assert [r.to_dict() for r in extract_responsibilities(outline)] == gold["responsibilities"]

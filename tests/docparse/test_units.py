"""Splitting lead/support cells into units, and unit-name normalisation."""
# ruff: noqa: E501  (cell texts are quoted verbatim from the seeds)

from __future__ import annotations

import pytest

from cchc.docparse.units import (
    expand_abbreviations,
    normalise_unit,
    split_units,
    unify_tone_marks,
    unit_behind_title,
)

# (cell text as the seeds print it, units as the gold lists them)
CELLS: list[tuple[str, list[str]]] = [
    ("Các Phòng, Ban và UBND 16 phường", ["Các Phòng, Ban", "UBND 16 phường"]),
    (
        "- Giám đốc Sở Nội vụ - Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện",
        ["Giám đốc Sở Nội vụ", "Thủ trưởng sở, ban - ngành", "Chủ tịch UBND quận - huyện"],
    ),
    (
        "- Ban Chỉ đạo và Tổ Công tác Ban Chỉ đạo CCHC Thành phố - Ban Thi đua - Khen thưởng Thành phố - Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện",
        [
            "Ban Chỉ đạo và Tổ Công tác Ban Chỉ đạo CCHC Thành phố",
            "Ban Thi đua - Khen thưởng Thành phố",
            "Thủ trưởng sở, ban - ngành",
            "Chủ tịch UBND quận - huyện",
        ],
    ),
    ("Người dân, báo chí", ["Người dân", "báo chí"]),
    (
        "- Chánh Văn phòng UBND Thành phố Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện",
        ["Chánh Văn phòng UBND Thành phố", "Thủ trưởng sở, ban - ngành", "Chủ tịch UBND quận - huyện"],
    ),
    (
        "Chánh Văn phòng UBND TP Thủ trưởng sở, ban, ngành, Chủ tịch UBND quận-huyện",
        ["Chánh Văn phòng UBND TP", "Thủ trưởng sở, ban, ngành", "Chủ tịch UBND quận-huyện"],
    ),
    (
        "- Thường trực Thành ủy - Hội đồng nhân dân Thành phố - Ủy ban Mặt Trận Tổ quốc Việt Nam Thành phố - Giám đốc Sở Tư pháp - Viện trưởng Viện Nghiên cứu phát triển Thành phố",
        [
            "Thường trực Thành ủy",
            "Hội đồng nhân dân Thành phố",
            "Ủy ban Mặt Trận Tổ quốc Việt Nam Thành phố",
            "Giám đốc Sở Tư pháp",
            "Viện trưởng Viện Nghiên cứu phát triển Thành phố",
        ],
    ),
    (
        "- Giám đốc Sở Tư pháp - Giám đốc Sở Quy hoạch - Kiến trúc; Sở Xây dựng - Chủ tịch UBND quận - huyện",
        [
            "Giám đốc Sở Tư pháp",
            "Giám đốc Sở Quy hoạch - Kiến trúc",
            "Sở Xây dựng",
            "Chủ tịch UBND quận - huyện",
        ],
    ),
    (
        "Thủ trưởng sở, ban, ngành, Chủ tịch UBND quận-huyện",
        ["Thủ trưởng sở, ban, ngành", "Chủ tịch UBND quận-huyện"],
    ),
    (
        "- Thủ trưởng các sở, ban - ngành; Chủ tịch UBND quận - huyện, xã, phường, thị trấn",
        ["Thủ trưởng các sở, ban - ngành", "Chủ tịch UBND quận - huyện, xã, phường, thị trấn"],
    ),
    (
        "Chánh Văn phòng UBND Thành phố Giám đốc Sở Thông tin và Truyền thông",
        ["Chánh Văn phòng UBND Thành phố", "Giám đốc Sở Thông tin và Truyền thông"],
    ),
    (
        "Thủ trưởng/cấp phó các sở, ban - ngành; Chủ tịch/Phó Chủ tịch UBND quận - huyện",
        ["Thủ trưởng/cấp phó các sở, ban - ngành", "Chủ tịch/Phó Chủ tịch UBND quận - huyện"],
    ),
    (
        "- Giám đốc Sở Nội vụ - Thủ trưởng sở, ban - ngành Chủ tịch UBND quận - huyện",
        ["Giám đốc Sở Nội vụ", "Thủ trưởng sở, ban - ngành", "Chủ tịch UBND quận - huyện"],
    ),
    (
        "- Giám đốc Sở Tư pháp - Thủ trưởng sở, ban - ngành, quận - huyện",
        ["Giám đốc Sở Tư pháp", "Thủ trưởng sở, ban - ngành, quận - huyện"],
    ),
    (
        "- Trưởng Ban Tổ chức Thành ủy; - Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện",
        ["Trưởng Ban Tổ chức Thành ủy", "Thủ trưởng sở, ban - ngành", "Chủ tịch UBND quận - huyện"],
    ),
    (
        "- Giám đốc Sở Nội vụ, - Giám đốc Sở Khoa học và Công nghệ - Giám đốc Sở Văn hóa và Thể thao",
        ["Giám đốc Sở Nội vụ", "Giám đốc Sở Khoa học và Công nghệ", "Giám đốc Sở Văn hóa và Thể thao"],
    ),
    (
        "- Giám đốc Sở Nội vụ, - Tổ kiểm tra liên ngành việc thực hiện Quy tắc ứng xử - Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện",
        [
            "Giám đốc Sở Nội vụ",
            "Tổ kiểm tra liên ngành việc thực hiện Quy tắc ứng xử",
            "Thủ trưởng sở, ban - ngành",
            "Chủ tịch UBND quận - huyện",
        ],
    ),
    (
        "- Giám đốc Sở Tài chính - Cục trưởng Cục Hải quan Thành phố; Cục trưởng Cục thuế Thành phố",
        ["Giám đốc Sở Tài chính", "Cục trưởng Cục Hải quan Thành phố", "Cục trưởng Cục thuế Thành phố"],
    ),
    (
        "- Giám đốc Sở Tư pháp, Chánh Văn phòng UBND Thành phố - Giám đốc Kho bạc Nhà nước Thành phố, Giám đốc Ngân hàng nhà nước Việt Nam chi nhánh Thành",
        [
            "Giám đốc Sở Tư pháp",
            "Chánh Văn phòng UBND Thành phố",
            "Giám đốc Kho bạc Nhà nước Thành phố",
            "Giám đốc Ngân hàng nhà nước Việt Nam chi nhánh Thành",
        ],
    ),
    (
        "- Giám đốc Sở Thông tin và Truyền thông - Thủ trưởng các sở, ban - ngành; Chủ tịch UBND các quận - huyện; Chủ tịch UBND phường - xã, thị trấn",
        [
            "Giám đốc Sở Thông tin và Truyền thông",
            "Thủ trưởng các sở, ban - ngành",
            "Chủ tịch UBND các quận - huyện",
            "Chủ tịch UBND phường - xã, thị trấn",
        ],
    ),
    (
        "- Chỉ tiêu a, b; Giám đốc Sở Thông tin và Truyền thông - Chỉ tiêu c: Giám đốc Sở Thông tin và Truyền thông, Giám đốc Sở Tài chính, Chánh Văn phòng UBND Thành phố, Giám đốc Kho bạc Nhà nước Thành phố",
        [
            "Giám đốc Sở Thông tin và Truyền thông",
            "Giám đốc Sở Tài chính",
            "Chánh Văn phòng UBND Thành phố",
            "Giám đốc Kho bạc Nhà nước Thành phố",
        ],
    ),
    (
        "- Chỉ tiêu a: kết quả do Viện trưởng Viện Nghiên cứu phát triển khảo sát - Chỉ tiêu b: đánh giá trên hệ thống một cửa điện tử Thành phố - Chỉ tiêu c: Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện",
        [
            "Viện trưởng Viện Nghiên cứu phát triển",
            "Thủ trưởng sở, ban - ngành",
            "Chủ tịch UBND quận - huyện",
        ],
    ),
    (
        "- Viện trưởng Viện Nghiên cứu Phát triển Thành phố - Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện; Chủ tịch UBND phường - xã, thị trần",
        [
            "Viện trưởng Viện Nghiên cứu Phát triển Thành phố",
            "Thủ trưởng sở, ban - ngành",
            "Chủ tịch UBND quận - huyện",
            "Chủ tịch UBND phường - xã, thị trần",
        ],
    ),
    (
        "- Giám đốc Sở Tài chính - Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện có liên quan - Giám đốc Sở Nội vụ",
        [
            "Giám đốc Sở Tài chính",
            "Thủ trưởng sở, ban - ngành",
            "Chủ tịch UBND quận - huyện có liên quan",
            "Giám đốc Sở Nội vụ",
        ],
    ),
    (
        "- Giám đốc Sở Nội vụ, - Đài Truyền hình, Đài Tiếng nói nhân dân Thành phố, Báo Sài Gòn Giải phóng, Báo Tuổi trẻ, Trung tâm Báo chí Thành phố (Sở Thông tin và Truyền thông)",
        [
            "Giám đốc Sở Nội vụ",
            "Đài Truyền hình",
            "Đài Tiếng nói nhân dân Thành phố",
            "Báo Sài Gòn Giải phóng",
            "Báo Tuổi trẻ",
            "Trung tâm Báo chí Thành phố (Sở Thông tin và Truyền thông)",
        ],
    ),
    (
        "- Giám đốc Sở Thông tin và Truyền thông, Giám đốc Sở Nội vụ, Chánh Văn phòng UBND Thành phố - Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện - Mời Ban Tuyên giáo Thành ủy, Ban Dân vận Thành ủy phối hợp với Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội Thành phố",
        [
            "Giám đốc Sở Thông tin và Truyền thông",
            "Giám đốc Sở Nội vụ",
            "Chánh Văn phòng UBND Thành phố",
            "Thủ trưởng sở, ban - ngành",
            "Chủ tịch UBND quận - huyện",
            "Ban Tuyên giáo Thành ủy",
            "Ban Dân vận Thành ủy",
            "Mặt trận Tổ quốc Việt Nam",
            "các đoàn thể chính trị - xã hội Thành phố",
        ],
    ),
    (
        "Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện",
        ["Thủ trưởng sở, ban - ngành", "Chủ tịch UBND quận - huyện"],
    ),
    (
        "Giám đốc Sở Nội vụ, Giám đốc Sở Thông tin và truyền thông",
        ["Giám đốc Sở Nội vụ", "Giám đốc Sở Thông tin và truyền thông"],
    ),
    ("- Sở, Ban, Ngành - UBND các quận, huyện, thị xã", ["Sở, Ban, Ngành", "UBND các quận, huyện, thị xã"]),
    ("- Sở, Ban, Ngành\n- UBND các quận, huyện, thị xã", ["Sở, Ban, Ngành", "UBND các quận, huyện, thị xã"]),
    ("- Sở Nội vụ\n- Vãn phòng UBND Thành phố", ["Sở Nội vụ", "Vãn phòng UBND Thành phố"]),
    ("- Sở Nội vụ - Vãn phòng UBND Thành phố", ["Sở Nội vụ", "Vãn phòng UBND Thành phố"]),
    ("- Sở Nội vụ Văn phòng UBND Thành phố", ["Sở Nội vụ", "Văn phòng UBND Thành phố"]),
    (
        "- Các Sở: Kế hoạch và Đầu tư; Xây dựng; Quy hoạch -Kiến trúc; Tài nguyên và Môi trường; Tài chính; Nội vụ; Lao động, Thương binh và xã hội.\n- UBND quận, huyện, thị xã",
        [
            "Các Sở: Kế hoạch và Đầu tư; Xây dựng; Quy hoạch -Kiến trúc; Tài nguyên và Môi trường; Tài chính; Nội vụ; Lao động, Thương binh và xã hội",
            "UBND quận, huyện, thị xã",
        ],
    ),
    (
        "- Các Sở: Kế hoạch và Đầu tư; Xây dựng; Quy hoạch -Kiến trúc; Tài nguyên và Môi trường; Tài chính; Nội vụ; Lao động, Thương binh và xã hội. - UBND quận, huyện, thị xã",
        [
            "Các Sở: Kế hoạch và Đầu tư; Xây dựng; Quy hoạch -Kiến trúc; Tài nguyên và Môi trường; Tài chính; Nội vụ; Lao động, Thương binh và xã hội",
            "UBND quận, huyện, thị xã",
        ],
    ),
    ("BCĐ Cải cách hành chính, Phòng Nội vụ", ["BCĐ Cải cách hành chính", "Phòng Nội vụ"]),
    ("BCĐ Cải cách hành chính quận; Phòng Nội vụ", ["BCĐ Cải cách hành chính quận", "Phòng Nội vụ"]),
    ("Các Phòng, Ban, đơn vị và UBND 16 phường", ["Các Phòng, Ban, đơn vị", "UBND 16 phường"]),
    ("Văn phòng UBND, Phòng Nội vụ", ["Văn phòng UBND", "Phòng Nội vụ"]),
    ("Phòng Nội vụ, Quận đoàn", ["Phòng Nội vụ", "Quận đoàn"]),
    ("Văn phòng UBND quận, Phòng Văn hóa - Thông tin", ["Văn phòng UBND quận", "Phòng Văn hóa - Thông tin"]),
    (
        "Các phòng ban, đơn vị, Ủy ban nhân dân 16 phường",
        ["Các phòng ban, đơn vị", "Ủy ban nhân dân 16 phường"],
    ),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam Quận 11", ["Ủy ban Mặt trận Tổ quốc Việt Nam Quận 11"]),
    ("Phòng Tài chính - Kế hoạch", ["Phòng Tài chính - Kế hoạch"]),
    ("Sở Lao động - Thương binh và Xã hội", ["Sở Lao động - Thương binh và Xã hội"]),
    (
        "Thủ trưởng các cơ quan, đơn vị trực thuộc quận và Chủ tịch Ủy ban nhân dân 16 phường",
        ["Thủ trưởng các cơ quan, đơn vị trực thuộc quận", "Chủ tịch Ủy ban nhân dân 16 phường"],
    ),
    ("các Sở, ngành và Ủy ban nhân dân Thành phố", ["các Sở, ngành", "Ủy ban nhân dân Thành phố"]),
    ("Phòng Tư pháp và Ủy ban nhân dân 16 phường", ["Phòng Tư pháp", "Ủy ban nhân dân 16 phường"]),
    ("Sở Nội vụ, Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("Thủ trưởng các cơ quan có liên quan", ["Thủ trưởng các cơ quan có liên quan"]),
    ("Các đơn vị sự nghiệp công lập", ["Các đơn vị sự nghiệp công lập"]),
    (
        "- Ban Chỉ đạo và Tổ Công tác Ban Chỉ đạo CCHC Thành phố - Thủ trưởng sở, ban - ngành;",
        ["Ban Chỉ đạo và Tổ Công tác Ban Chỉ đạo CCHC Thành phố", "Thủ trưởng sở, ban - ngành"],
    ),
    ("Sở Nội vụ;", ["Sở Nội vụ"]),
    ("Phòng Nội vụ.", ["Phòng Nội vụ"]),
]


@pytest.mark.parametrize(("cell", "units"), CELLS)
def test_split_units(cell: str, units: list[str]) -> None:
    assert split_units(cell) == units


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_empty_cell(cell: str | None) -> None:
    assert split_units(cell) == []


def test_other_province_cells() -> None:
    assert split_units("Sở Nội vụ tỉnh Đắk Lắk, Công an tỉnh") == ["Sở Nội vụ tỉnh Đắk Lắk", "Công an tỉnh"]
    assert split_units("Chi cục Thuế, Kho bạc Nhà nước huyện") == ["Chi cục Thuế", "Kho bạc Nhà nước huyện"]
    assert split_units("Phòng Tài nguyên và Môi trường") == ["Phòng Tài nguyên và Môi trường"]


def test_same_unit_twice_is_kept_once() -> None:
    assert split_units("Phòng Nội vụ; Phòng Nội vụ") == ["Phòng Nội vụ"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND Quận 11", "Ủy ban nhân dân quận 11"),
        ("Phòng NV", "Phòng Nội vụ"),
        ("PNV", "Phòng Nội vụ"),
        ("Sở NV", "Sở Nội vụ"),
        ("Uỷ ban nhân dân Phường 8", "UBND P.8"),
        ("Văn phòng UBND TP", "Văn phòng Ủy ban nhân dân Thành phố"),
        ("Các Phòng, Ban", "phòng ban"),
        ("BCĐ CCHC", "Ban Chỉ đạo cải cách hành chính"),
    ],
)
def test_normalise_unit_equal(a: str, b: str) -> None:
    assert normalise_unit(a) == normalise_unit(b)


def test_normalise_unit_keeps_different_units_apart() -> None:
    assert normalise_unit("Phòng Nội vụ") != normalise_unit("Sở Nội vụ")
    assert normalise_unit("UBND Quận 10") != normalise_unit("UBND Quận 11")


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("UBND Quận 11", "Ủy ban nhân dân Quận 11"),
        ("UBND TP. Hồ Chí Minh", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
        ("Phòng Nội vụ Q.10", "Phòng Nội vụ Quận 10"),
        ("HĐND Phường 8", "Hội đồng nhân dân Phường 8"),
        ("BCĐ CCHC quận", "Ban Chỉ đạo cải cách hành chính quận"),
        ("Văn phòng UBNDTP", "Văn phòng Ủy ban nhân dân Thành phố"),
        ("Sở Nội vụ", "Sở Nội vụ"),
    ],
)
def test_expand_abbreviations(text: str, expanded: str) -> None:
    assert expand_abbreviations(text) == expanded


def test_abbreviations_inside_words_are_left_alone() -> None:
    assert expand_abbreviations("QUẬN 11") == "QUẬN 11"
    assert expand_abbreviations("HUBND") == "HUBND"
    assert expand_abbreviations("UBNDX") == "UBNDX"


def test_unify_tone_marks() -> None:
    assert unify_tone_marks("Uỷ ban, hoá, quý, hoàn") == "Ủy ban, hóa, quý, hoàn"


def test_office_shared_by_two_bodies_is_one_unit():
    assert split_units("Văn phòng HĐND và UBND phường") == ["Văn phòng HĐND và UBND phường"]
    assert split_units("Văn phòng UBND tỉnh và Sở Nội vụ") == ["Văn phòng UBND tỉnh", "Sở Nội vụ"]


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("Giám đốc Sở Nội vụ", "Sở Nội vụ"),
        ("Chánh Văn phòng UBND Thành phố", "Văn phòng UBND Thành phố"),
        ("Chủ tịch UBND quận - huyện", "UBND quận - huyện"),
        ("Phòng Nội vụ", None),
        ("Giám đốc", None),
    ],
)
def test_unit_behind_a_heads_title(name, unit):
    assert unit_behind_title(name) == unit

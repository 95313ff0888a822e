"""Header extraction: the five seeds against the gold, and one small input per rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cchc.docparse.blocks import Paragraph, Row, Table
from cchc.docparse.header import extract_header
from cchc.docparse.readers.txt import read_txt

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))


def _blocks(text: str) -> list:
    return [Paragraph(line.strip()) for line in text.strip().splitlines() if line.strip()]


def _header(text: str):
    return extract_header(_blocks(text))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_header_matches_gold(seed: Path) -> None:
    gold = json.loads((DATA / "gold" / f"{seed.stem}.json").read_text("utf-8"))
    header, _ = extract_header(read_txt(seed.read_bytes()))
    assert header.to_dict() == gold["document"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_header_warning_count(seed: Path) -> None:
    _, warnings = extract_header(read_txt(seed.read_bytes()))
    assert len(warnings) == (2 if seed.stem.startswith("004") else 0)


PLAN = """
ỦY BAN NHÂN DÂN
QUẬN 11
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 19/KH-UBND
Quận 11, ngày 03 tháng 02 năm 2022
KẾ HOẠCH
THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN QUẬN 11 NĂM 2022
Căn cứ Quyết định số 4424/QĐ-UBND của Ủy ban nhân dân Thành phố;
Ủy ban nhân dân Quận 11 ban hành Kế hoạch như sau:
CHỦ TỊCH
Trần Phi Long
"""


def test_plain_plan_header() -> None:
    header, warnings = _header(PLAN)
    assert header.issuer == "Ủy ban nhân dân Quận 11"
    assert header.issuer_parent is None
    assert (header.number, header.kind, header.place) == ("19/KH-UBND", "KH", "Quận 11")
    assert header.date == date(2022, 2, 3)
    assert header.title == "Kế hoạch thực hiện công tác cải cách hành chính trên địa bàn Quận 11 năm 2022"
    assert header.signer.name == "Trần Phi Long"
    assert header.signer.position == "Chủ tịch"
    assert warnings == []


def test_merged_header_cells_are_split() -> None:
    header, _ = _header("""
        ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        XÃ ĐỊNH HƯNG Độc lập - Tự do - Hạnh phúc
        Số: 01 /KH-UBND Định Hưng, ngày 05 tháng 3 năm 2024
        KẾ HOẠCH
        Cải cách hành chính năm 2024
        Căn cứ Luật Tổ chức chính quyền địa phương;
    """)
    assert header.issuer == "Ủy ban nhân dân xã Định Hưng"
    assert header.number == "01/KH-UBND"
    assert header.place == "Định Hưng"
    assert header.date == date(2024, 3, 5)
    assert header.title == "Kế hoạch cải cách hành chính năm 2024"


def test_issuer_and_motto_on_one_line() -> None:
    header, _ = _header("""
        ỦY BAN NHÂN DÂN QUẬN 11 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 19/KH-UBND Quận 11, ngày 03 tháng 02 năm 2022
        KẾ HOẠCH
        Thực hiện công tác cải cách hành chính năm 2022
    """)
    assert (header.issuer, header.number, header.place) == (
        "Ủy ban nhân dân Quận 11",
        "19/KH-UBND",
        "Quận 11",
    )


def test_page_chrome_is_skipped() -> None:
    header, warnings = _header(
        """
        Hệ thống pháp luật
        Đang tải nội dung, vui lòng chờ giây lát...
        Lượt xem: 1.234
        Số hiệu: 19/KH-UBND Loại văn bản: Kế hoạch Nơi ban hành: Quận 11
        Ngày ban hành: 03/02/2022
        """
        + PLAN
    )
    assert header.issuer == "Ủy ban nhân dân Quận 11"
    assert header.number == "19/KH-UBND"
    assert header.date == date(2022, 2, 3)
    assert warnings == []


def test_number_glued_to_date_and_bold_digits() -> None:
    header, _ = _header("""
        ỦY BAN NHÂN DÂN
        HUYỆN BÌNH CHÁNH
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 263/KH-UBNDngày 10 tháng 5 năm 2023
        KẾ HOẠCH
        Kiểm tra công tác cải cách hành chính năm 2023
    """)
    assert header.number == "263/KH-UBND"
    assert header.date == date(2023, 5, 10)
    assert header.issuer == "Ủy ban nhân dân huyện Bình Chánh"


def test_blank_number_and_date() -> None:
    header, warnings = _header("""
        ỦY BAN NHÂN DÂN
        XÃ TÂN PHÚ
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: /KH-UBND
        Tân Phú, ngày tháng năm 2023
        KẾ HOẠCH
        Cải cách hành chính năm 2023
    """)
    assert header.number is None
    assert header.date is None
    assert header.year == 2023
    assert len(warnings) == 1
    assert "Số: /KH-UBND" in warnings[0]
    assert "ngày tháng năm 2023" in warnings[0]


def test_cong_van_subject_is_the_title() -> None:
    header, _ = _header("""
        ỦY BAN NHÂN DÂN
        HUYỆN CỦ CHI
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 812/UBND-NV
        V/v tăng cường kỷ luật, kỷ cương
        hành chính trên địa bàn huyện Củ Chi
        Củ Chi, ngày 12 tháng 4 năm 2024
        Kính gửi: Thủ trưởng các cơ quan, đơn vị thuộc huyện
    """)
    assert header.kind == "CV"
    assert header.number == "812/UBND-NV"
    assert header.title == "Tăng cường kỷ luật, kỷ cương hành chính trên địa bàn huyện Củ Chi"
    assert header.issuer == "Ủy ban nhân dân huyện Củ Chi"
    assert header.year == 2024


def test_deputy_signs_for_the_chairman() -> None:
    header, _ = _header(PLAN.replace("CHỦ TỊCH\n", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"))
    assert header.signer.position == "Phó Chủ tịch"
    assert header.signer.name == "Trần Phi Long"


def test_signer_prefix_and_position_on_one_line() -> None:
    header, _ = _header(PLAN.replace("CHỦ TỊCH\n", "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC\n(Đã ký)\n"))
    assert header.signer.position == "Phó Giám đốc"
    assert header.signer.name == "Trần Phi Long"


def test_committee_signature_keeps_a_printed_typo() -> None:
    header, _ = _header(PLAN.replace("CHỦ TỊCH\n", "TM. ỦY BAN NHÂN DÂN\nCHÚ TỊCH\n"))
    assert header.signer.position == "Chú tịch"


def test_no_header_block_takes_issuer_from_body() -> None:
    header, warnings = _header("""
        KẾ HOẠCH
        Về công tác cải cách hành chính năm 2024
        Thực hiện chỉ đạo của cấp trên, UBND Phường Tân Định ban hành Kế hoạch như sau:
    """)
    assert header.issuer == "Ủy ban nhân dân Phường Tân Định"
    assert header.kind == "KH"
    assert header.title == "Kế hoạch về công tác cải cách hành chính năm 2024"
    assert len(warnings) == 1
    assert "no issuer header" in warnings[0]


def test_two_level_header_gives_a_parent() -> None:
    header, _ = _header("""
        UBND QUẬN 10
        ỦY BAN NHÂN DÂN PHƯỜNG 8
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 12/KH-UBND
        Phường 8, ngày 02 tháng 6 năm 2023
        KẾ HOẠCH
        Cải cách hành chính năm 2023
    """)
    assert header.issuer_parent == "Ủy ban nhân dân Quận 10"
    assert header.issuer == "Ủy ban nhân dân Phường 8"


def test_other_province_department_and_directive() -> None:
    header, _ = _header("""
        ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK
        SỞ NỘI VỤ
        -------
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 05/CT-SNV
        Đắk Lắk, ngày 15 tháng 01 năm 2024
        CHỈ THỊ
        VỀ TĂNG CƯỜNG KỶ LUẬT, KỶ CƯƠNG HÀNH CHÍNH NĂM 2024
        Nhằm nâng cao hiệu quả công tác, Giám đốc Sở Nội vụ chỉ thị:
        KT. GIÁM ĐỐC
        PHÓ GIÁM ĐỐC
        Y Ngông Niê
    """)
    assert header.issuer_parent == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert header.issuer == "Sở Nội vụ"
    assert (header.kind, header.number, header.place) == ("CT", "05/CT-SNV", "Đắk Lắk")
    assert header.title == "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính năm 2024"
    assert header.year == 2024
    assert header.signer.name == "Y Ngông Niê"
    assert header.signer.position == "Phó Giám đốc"


def test_decision_issuing_a_plan_takes_the_plan_title() -> None:
    header, _ = _header("""
        ỦY BAN NHÂN DÂN
        TỈNH BÌNH DƯƠNG
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 3701/QĐ-UBND
        Bình Dương, ngày 30 tháng 12 năm 2022
        QUYẾT ĐỊNH
        VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA TỈNH BÌNH DƯƠNG
        ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG
        Căn cứ Luật Tổ chức chính quyền địa phương;
        Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2023 của tỉnh Bình Dương.
    """)
    assert header.kind == "QĐ"
    assert header.title == "Kế hoạch cải cách hành chính năm 2023 của tỉnh Bình Dương"
    assert header.year == 2023
    assert header.date == date(2022, 12, 30)
    assert header.issuer == "Ủy ban nhân dân tỉnh Bình Dương"


def test_header_in_a_table_block() -> None:
    table = Table(
        [
            Row([["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]),
            Row([["Số: 45/KH-UBND"], ["Đà Nẵng, ngày 20 tháng 02 năm 2024"]]),
        ]
    )
    blocks = [table, *_blocks("KẾ HOẠCH\nCải cách hành chính năm 2024\nCăn cứ Luật;")]
    header, warnings = extract_header(blocks)
    assert header.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"
    assert (header.number, header.place, header.date) == ("45/KH-UBND", "Đà Nẵng", date(2024, 2, 20))
    assert warnings == []


def test_abbreviated_place_is_written_out() -> None:
    header, _ = _header(PLAN.replace("Quận 11, ngày", "TP. Hồ Chí Minh, ngày"))
    assert header.place == "Thành phố Hồ Chí Minh"


def test_authority_line_run_onto_the_title_is_cut() -> None:
    header, _ = _header("""
        ỦY BAN NHÂN DÂN
        THÀNH PHỐ HÀ NỘI
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 5743/QĐ-UBND
        Hà Nội, ngày 29 tháng 12 năm 2020
        QUYẾT ĐỊNH
        VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA THÀNH PHỐ ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI
        Căn cứ Luật Tổ chức chính quyền địa phương;
        Điều 1. Phê duyệt Kế hoạch cải cách hành chính năm 2021 của thành phố Hà Nội.
    """)
    assert header.title == "Kế hoạch cải cách hành chính năm 2021 của thành phố"
    assert header.year == 2021


def test_signer_name_run_onto_the_next_header() -> None:
    header, _ = _header(PLAN.replace("Trần Phi Long", "Trần Phi Long ỦY BAN NHÂN DÂN\nQUẬN 11"))
    assert header.signer.name == "Trần Phi Long"


def test_header_in_column_order() -> None:
    # A PDF reads the left column (issuer, number) before the right one (motto, date).
    header, _ = _header("""
        ỦY BAN NHÂN DÂN QUẬN 11
        Số: 19/KH-UBND
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Quận 11, ngày 03 tháng 02 năm 2022
        KẾ HOẠCH
        THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN QUẬN 11 NĂM 2022
        Căn cứ Quyết định số 4424/QĐ-UBND của Ủy ban nhân dân Thành phố;
    """)
    assert (header.issuer, header.number, header.kind) == ("Ủy ban nhân dân Quận 11", "19/KH-UBND", "KH")
    assert header.date == date(2022, 2, 3)


def test_cong_van_in_column_order() -> None:
    header, _ = _header("""
        ỦY BAN NHÂN DÂN
        QUẬN GÒ VẤP
        Số: 4988/UBND-CCHC
        V/v triển khai thực hiện Công văn số
        4352/UBND-KSTT của Ủy ban nhân dân Thành phố
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Gò Vấp, ngày 05 tháng 10 năm 2023
        Kính gửi: Thủ trưởng các cơ quan, đơn vị thuộc quận
    """)
    assert header.issuer == "Ủy ban nhân dân quận Gò Vấp"
    assert (header.number, header.kind) == ("4988/UBND-CCHC", "CV")
    assert header.title == "Triển khai thực hiện Công văn số 4352/UBND-KSTT của Ủy ban nhân dân Thành phố"


def test_header_right_column_first() -> None:
    header, _ = _header("""
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Quận 11, ngày 03 tháng 02 năm 2022
        ỦY BAN NHÂN DÂN
        QUẬN 11
        Số: 19/KH-UBND
        KẾ HOẠCH
        Cải cách hành chính năm 2022
        Căn cứ Quyết định số 4424/QĐ-UBND của Ủy ban nhân dân Thành phố;
    """)
    assert (header.issuer, header.number, header.kind) == ("Ủy ban nhân dân Quận 11", "19/KH-UBND", "KH")
    assert header.title == "Kế hoạch cải cách hành chính năm 2022"


def test_number_line_far_above_the_motto_is_not_the_header() -> None:
    lines = ["Số: 99/KH-UBND"] + [f"Dòng giới thiệu {i}" for i in range(15)] + PLAN.strip().splitlines()
    header, _ = _header("\n".join(lines))
    assert header.number == "19/KH-UBND"

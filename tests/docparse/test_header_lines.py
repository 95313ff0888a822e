"""Header lines put back together: pieces of one header cell broken over source lines."""

from __future__ import annotations

from datetime import date

from cchc.docparse.blocks import Paragraph
from cchc.docparse.header import extract_header, named_years
from cchc.docparse.header_lines import block_lines


def _lines(text: str) -> list[str]:
    return block_lines([Paragraph(line.strip()) for line in text.strip().splitlines() if line.strip()])


def _header(text: str):
    return extract_header([Paragraph(line.strip()) for line in text.strip().splitlines() if line.strip()])[0]


CUT_HEADER = """
ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:
36/2025/QĐ-UBND
Quảng Trị, ngày
19 tháng11 năm 2025
QUYẾT
ĐỊNH
BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ AN TOÀN ĐIỆN
Căn cứ Luật Điện lực;
"""


def test_number_on_the_line_after_so() -> None:
    assert "Số: 36/2025/QĐ-UBND" in _lines(CUT_HEADER)
    assert _header(CUT_HEADER).number == "36/2025/QĐ-UBND"


def test_date_cut_after_ngay_and_glued_month() -> None:
    assert "Quảng Trị, ngày 19 tháng11 năm 2025" in _lines(CUT_HEADER)
    assert _header(CUT_HEADER).date == date(2025, 11, 19)


def test_type_word_cut_in_two() -> None:
    header = _header(CUT_HEADER)
    assert header.kind == "QĐ"
    assert header.title.startswith("Quyết định ban hành")


def test_date_cut_after_the_month() -> None:
    assert _lines("Hà Nội, ngày 21 tháng\n11 năm 2025") == ["Hà Nội, ngày 21 tháng 11 năm 2025"]


def test_place_cut_before_its_last_word() -> None:
    assert _lines("Hà\nNội, ngày 21 tháng 11 năm 2025") == ["Hà Nội, ngày 21 tháng 11 năm 2025"]
    # An upper-case line is an issuer line, never the start of the place.
    assert _lines("BỘ NỘI VỤ\nHà Nội, ngày 2 tháng 1 năm 2025")[0] == "BỘ NỘI VỤ"


def test_symbol_with_a_lower_case_tail() -> None:
    header = _header("""
        THỦ TƯỚNG CHÍNH PHỦ
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 229/CĐ-TTg
        Hà Nội, ngày 23 tháng 11 năm 2025
        CÔNG ĐIỆN
        Về việc khắc phục hậu quả mưa lũ
    """)
    assert header.number == "229/CĐ-TTg"
    # A lower-case word glued to the symbol is still not part of it.
    assert _header("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 263/KH-UBNDngày 10 tháng 5 năm 2023").number == (
        "263/KH-UBND"
    )


def test_title_years_that_are_not_the_plan_year() -> None:
    assert named_years("Kế hoạch cải cách hành chính năm 2026") == {2026}
    assert named_years("Kế hoạch giai đoạn 2026 - 2030") == set()
    assert named_years("Kế hoạch từ năm 2026 đến năm 2030") == set()
    assert named_years("Chương trình phòng, chống ma túy đến năm 2030") == set()
    assert named_years("sửa đổi Quyết định số 52/2024/QĐ-UBND ngày 30 tháng 10 năm 2024") == set()
    assert named_years("bãi bỏ Quyết định số 09/2022/QĐ-UBND ngày 25/3/2022") == set()
    assert named_years("Kế hoạch năm 2026 thực hiện Đề án đến năm 2030") == {2026}


def test_issuer_head_cut_in_two() -> None:
    header = _header("""
        VĂN
        PHÒNG CHÍNH PHỦ
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 624/TB-VPCP
        Hà Nội, ngày 16 tháng 11 năm 2025
        THÔNG BÁO
        Kết luận của Thủ tướng Chính phủ
    """)
    assert (header.issuer, header.issuer_parent) == ("Văn phòng Chính phủ", None)


def test_issuer_named_above_the_body_when_the_header_cell_is_missing() -> None:
    header = _header("""
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 1662/NQ-UBTVQH15
        NGHỊ QUYẾT
        Về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Đồng Nai năm 2025
        ỦY BAN THƯỜNG VỤ QUỐC HỘI
        Căn cứ Nghị quyết số 76/2025/UBTVQH15 của Ủy ban Thường vụ Quốc hội;
    """)
    assert header.issuer == "Ủy ban Thường vụ Quốc hội"
    assert header.title == (
        "Nghị quyết về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Đồng Nai năm 2025"
    )


def test_title_wrapping_at_a_bare_head_is_not_cut() -> None:
    header = _header("""
        ỦY BAN NHÂN DÂN
        TỈNH CÀ MAU
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Số: 01779/QĐ-UBND
        Cà Mau, ngày 19 tháng 11 năm 2025
        QUYẾT ĐỊNH
        CÔNG BỐ THỦ TỤC THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA CHỦ TỊCH ỦY BAN
        NHÂN DÂN TỈNH CÀ MAU
        CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
        Căn cứ Luật Tổ chức chính quyền địa phương;
    """)
    assert header.title.lower().endswith("chủ tịch ủy ban nhân dân tỉnh cà mau")


NO_DATE_LINE = """
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 1654/NQ-UBTVQH15
NGHỊ QUYẾT
Về việc sắp xếp các đơn vị hành chính cấp xã năm 2025
ỦY BAN THƯỜNG VỤ QUỐC HỘI
Căn cứ Luật Tổ chức chính quyền địa phương;
1. Nghị quyết này có hiệu lực thi hành từ ngày được thông qua.
Nghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV thông qua ngày 16 tháng 6 năm 2025.
"""


def test_header_without_a_date_takes_the_adoption_date() -> None:
    header, warnings = extract_header([Paragraph(x) for x in NO_DATE_LINE.strip().splitlines()])
    assert header.date == date(2025, 6, 16)
    assert any("no date" in w for w in warnings)


def test_header_without_a_date_takes_the_date_next_to_its_own_number() -> None:
    text = NO_DATE_LINE.replace("thông qua ngày 16 tháng 6 năm 2025", "thông qua.")
    text += "PHỤ LỤC\n(Kèm theo Nghị quyết số 1654/NQ-UBTVQH15 ngày 20/6/2025)\n"
    # A cited document's number with its date is not the document's own date.
    text = text.replace("Căn cứ Luật", "Căn cứ Nghị quyết số 76/2025/UBTVQH15 ngày 14/4/2025; Luật")
    header = _header(text)
    assert header.date == date(2025, 6, 20)

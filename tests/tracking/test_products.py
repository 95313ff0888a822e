from datetime import date

import pytest
from django.utils import translation

from cchc.tracking.errors import InvalidProductReference
from cchc.tracking.products import parse_product_reference


@pytest.fixture(autouse=True)
def english():
    # Messages are checked in their English source form; the app shows them in Vietnamese.
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "number", "day"),
    [
        ("số 12/KH-UBND ngày 10/3/2022", "12/KH-UBND", date(2022, 3, 10)),
        ("Kế hoạch số 12/KH-UBND ngày 10 tháng 3 năm 2022", "12/KH-UBND", date(2022, 3, 10)),
        ("Báo cáo 45/BC-UBND, 02/04/2026", "45/BC-UBND", date(2026, 4, 2)),
        ("Số: 07/QĐ-UBND ngày 05-01-2026.", "07/QĐ-UBND", date(2026, 1, 5)),
        ("Nghị quyết số 05/2022/NQ-HĐND ngày 1.7.2022", "05/2022/NQ-HĐND", date(2022, 7, 1)),
        ("Công văn 1234/UBND-NV", "1234/UBND-NV", None),
        ("Báo cáo số liệu 45/BC-UBND ngày 3/4/2026", "45/BC-UBND", date(2026, 4, 3)),
        ("  KẾ HOẠCH  SỐ 3/KH-UBND   NGÀY 9 THÁNG 2 NĂM 2026 ", "3/KH-UBND", date(2026, 2, 9)),
        ("số 15 ngày 20/3/2026", "15", date(2026, 3, 20)),
        # Decomposed Unicode (as some keyboards and PDFs give it) reads the same.
        ("so\u0302\u0301 12/KH-UBND nga\u0300y 10/3/2022", "12/KH-UBND", date(2022, 3, 10)),
    ],
)
def test_reads_number_and_date(text, number, day):
    assert parse_product_reference(text) == (number, day)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("số 12/KH-UBND ngày 31/02/2022", "“31/02/2022” is not a valid date"),
        ("Kế hoạch số 12/KH-UBND ngày 30 tháng 2 năm 2026", "“30 tháng 2 năm 2026” is not a valid date"),
        ("số 12/KH-UBND ngày 10/13/2022", "“10/13/2022” is not a valid date"),
        ("số 12/KH-UBND ngày 10/3/22", "with four digits"),
        ("Báo cáo ngày 10/3/2022", "Write the number of the product document"),
        ("", "Enter the product document"),
        ("   ", "Enter the product document"),
        ("số " + "1" * 101, "at most 100 characters"),
    ],
)
def test_refuses_with_a_clear_message(text, message):
    with pytest.raises(InvalidProductReference) as caught:
        parse_product_reference(text)
    assert message in caught.value.messages[0]

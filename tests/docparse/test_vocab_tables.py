"""Header-cell vocabulary of task tables (data/table_headers.yaml)."""

import pytest

from cchc.docparse.readers.table_header import column_role, column_roles, is_header_row


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("STT", "stt"),
        ("TT", "stt"),
        ("Số TT", "stt"),
        ("Nhiệm vụ", "title"),
        ("Nội dung", "title"),
        ("Nhiệm vụ cụ thể", "title"),
        ("Nội dung công việc", "title"),
        ("Nội dung thực hiện", "title"),
        ("Sản phẩm", "products"),
        ("Kết quả", "products"),
        ("Sản phẩm đầu ra", "products"),
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Chủ trì", "lead"),
        ("Cơ quan, đơn vị chủ trì", "lead"),
        ("Cơ quan phối hợp", "support"),
        ("Đơn vị phối hợp", "support"),
        ("Phối hợp", "support"),
        ("Thời gian", "deadline"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời hạn", "deadline"),
        ("Tiến độ", "deadline"),
        ("Ghi chú", "notes"),
        ("**Thời gian hoàn thành**", "deadline"),
    ],
)
def test_header_cells(cell, role):
    assert column_role(cell) == role


def test_body_cells_have_no_role():
    assert column_role("Phòng Nội vụ") is None
    assert column_role("Xây dựng Kế hoạch Cải cách hành chính năm 2022 " * 3) is None
    # "TT" only as a whole cell: not inside "TTHC"
    assert column_role("TTHC") is None


def test_header_row_needs_title_and_two_more():
    assert is_header_row(["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"])
    assert is_header_row(["Nội dung", "Đơn vị phối hợp", "Tiến độ"])
    assert not is_header_row(["STT", "Nhiệm vụ"])
    assert not is_header_row(["1", "Xây dựng kế hoạch", "Phòng Nội vụ", "Quý I/2022"])


def test_roles_in_any_order():
    roles = column_roles(["Thời hạn", "Ghi chú", "Nội dung", "TT", "Đơn vị chủ trì"])
    assert roles == ["deadline", "notes", "title", "stt", "lead"]

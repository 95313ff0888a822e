"""Tables flattened into pasted text: tabs, pipes, lone bars, one cell per line, HTML cells."""

from cchc.docparse.blocks import Paragraph, Table
from cchc.docparse.readers.cell_text import cell_paragraphs, merge_cell, split_bullet_run
from cchc.docparse.readers.txt import read_lines

HEADER = "STT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian"


def _table(blocks) -> Table:
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def _texts(table: Table) -> list[list[str]]:
    return [[" | ".join(c) for c in row.cells] for row in table.rows]


def test_tab_rows_with_repeated_header_and_split_row():
    lines = [
        "Phụ lục",
        HEADER,
        "1\tCông tác chỉ đạo\t\t\t\t",
        "1.1\tKiểm tra CCHC theo hướng đột xuất; đặc biệt kiểm tra trách nhiệm\t- Kế hoạch"
        "\t- Sở Nội vụ - Thủ trưởng sở, ban - ngành;\t\tQuý I/2022",
        "",
        HEADER,
        "\tngười đứng đầu\t- Báo cáo\tChủ tịch UBND quận - huyện\t\t",
        "1.2\tTuyên truyền\tBài viết\tSở Thông tin và Truyền thông\tCác sở\tHàng quý",
    ]
    table = _table(read_lines(lines))
    assert _texts(table) == [
        ["STT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"],
        ["1", "Công tác chỉ đạo", "", "", "", ""],
        [
            "1.1",
            "Kiểm tra CCHC theo hướng đột xuất; đặc biệt kiểm tra trách nhiệm người đứng đầu",
            "- Kế hoạch | - Báo cáo",
            "- Sở Nội vụ | - Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện",
            "",
            "Quý I/2022",
        ],
        ["1.2", "Tuyên truyền", "Bài viết", "Sở Thông tin và Truyền thông", "Các sở", "Hàng quý"],
    ]
    row = table.rows[2]
    assert (row.ref.line_start, row.ref.line_end, row.ref.table, row.ref.row) == (4, 7, 0, 2)
    assert table.ref.line_start == 2


def test_footnote_between_table_parts_is_a_paragraph():
    lines = [
        HEADER,
        "1\tA\tB\tSở Nội vụ\t\tQuý I/2022",
        "",
        "² Ghi chú cuối trang",
        "",
        HEADER,
        "2\tC\tD\tSở Y tế\t\tQuý II/2022",
    ]
    blocks = read_lines(lines)
    assert len(_table(blocks).rows) == 3
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["² Ghi chú cuối trang"]


def test_markdown_pipe_table():
    lines = [
        "| STT | Nội dung | Đơn vị chủ trì | Thời hạn |",
        "|---|---|---|:---:|",
        "| 1 | **Rà soát** TTHC | Văn phòng | Quý I/2023 |",
        "| 2 | Số hóa<br>hồ sơ | Phòng Nội vụ | Thường xuyên |",
        "Đoạn văn sau bảng.",
    ]
    blocks = read_lines(lines)
    assert _texts(_table(blocks))[1:] == [
        ["1", "Rà soát TTHC", "Văn phòng", "Quý I/2023"],
        ["2", "Số hóa | hồ sơ", "Phòng Nội vụ", "Thường xuyên"],
    ]
    assert isinstance(blocks[-1], Paragraph) and blocks[-1].text == "Đoạn văn sau bảng."


def test_cells_separated_by_lone_bars():
    lines = [
        "STT",
        "|",
        "Nhiệm vụ",
        "|",
        "Chủ trì",
        "|",
        "Thời gian",
        "",
        "1",
        "|",
        "Xây dựng kế hoạch",
        "- Kế hoạch năm",
        "|",
        "Phòng Nội vụ",
        "|",
        "Quý I/2022",
        "",
        "2",
        "|",
        "Kiểm tra",
        "|",
        "Văn phòng",
        "|",
        "Quý II/2022",
        "",
        "Nơi nhận:",
    ]
    blocks = read_lines(lines)
    assert _texts(_table(blocks)) == [
        ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"],
        ["1", "Xây dựng kế hoạch | - Kế hoạch năm", "Phòng Nội vụ", "Quý I/2022"],
        ["2", "Kiểm tra", "Văn phòng", "Quý II/2022"],
    ]
    assert blocks[-1].text == "Nơi nhận:"


def test_one_cell_per_line_with_sections_bullets_and_merged_rows():
    nbsp = "\u00a0"
    cells = [
        "STT",
        "Nhiệm vụ cụ thể",
        "Sản phẩm",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "I",
        "Cải cách thể chế",
        nbsp,
        nbsp,
        nbsp,
        nbsp,
        "1",
        "Rà soát văn bản",
        "- Kế hoạch",
        "- Báo cáo",
        "Phòng Tư pháp",
        "- Các phòng, ban",
        "- UBND 16 phường",
        "Quý I/2022",
        "Báo cáo kết quả hàng tháng",
        "Văn phòng UBND",
        nbsp,
        "Hằng tháng",
        "-",
        "Tổng hợp",
        "Báo cáo",
        nbsp,
        nbsp,
        "Quý II/2022",
        "2",
        "Kiện toàn Ban Chỉ đạo",
        "Quyết định",
        "Phòng Nội vụ",
        "Các Phòng, Ban",
        "Khi có phát sinh",
    ]
    lines = []
    for cell in cells:
        lines += [cell, ""]
    assert _texts(_table(read_lines(lines)))[1:] == [
        ["I", "Cải cách thể chế", "", "", "", ""],
        [
            "1",
            "Rà soát văn bản",
            "- Kế hoạch | - Báo cáo",
            "Phòng Tư pháp",
            "- Các phòng, ban | - UBND 16 phường",
            "Quý I/2022",
        ],
        ["", "", "Báo cáo kết quả hàng tháng", "Văn phòng UBND", "", "Hằng tháng"],
        ["-", "Tổng hợp", "Báo cáo", "", "", "Quý II/2022"],
        ["2", "Kiện toàn Ban Chỉ đạo", "Quyết định", "Phòng Nội vụ", "Các Phòng, Ban", "Khi có phát sinh"],
    ]


def test_one_cell_per_line_header_in_other_order_without_products():
    lines = [
        "TT",
        "Nội dung",
        "Thời hạn",
        "Đơn vị chủ trì",
        "1",
        "Số hóa hồ sơ",
        "Quý III/2023",
        "Văn phòng UBND",
    ]
    assert _texts(_table(read_lines(lines)))[1] == ["1", "Số hóa hồ sơ", "Quý III/2023", "Văn phòng UBND"]


def test_html_cells():
    assert cell_paragraphs("<p>Chỉ tiêu:</p> <p>a) 100% hồ sơ.</p>") == ["Chỉ tiêu:", "a) 100% hồ sơ."]
    assert cell_paragraphs("<ul><li>Kế hoạch</li><li>Báo cáo</li></ul>") == ["Kế hoạch", "Báo cáo"]
    assert cell_paragraphs('<ul style="list-style-type: none"> - Cải tiến - Hạn chế văn bản giấy </ul>') == [
        "- Cải tiến",
        "- Hạn chế văn bản giấy",
    ]
    assert cell_paragraphs("Dòng một<br/>Dòng hai") == ["Dòng một", "Dòng hai"]


def test_bullet_runs_keep_compound_names_and_lower_case_dashes():
    assert split_bullet_run("- Giám đốc Sở Quy hoạch - Kiến trúc - Sở Xây dựng") == [
        "- Giám đốc Sở Quy hoạch - Kiến trúc",
        "- Sở Xây dựng",
    ]
    assert split_bullet_run("- Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện") == [
        "- Thủ trưởng sở, ban - ngành; Chủ tịch UBND quận - huyện"
    ]
    assert split_bullet_run("- Kế hoạch - 100% hồ sơ - Ủy ban nhân dân") == [
        "- Kế hoạch",
        "- 100% hồ sơ",
        "- Ủy ban nhân dân",
    ]


def test_merge_cell_joins_a_phrase_broken_by_the_page():
    assert merge_cell(["- Phương pháp: Hội"], ["thảo, khảo sát - Báo cáo"]) == [
        "- Phương pháp: Hội thảo, khảo sát",
        "- Báo cáo",
    ]
    assert merge_cell(["- Kế hoạch"], ["- Báo cáo"]) == ["- Kế hoạch", "- Báo cáo"]
    assert merge_cell([], ["Quý I"]) == ["Quý I"]


def test_lone_bar_rows_without_blank_lines_between_them():
    lines = [
        "Gửi báo cáo theo bảng sau:",
        "",
        "Kỳ báo cáo",
        "|",
        "Chốt số liệu",
        "|",
        "Hạn gửi",
        "Quý I",
        "|",
        "Từ 15/12/2024 đến 14/3/2025",
        "|",
        "Trước ngày 18/3/2025",
        "Năm",
        "|",
        "Từ 15/12/2024 đến 14/12/2025",
        "|",
        "Trước ngày 18/12/2025",
    ]
    blocks = read_lines(lines)
    assert isinstance(blocks[0], Paragraph)  # the sentence before the table is no row
    assert _texts(_table(blocks)) == [
        ["Kỳ báo cáo", "Chốt số liệu", "Hạn gửi"],
        ["Quý I", "Từ 15/12/2024 đến 14/3/2025", "Trước ngày 18/3/2025"],
        ["Năm", "Từ 15/12/2024 đến 14/12/2025", "Trước ngày 18/12/2025"],
    ]


def test_heading_near_a_bar_table_does_not_stall_the_finder():
    lines = ["3. Thời hạn báo cáo", "", "Theo bảng sau:", "", "A", "|", "B", "", "C", "|", "D"]
    blocks = read_lines(lines)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["3. Thời hạn báo cáo", "Theo bảng sau:"]
    assert _texts(_table(blocks)) == [["A", "B"], ["C", "D"]]

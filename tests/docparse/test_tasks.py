"""Sections and tasks from task tables and from body duties."""

import importlib.util
import json
from pathlib import Path

import pytest

from cchc.docparse import parse
from cchc.docparse.blocks import Row, Table
from cchc.docparse.outline import build_outline
from cchc.docparse.readers.txt import read_lines
from cchc.docparse.tasks import extract_tasks, is_target_statement

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["STT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]


def _row(*cells: str | list[str]) -> Row:
    return Row([c if isinstance(c, list) else ([c] if c else []) for c in cells])


def _tasks(rows: list[Row], header=HEADER, year=2021):
    table = Table([_row(*header), *rows])
    return extract_tasks([table], build_outline([]), year=year)


def test_roman_sections_codes_and_fields():
    sections, tasks, warnings = _tasks(
        [
            _row("I", "Cải cách thể chế", "", "", "", ""),
            _row(
                "1",
                "Rà soát văn bản",
                ["- Kế hoạch;", "- Báo cáo."],
                "Sở Tư pháp",
                ["- Sở, Ban, Ngành"],
                "Quý I/2021",
            ),
            _row("2", "Kiểm tra", "Báo cáo...", "Sở Nội vụ", "", "Hằng tháng"),
        ]
    )
    assert [(s.code, s.title) for s in sections] == [("I", "Cải cách thể chế")]
    assert [t.code for t in tasks] == ["I.1", "I.2"]
    assert tasks[0].section == "I"
    assert tasks[0].products == ["Kế hoạch", "Báo cáo"]
    assert tasks[1].products == ["Báo cáo..."]
    assert tasks[0].lead == ["Sở Tư pháp"]
    assert tasks[0].support == ["Sở, Ban, Ngành"]
    assert tasks[0].deadline.text == "Quý I/2021"
    assert warnings == []


def test_unnumbered_rows_continue_their_parent():
    _, tasks, _ = _tasks(
        [
            _row("III", "Cải cách TTHC", "", "", "", ""),
            _row("6", "Xây dựng quy chế", "Kế hoạch", "Văn phòng UBND Thành phố", "Sở Tư pháp", "Quý I/2021"),
            _row("-", "Rà soát TTHC liên thông", "Báo cáo", "", "", "Quý II/2021"),
            _row("", "", "Quy chế", "Sở Nội vụ", "", "Quý III/2021"),
        ]
    )
    assert [t.code for t in tasks] == ["III.6", "III.6.a", "III.6.b"]
    assert tasks[1].title == "Rà soát TTHC liên thông"
    assert tasks[1].lead == ["Văn phòng UBND Thành phố"] and tasks[1].support == ["Sở Tư pháp"]
    assert tasks[2].title == "Xây dựng quy chế" and tasks[2].lead == ["Sở Nội vụ"]


def test_a_row_repeated_by_a_vertical_merge_is_a_continuation():
    _, tasks, warnings = _tasks(
        [
            _row("3", "Kiểm tra", "Kế hoạch", "Sở Tài nguyên và Môi trường", "", "Quý I/2021"),
            _row("3", "Kiểm tra", "Báo cáo", "Sở Tài nguyên và Môi trường", "", "Hằng tháng"),
        ]
    )
    assert [t.code for t in tasks] == ["3", "3.a"]
    assert not any("twice" in w for w in warnings)


def test_duplicate_code_is_kept_and_warned():
    _, tasks, warnings = _tasks(
        [
            _row("IV", "Tổ chức bộ máy", "", "", "", ""),
            _row("2", "Sắp xếp bộ máy", "Văn bản", "Sở Nội vụ", "", "Quý II/2021"),
            _row("2", "Sắp xếp các trường", "Quyết định", "Sở Nội vụ", "", "Quý I/2021"),
        ]
    )
    assert [t.code for t in tasks] == ["IV.2", "IV.2"]
    assert len(warnings) == 1 and "printed twice" in warnings[0] and "IV.2" in warnings[0]


def test_deadline_outside_the_plan_year_and_unknown_deadline_warn():
    _, tasks, warnings = _tasks(
        [
            _row("1", "Ban hành kiến trúc", "Quyết định", "Sở Thông tin và Truyền thông", "", "Quý I/2020"),
            _row("2", "Việc khác", "Báo cáo", "Sở Nội vụ", "", "lúc nào đó"),
        ]
    )
    assert tasks[0].deadline.due.isoformat() == "2020-03-31"
    assert any("outside the plan year 2021" in w for w in warnings)
    assert tasks[1].deadline.kind == "unknown"
    assert any("lúc nào đó" in w for w in warnings)


def test_columns_are_mapped_by_name():
    header = ["Nội dung công việc", "TT", "Thời hạn", "Ghi chú", "Đơn vị chủ trì"]
    sections, tasks, _ = _tasks(
        [
            _row("Công tác chỉ đạo", "1", "", "", ""),
            _row("Xây dựng kế hoạch", "1.1", "Quý I/2021", "ghi chú", "Phòng Nội vụ"),
        ],
        header=header,
    )
    assert [(s.code, s.title) for s in sections] == [("1", "Công tác chỉ đạo")]
    task = tasks[0]
    assert (task.code, task.title, task.lead, task.products) == (
        "1.1",
        "Xây dựng kế hoạch",
        ["Phòng Nội vụ"],
        [],
    )
    assert task.deadline.kind == "by_date"


def test_a_row_spanning_the_table_is_a_section():
    table = Table(
        [
            _row(*HEADER),
            Row([["II. Cải cách thể chế"]], spans=[6]),
            _row("1", "Rà soát", "Báo cáo", "Sở Tư pháp", "", "Quý I/2021"),
        ]
    )
    sections, tasks, _ = extract_tasks([table], build_outline([]), year=2021)
    assert [(s.code, s.title) for s in sections] == [("II", "Cải cách thể chế")]
    assert tasks[0].code == "II.1"


def test_chi_tieu_labels_are_dropped_from_units():
    _, tasks, _ = _tasks(
        [
            _row(
                "7.8",
                "Chỉ tiêu môi trường điện tử",
                "Báo cáo",
                "Thủ trưởng sở, ban - ngành",
                [
                    "- Chỉ tiêu a, b; Giám đốc Sở Thông tin và Truyền thông",
                    "- Chỉ tiêu c: Giám đốc Sở Tài chính",
                ],
                "Trong năm 2021",
            )
        ]
    )
    assert tasks[0].support == ["Giám đốc Sở Thông tin và Truyền thông", "Giám đốc Sở Tài chính"]


def _body(lines: list[str], year: int = 2023):
    blocks = read_lines(lines)
    return extract_tasks(blocks, build_outline(blocks), year=year)


LETTER = [
    "Chủ tịch Ủy ban nhân dân quận chỉ đạo như sau:",
    "1. Giao Phòng Nội vụ",
    "a) Rà soát biên chế theo quy định.",
    "b) Chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam quận kiểm tra việc thực hiện"
    " (khi Thành phố triển khai).",
    "2. Văn phòng Ủy ban nhân dân quận",
    "a) Tham mưu văn bản chỉ đạo, thời gian hoàn thành Quý IV/2023.",
    "b) Nâng cao Chỉ số CCHC trong năm 2023.",
    "b) Phối hợp với Phòng Tư pháp, Ủy ban nhân dân 16 phường cung cấp chứng thực điện tử.",
    "Yêu cầu Thủ trưởng các cơ quan thực hiện nghiêm túc./.",
]


def test_duty_letter_items_are_tasks_of_the_heading_unit():
    sections, tasks, warnings = _body(LETTER)
    assert [(s.code, s.title) for s in sections] == [
        ("1", "Giao Phòng Nội vụ"),
        ("2", "Văn phòng Ủy ban nhân dân quận"),
    ]
    assert [t.code for t in tasks] == ["1.a", "1.b", "2.a", "2.b", "2.b"]
    assert tasks[0].lead == ["Phòng Nội vụ"] and tasks[2].lead == ["Văn phòng Ủy ban nhân dân quận"]
    assert tasks[0].support == [] and tasks[1].support == ["Ủy ban Mặt trận Tổ quốc Việt Nam quận"]
    assert tasks[4].support == ["Phòng Tư pháp", "Ủy ban nhân dân 16 phường"]
    assert tasks[4].title.endswith("chứng thực điện tử.")  # the closing "Yêu cầu …" is not part of it
    assert (tasks[0].deadline.kind, tasks[0].deadline.text, tasks[0].deadline.due.isoformat()) == (
        "year",
        None,
        "2023-12-31",
    )
    assert (tasks[1].deadline.kind, tasks[1].deadline.event) == ("event", "khi Thành phố triển khai")
    assert (tasks[2].deadline.kind, tasks[2].deadline.due.isoformat()) == ("by_date", "2023-12-31")
    assert (tasks[3].deadline.kind, tasks[3].deadline.text) == ("year", "trong năm 2023")
    assert len(warnings) == 1 and '"b)" is printed twice' in warnings[0]


PLAN = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Nâng cao chỉ số.",
    "II. NHIỆM VỤ VÀ GIẢI PHÁP",
    "Duy trì thường xuyên công tác tuyên truyền.",
    "Đảm bảo 100% hồ sơ được xử lý đúng hạn.",
    "Định kỳ tổ chức đối thoại với người dân.",
    "Số hóa dữ liệu hộ tịch.",
    "Đơn vị chủ trì thực hiện: Sở Tư pháp",
    "Phấn đấu tỷ lệ thanh toán điện tử đạt trên 50%",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Văn phòng Ủy ban nhân dân phường:",
    "Tham mưu xây dựng Kế hoạch và triển khai thực hiện có hiệu quả các nhiệm vụ đã đề ra trong Kế hoạch.",
    "2. Đề nghị Ủy ban Mặt trận Tổ quốc:",
    "Phối hợp giám sát.",
]


def test_plan_body_paragraphs_are_tasks_except_targets():
    sections, tasks, _ = _body(PLAN)
    assert [(s.code, s.title) for s in sections] == [("II", "NHIỆM VỤ VÀ GIẢI PHÁP")]
    assert [t.code for t in tasks] == ["II.1", "II.2", "II.3"]
    assert [t.title for t in tasks] == [PLAN[3], PLAN[5], PLAN[6]]
    assert tasks[0].lead == ["Văn phòng Ủy ban nhân dân phường"]
    assert (tasks[0].deadline.kind, tasks[0].deadline.text) == ("continuous", "thường xuyên")
    assert (tasks[1].deadline.kind, tasks[1].deadline.recurrence) == ("recurring", None)
    assert tasks[2].lead == ["Sở Tư pháp"]
    assert tasks[2].deadline.kind == "year"


def test_table_wins_over_body_duties():
    lines = [
        *PLAN,
        "PHỤ LỤC",
        "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian",
        "1\tRà soát\tSở Nội vụ\tQuý I/2023",
    ]
    _, tasks, _ = _body(lines)
    assert [t.code for t in tasks] == ["1"]


def test_target_statement_predicate():
    assert is_target_statement("Đảm bảo 100% các phản ánh được xử lý")
    assert is_target_statement("phấn đấu đạt tỷ lệ trên 50%")
    assert is_target_statement("tối thiểu 05 đơn vị/quý")
    assert not is_target_statement("Rà soát các thủ tục hành chính 03 (ba) năm không phát sinh hồ sơ")
    assert not is_target_statement("theo Quyết định số 4136/QĐ-UBND ngày 30 tháng 11 năm 2022")


def _planscore():
    spec = importlib.util.spec_from_file_location("planscore", ROOT / "tools" / "planscore.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SEEDS = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_tasks_agree_with_gold(seed):
    score = _planscore()
    gold = json.loads((ROOT / "tests" / "data" / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    pred = parse(seed).to_dict()
    tp, n_gold, n_pred = score.score_doc(gold, pred)["task"]
    assert score.f1(tp, n_gold, n_pred) >= 1.0
    assert pred["sections"] == gold["sections"]


def _body_tasks(lines: list[str], year=2025):
    blocks = read_lines(lines)
    return extract_tasks(blocks, build_outline(blocks), year=year)


def test_unit_heading_with_one_unlettered_duty_is_a_task():
    sections, tasks, _ = _body_tasks(
        [
            "1. Giao Phòng Nội vụ:",
            "a) Rà soát quy trình nội bộ, hoàn thành trước ngày 30/11/2025.",
            "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường:",
            "Tăng cường giám sát việc chấp hành kỷ luật, kỷ cương hành chính.",
            "3. Tổ chức thực hiện",
            "Các cơ quan triển khai thực hiện nghiêm Chỉ thị này.",
        ]
    )
    assert [t.code for t in tasks] == ["1.a", "2"]
    assert tasks[1].lead == ["Ủy ban Mặt trận Tổ quốc Việt Nam phường"]
    assert [s.code for s in sections] == ["1", "2"]


def test_body_duty_deadlines_inside_the_sentence():
    _, tasks, _ = _body_tasks(
        [
            "1. Giao Văn phòng HĐND và UBND phường:",
            "a) Theo dõi việc giải quyết hồ sơ; định kỳ hằng tháng tổng hợp, báo cáo Chủ tịch.",
            "b) Công khai kết quả giải quyết hồ sơ trên trang thông tin điện tử, thực hiện hằng quý.",
            "c) Hoàn thành việc làm sạch dữ liệu hộ tịch trước ngày 31/12/2025.",
        ]
    )
    assert [(t.deadline.kind, t.deadline.recurrence) for t in tasks[:2]] == [
        ("recurring", "monthly"),
        ("recurring", "quarterly"),
    ]
    assert str(tasks[2].deadline.due) == "2025-12-31" and tasks[2].deadline.kind == "by_date"
    assert tasks[0].lead == ["Văn phòng HĐND và UBND phường"]

"""`cchc parse`: what a user sees on stdout, stderr and in the exit code."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cchc.cli import format_deadline, format_value, main, render_table

HEADER_LABELS = ["Văn bản", "Cơ quan ban hành", "Số", "Loại", "Ngày", "Năm kế hoạch", "Trích yếu", "Người ký"]
COUNTS_LINE = re.compile(
    r"^Mục tiêu: (\d+) \| Chỉ tiêu: (\d+) \| Nhiệm vụ: (\d+) \| Kỳ báo cáo: (\d+) \| Cảnh báo: (\d+)$", re.M
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `cchc argv…` run in-process."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_the_plan_with_vietnamese_unescaped(capsys, seed_file: Callable[[str], Path]) -> None:
    code, out, err = run(capsys, "parse", str(seed_file("000")), "--json")
    assert (code, err) == (0, "")
    plan = json.loads(out)
    assert plan["source"] == {
        "filename": seed_file("000").name,
        "format": "txt",
        "sha256": plan["source"]["sha256"],
    }
    assert plan["document"]["number"] == "19/KH-UBND"
    assert "Ủy ban nhân dân" in out and "\\u" not in out


def test_summary_shows_header_counts_tables_and_warnings(capsys, seed_file) -> None:
    code, out, err = run(capsys, "parse", str(seed_file("000")))
    assert (code, err) == (0, "")
    for label in HEADER_LABELS:
        assert re.search(rf"^{label}: +\S", out, re.M), label
    assert re.search(r"^Số: +19/KH-UBND$", out, re.M)
    assert re.search(r"^Ngày: +03/02/2022$", out, re.M)
    assert re.search(r"^Loại: +Kế hoạch \(KH\)$", out, re.M)
    counts = COUNTS_LINE.search(out)
    assert counts is not None
    plan = json.loads(_json_of(capsys, seed_file("000")))
    keys = ["goals", "targets", "tasks", "reporting", "warnings"]
    assert [int(n) for n in counts.groups()] == [len(plan[k]) for k in keys]
    assert re.search(r"^Mã +Nhiệm vụ +Chủ trì +Thời hạn$", out, re.M)
    assert re.search(r"^Mã +Chỉ tiêu +So sánh +Giá trị$", out, re.M)
    if not plan["warnings"]:
        assert out.rstrip().endswith("Cảnh báo: không có.")


def test_summary_lists_warnings(capsys, seed_file) -> None:
    plan = json.loads(_json_of(capsys, seed_file("002")))
    code, out, _ = run(capsys, "parse", str(seed_file("002")))
    assert code == 0 and plan["warnings"]
    for warning in plan["warnings"]:
        assert f"- {warning}" in out


def _json_of(capsys, path: Path) -> str:
    assert main(["parse", str(path), "--json"]) == 0
    return capsys.readouterr().out


def test_missing_file_exits_2_with_a_vietnamese_line(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "parse", str(tmp_path / "khong-co.docx"))
    assert (code, out) == (2, "")
    assert err.startswith("Không tìm thấy tệp") and err.count("\n") == 1


def test_binary_file_exits_2_with_a_vietnamese_line(capsys, tmp_path: Path) -> None:
    path = tmp_path / "anh.bin"
    path.write_bytes(bytes(range(256)) * 8)
    code, out, err = run(capsys, "parse", str(path), "--json")
    assert (code, out) == (2, "")
    assert "không phải là văn bản" in err and err.count("\n") == 1


def test_unexpected_error_is_one_line_and_exit_1(capsys, monkeypatch, seed_file) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("cchc.docparse.parse", broken)
    code, out, err = run(capsys, "parse", str(seed_file("004")))
    assert (code, out) == (1, "")
    assert err.startswith("Lỗi ngoài dự kiến (RuntimeError)") and err.count("\n") == 1
    assert "Traceback" not in err


def test_installed_command_writes_utf8_under_a_c_locale(repo_root: Path, seed_file) -> None:
    cchc = Path(sys.executable).parent / "cchc"
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": ""}
    result = subprocess.run(
        [str(cchc), "parse", str(seed_file("000")), "--json"],
        capture_output=True,
        env=env,
        cwd=repo_root,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert json.loads(result.stdout.decode("utf-8"))["document"]["number"] == "19/KH-UBND"
    assert "Ủy ban nhân dân".encode() in result.stdout


def test_deadline_column_shows_a_date_or_the_kind() -> None:
    assert format_deadline({"deadline": {"kind": "by_date", "due": "2022-10-31"}}) == "31/10/2022"
    assert (
        format_deadline({"deadline": {"kind": "recurring", "recurrence": "quarterly"}})
        == "Định kỳ (hằng quý)"
    )
    assert format_deadline({"deadline": {"kind": "continuous"}}) == "Thường xuyên"
    assert format_deadline({}) == "Chưa rõ"


def test_values_are_written_the_vietnamese_way() -> None:
    assert format_value(98.5, "%") == "98,5 %"
    assert format_value(100.0, "%") == "100 %"
    assert format_value(1500, "hồ sơ") == "1.500 hồ sơ"
    assert format_value(None, "%") == "—"


def test_table_columns_line_up_and_long_cells_are_cut() -> None:
    lines = render_table(
        ["Mã", "Nhiệm vụ"], [["1.1", "Rà soát thủ tục hành chính"], ["1.10", "Ngắn"]], [5, 10]
    )
    assert lines == [
        "Mã    Nhiệm vụ",
        "----  ----------",
        "1.1   Rà soát t…",
        "1.10  Ngắn",
    ]

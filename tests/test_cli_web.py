"""The Django-backed `cchc` subcommands: tree import/export, bench load's refusal, help."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.cli import main
from cchc.org.models import Unit

ROOT = Path(__file__).resolve().parent.parent
DEMO_TREE = ROOT / "cchc" / "org" / "data" / "demo_tree_2022.csv"


@pytest.mark.django_db
def test_tree_import_then_export_round_trip(capsys, tmp_path: Path) -> None:
    assert main(["tree", "import", str(DEMO_TREE)]) == 0
    assert "Đã tạo 113" in capsys.readouterr().out
    assert main(["tree", "import", str(DEMO_TREE)]) == 0
    assert "Đã tạo 0, cập nhật 0, giữ nguyên 113" in capsys.readouterr().out
    for name in ("tree.csv", "tree.xlsx"):
        assert main(["tree", "export", str(tmp_path / name)]) == 0
        assert main(["tree", "import", str(tmp_path / name)]) == 0
        assert "giữ nguyên 113" in capsys.readouterr().out
    assert Unit.objects.count() == 113  # Phường 8 (Quận 10) has its own office


@pytest.mark.django_db
def test_tree_import_of_a_bad_file_says_why_and_saves_nothing(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,short_name,kind,parent_code,aliases,valid_from,valid_to\n"
        "hcm,TP HCM,,province,,,,\n"
        "q1,Quận 1,,district,hcm,,,31/02/2025\n",
        encoding="utf-8",
    )
    assert main(["tree", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "chưa lưu gì" in err and "Dòng 3 (mã q1)" in err and "31/02/2025" in err
    assert Unit.objects.count() == 0
    assert main(["tree", "import", str(tmp_path / "missing.csv")]) == 2
    assert main(["tree", "export", str(tmp_path / "tree.ods")]) == 2


def test_bench_load_refuses_sqlite(capsys) -> None:
    assert main(["bench", "load", "--database-url", "sqlite:////tmp/x.sqlite3"]) == 2
    assert "chỉ chạy trên PostgreSQL" in capsys.readouterr().err


def test_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("parse", "bench", "serve", "demo", "worker", "migrate", "tree", "manage"):
        assert command in out

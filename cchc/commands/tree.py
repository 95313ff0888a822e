"""`cchc tree import FILE` and `cchc tree export FILE.csv|.xlsx`: the unit tree as a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cchc.commands import setup_django

EXIT_BAD_INPUT = 2


def register(commands: argparse._SubParsersAction) -> None:
    tree = commands.add_parser("tree", help="nhập / xuất cây đơn vị (CSV, XLSX)")
    actions = tree.add_subparsers(dest="tree_action", required=True, metavar="VIỆC")
    importing = actions.add_parser(
        "import",
        help="nhập cây đơn vị từ tệp .csv/.xlsx (tạo mới hoặc cập nhật theo mã; chạy lại không trùng)",
    )
    importing.add_argument("file", metavar="TỆP", help="tệp .csv hoặc .xlsx (cột: xem .env.example/README)")
    importing.set_defaults(handler=cmd_import)
    exporting = actions.add_parser("export", help="xuất toàn bộ cây đơn vị ra tệp .csv hoặc .xlsx")
    exporting.add_argument("file", metavar="TỆP", help="tên tệp kết quả, đuôi .csv hoặc .xlsx")
    exporting.set_defaults(handler=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"Không tìm thấy tệp “{args.file}”.", file=sys.stderr)
        return EXIT_BAD_INPUT
    setup_django()
    from cchc.org.services import UnitImportError, import_units
    from cchc.org.tree_io import read_tree_file

    try:
        result = import_units(rows=read_tree_file(path))
    except UnitImportError as exc:
        print(f"Không nhập được “{path.name}”, chưa lưu gì:", file=sys.stderr)
        for line in exc.errors:
            print(f"  - {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{path.name}: {result.summary()}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        print(f"Tên tệp phải có đuôi .csv hoặc .xlsx, không phải “{path.name}”.", file=sys.stderr)
        return EXIT_BAD_INPUT
    setup_django()
    from cchc.org.models import Unit
    from cchc.org.tree_io import export_tree

    units = Unit.objects.order_by("path")
    path.write_bytes(export_tree(units, path.name))
    print(f"Đã xuất {units.count()} đơn vị ra {path}.")
    return 0

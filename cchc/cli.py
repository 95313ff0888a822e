"""The `cchc` command: parse a plan document, serve the web app, load the demo, run benchmarks.

`parse` and `bench parse` never import Django; the web commands (serve, demo, worker,
migrate, tree, manage) live in cchc/commands/ and set Django up themselves.

Exit codes: 0 done, 2 unreadable input (one Vietnamese line on stderr), 1 an
unexpected error (also one line, never a traceback: users of this tool are civil
servants, not Python programmers).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_UNREADABLE = 2

KIND_NAMES = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "CĐ": "Công điện",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TT": "Thông tư",
    "NĐ": "Nghị định",
    "CV": "Công văn",
}
RECURRENCE_NAMES = {
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "semiannual": "6 tháng/lần",
    "annual": "hằng năm",
}
DEADLINE_KIND_NAMES = {
    "recurring": "Định kỳ",
    "continuous": "Thường xuyên",
    "event": "Theo sự kiện",
    "year": "Trong năm",
    "by_date": "Theo thời hạn",
    "unknown": "Chưa rõ",
}
OP_NAMES = {
    ">=": "≥",
    ">": ">",
    "<=": "≤",
    "<": "<",
    "=": "=",
    "increase": "tăng",
    "decrease": "giảm",
}
MISSING = "—"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    _utf8_streams()
    args = _build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except BrokenPipeError:
        # `cchc parse … | head`: the reader left; stop quietly, as Unix tools do.
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:  # the last line of defence: a one-liner, not a traceback
        _error(f"Lỗi ngoài dự kiến ({exc.__class__.__name__}). Hãy gửi tệp này cho nhóm phát triển CCHC.")
        return EXIT_UNEXPECTED


def _silence_stdout() -> None:
    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _utf8_streams() -> None:
    # Vietnamese text must come out intact even under LANG=C or a Windows console.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc", description="CCHC: kế hoạch cải cách hành chính.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    parse_cmd = commands.add_parser("parse", help="đọc một văn bản kế hoạch (txt, docx, pdf, html, doc)")
    parse_cmd.add_argument("file", metavar="TỆP", help="đường dẫn tới văn bản")
    parse_cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON (UTF-8)")
    parse_cmd.set_defaults(handler=_cmd_parse)
    bench_cmd = commands.add_parser(
        "bench",
        help="đo tốc độ (benchmark): parse, load, reminders",
        description="parse: tốc độ đọc văn bản. load: tải cỡ quốc gia trên PostgreSQL "
        "(cchc bench load --database-url postgres://…; xem cchc bench load --help). "
        "reminders: việc nhắc hằng ngày trên 500.000 nghĩa vụ (cchc bench reminders --help).",
    )
    bench_cmd.add_argument(
        "suite",
        nargs="?",
        default="parse",
        choices=["parse", "load", "reminders"],
        help="bộ đo (mặc định: parse)",
    )
    bench_cmd.add_argument("options", nargs=argparse.REMAINDER, help="tùy chọn của bộ đo")
    bench_cmd.set_defaults(handler=_cmd_bench)
    from cchc.commands import register

    register(commands)
    return parser


def _error(message: str) -> None:
    print(message.replace("\n", " "), file=sys.stderr)


# --- parse -------------------------------------------------------------------------


def _cmd_parse(args: argparse.Namespace) -> int:
    from cchc.docparse import UnreadableDocument, parse

    path = Path(args.file)
    if not path.is_file():
        _error(f"Không tìm thấy tệp “{args.file}”. Hãy kiểm tra lại đường dẫn và tên tệp.")
        return EXIT_UNREADABLE
    try:
        plan = parse(path).to_dict()
    except UnreadableDocument as exc:
        _error(exc.message)
        return EXIT_UNREADABLE
    except OSError as exc:
        _error(f"Không đọc được tệp “{args.file}” ({exc.strerror or exc}). Hãy kiểm tra quyền đọc tệp.")
        return EXIT_UNREADABLE
    print(json.dumps(plan, ensure_ascii=False, indent=2) if args.json else render_summary(plan))
    return EXIT_OK


def render_summary(plan: dict[str, Any]) -> str:
    """The human-readable Vietnamese summary of a plan-schema dict."""
    parts = [_header_lines(plan), [_counts_line(plan)], _tasks_table(plan), _targets_table(plan)]
    parts.append(_warning_lines(plan))
    return "\n\n".join("\n".join(p) for p in parts if p)


def _header_lines(plan: dict[str, Any]) -> list[str]:
    doc, source = plan.get("document") or {}, plan.get("source") or {}
    rows = [
        ("Văn bản", f"{source.get('filename') or MISSING} ({source.get('format') or '?'})"),
        ("Cơ quan ban hành", _issuer(doc)),
        ("Số", doc.get("number")),
        ("Loại", _kind(doc.get("kind"))),
        ("Ngày", format_date(doc.get("date"))),
        ("Năm kế hoạch", doc.get("year")),
        ("Trích yếu", doc.get("title")),
        ("Người ký", _signer(doc.get("signer"))),
    ]
    width = max(len(label) for label, _ in rows) + 1
    return [f"{label + ':':<{width}} {MISSING if value in (None, '') else value}" for label, value in rows]


def _issuer(doc: dict[str, Any]) -> str | None:
    issuer, parent = doc.get("issuer"), doc.get("issuer_parent")
    return f"{issuer} ({parent})" if issuer and parent else issuer


def _kind(kind: str | None) -> str | None:
    if not kind:
        return None
    return f"{KIND_NAMES[kind]} ({kind})" if kind in KIND_NAMES else kind


def _signer(signer: dict[str, Any] | None) -> str | None:
    if not signer or not signer.get("name"):
        return (signer or {}).get("position")
    return f"{signer['name']} ({signer['position']})" if signer.get("position") else signer["name"]


def _counts_line(plan: dict[str, Any]) -> str:
    counts = [
        ("Mục tiêu", "goals"),
        ("Chỉ tiêu", "targets"),
        ("Nhiệm vụ", "tasks"),
        ("Kỳ báo cáo", "reporting"),
        ("Cảnh báo", "warnings"),
    ]
    return " | ".join(f"{label}: {len(plan.get(key) or [])}" for label, key in counts)


def _tasks_table(plan: dict[str, Any]) -> list[str]:
    tasks = plan.get("tasks") or []
    if not tasks:
        return ["Nhiệm vụ: không có."]
    rows = [
        [t.get("code") or MISSING, t.get("title") or "", "; ".join(t.get("lead") or []), format_deadline(t)]
        for t in tasks
    ]
    table = render_table(["Mã", "Nhiệm vụ", "Chủ trì", "Thời hạn"], rows, max_widths=[10, 56, 28, 24])
    return [f"NHIỆM VỤ ({len(tasks)})", *table]


def _targets_table(plan: dict[str, Any]) -> list[str]:
    targets = plan.get("targets") or []
    if not targets:
        return ["Chỉ tiêu: không có."]
    rows = [
        [
            t.get("code") or MISSING,
            t.get("indicator") or t.get("text") or "",
            OP_NAMES.get(t.get("op") or "", t.get("op") or MISSING),
            format_value(t.get("value"), t.get("unit")),
        ]
        for t in targets
    ]
    table = render_table(["Mã", "Chỉ tiêu", "So sánh", "Giá trị"], rows, max_widths=[10, 64, 8, 20])
    return [f"CHỈ TIÊU ({len(targets)})", *table]


def _warning_lines(plan: dict[str, Any]) -> list[str]:
    warnings = plan.get("warnings") or []
    if not warnings:
        return ["Cảnh báo: không có."]
    return [f"CẢNH BÁO ({len(warnings)})", *(f"- {w}" for w in warnings)]


def format_date(iso: str | None) -> str | None:
    """'2022-10-31' → '31/10/2022' (the way Vietnamese documents print dates)."""
    if not iso or len(iso) != 10:
        return iso
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def format_deadline(task: dict[str, Any]) -> str:
    """A task's deadline for the table: the due date, else the kind in Vietnamese."""
    deadline = task.get("deadline") or {}
    if deadline.get("due"):
        return format_date(deadline["due"]) or MISSING
    kind = deadline.get("kind") or "unknown"
    name = DEADLINE_KIND_NAMES.get(kind, kind)
    recurrence = RECURRENCE_NAMES.get(deadline.get("recurrence") or "")
    return f"{name} ({recurrence})" if recurrence else name


def format_value(value: float | int | None, unit: str | None) -> str:
    """98.5, '%' → '98,5 %'; 1500, 'hồ sơ' → '1.500 hồ sơ' (Vietnamese number style)."""
    if value is None:
        return MISSING
    if not isinstance(value, int | float):
        return f"{value} {unit}" if unit else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} {unit}" if unit else text


def render_table(headers: list[str], rows: list[list[str]], max_widths: list[int]) -> list[str]:
    """An aligned plain-text table; cells longer than their column's max width end in '…'."""
    cells = [[_fit(_one_line(c), w) for c, w in zip(row, max_widths, strict=True)] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = [_join_cells(headers, widths), _join_cells(["-" * w for w in widths], widths)]
    return lines + [_join_cells(r, widths) for r in cells]


def _one_line(text: str) -> str:
    # NFC so that each Vietnamese letter is one code point and columns line up.
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _join_cells(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


# --- bench -------------------------------------------------------------------------


def _cmd_bench(args: argparse.Namespace) -> int:
    # bench/ lives in the repository beside the package, not inside it: the command
    # only works from an editable install, which is what `make install` makes.
    path = Path(__file__).resolve().parent.parent / "bench" / f"{args.suite}_bench.py"
    if not path.is_file():
        _error(f"Không tìm thấy {path}: lệnh bench chỉ chạy trong bản mã nguồn (make install).")
        return EXIT_UNREADABLE
    # The benchmarks share bench/scratch.py: make `bench` importable as a package.
    root = str(path.parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    spec = importlib.util.spec_from_file_location(f"bench.{args.suite}_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(args.options)

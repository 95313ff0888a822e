"""National-size load benchmark on PostgreSQL: `cchc bench load --database-url postgres://…`.

Creates a scratch database next to the one in the URL (the role needs CREATEDB), migrates
it, generates a two-level national tree (34 provinces, ~20 departments each, 3,300
communes) and ~500 k tasks with ~1 M lead/support assignments by COPY, then times the
pages people open most, through Django's test client (views, selectors, templates):

  - the plan list of a province officer (specialist at a province: ~100 units, ~300 plans);
  - the page of a 300-task province plan;
  - the page of a busy commune (lead of its own plans, support on every province task);
  - units_for_user() for a province leader (the access check every page makes).

Prints p50/p95 over --runs runs (after warm-up), then drops the scratch database.
A measurement, not a test: it always exits 0 unless it cannot run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import urlparse

from bench.scratch import ScratchUnavailable, scratch_postgres

PROVINCES = 34
DEPARTMENTS_PER_PROVINCE = 20
COMMUNES = 3300
TASKS = 500_000
YEARS = (2024, 2025, 2026)
PROVINCE_PLAN_TASKS = 300
DEPARTMENT_PLAN_TASKS = 30
DEPARTMENT_NAMES = (
    "Sở Nội vụ",
    "Văn phòng Ủy ban nhân dân",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Công an tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Thuế tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Trung tâm Phục vụ hành chính công",
)
_TASK_TEXT = (
    "rà soát đơn giản hóa thủ tục hành chính công khai minh bạch dịch vụ công trực tuyến "
    "toàn trình chuyển đổi số kiểm tra đánh giá chỉ số hài lòng báo cáo định kỳ tuyên truyền "
    "bộ phận một cửa số hóa hồ sơ kết quả giải quyết cán bộ công chức kỷ luật kỷ cương"
)
TASK_WORDS = _TASK_TEXT.split()
PLAN_COLUMNS = (
    "id", "issuer_id", "year", "number", "kind", "title", "place", "issued_on", "signer_name",
    "signer_position", "issuer_wording", "goals", "responsibilities", "warnings", "source_file",
    "source_filename", "source_format", "source_sha256", "created_at", "updated_at",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "plan_id", "code", "title", "products", "deadline_text", "deadline_kind", "due",
    "recurrence", "event", "source_ref", "position", "version",
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    url = args.database_url or os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if urlparse(url).scheme not in ("postgres", "postgresql"):
        print(
            "cchc bench load chỉ chạy trên PostgreSQL (SQLite không phải CSDL cho quy mô cả nước). "
            "Hãy chỉ định --database-url postgres://USER:PASS@HOST:5432/DB (vai trò cần quyền CREATEDB). "
            "/ The load benchmark needs PostgreSQL.",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    try:
        with scratch_postgres(url, prefix="cchc_bench", keep=args.keep) as database_url:
            os.environ["DATABASE_URL"] = database_url
            os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
            os.environ.setdefault("CCHC_VAR_DIR", _tmp_var_dir())
            import django

            django.setup()
            _step("migrate", _migrate)
            fixtures = _step("sinh dữ liệu / generating data", lambda: _generate(args))
            _measure(fixtures, runs=args.runs)
    except ScratchUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Tổng thời gian / total: {time.perf_counter() - started:.0f} s")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cchc bench load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="postgres://… (mặc định TEST_DATABASE_URL, DATABASE_URL)")
    parser.add_argument("--tasks", type=int, default=TASKS, help=f"số nhiệm vụ (mặc định {TASKS:,})")
    parser.add_argument(
        "--communes", type=int, default=COMMUNES, help=f"số xã/phường (mặc định {COMMUNES:,})"
    )
    parser.add_argument("--provinces", type=int, default=PROVINCES, help=f"số tỉnh (mặc định {PROVINCES})")
    parser.add_argument("--runs", type=int, default=30, help="số lần đo mỗi truy vấn (mặc định 30)")
    parser.add_argument("--keep", action="store_true", help="giữ lại CSDL tạm để xem")
    return parser.parse_args(argv)


def _tmp_var_dir() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="cchc-bench-var-")


def _step(label: str, work: Callable):
    print(f"… {label}", flush=True)
    started = time.perf_counter()
    result = work()
    print(f"  xong / done in {time.perf_counter() - started:.1f} s", flush=True)
    return result


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# --- data ----------------------------------------------------------------------------


def _generate(args: argparse.Namespace) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from cchc.org.models import Membership, Unit
    from cchc.plans.models import Assignment, Plan, Task

    rng = random.Random(20250701)
    connection.ensure_connection()
    raw = connection.connection

    # Units: ids assigned here so paths can be written in one pass.
    units: list[tuple] = []
    provinces: list[dict] = []
    next_id = 1
    communes_left = args.communes
    for p in range(args.provinces):
        pid = next_id
        next_id += 1
        path = f"/{pid}/"
        units.append((pid, f"t{p:02d}", f"Tỉnh {p + 1:02d}", "province", None, path))
        province = {"id": pid, "path": path, "departments": [], "communes": []}
        for d, name in enumerate(DEPARTMENT_NAMES[:DEPARTMENTS_PER_PROVINCE]):
            units.append((next_id, f"t{p:02d}-s{d:02d}", name, "department", pid, f"{path}{next_id}/"))
            province["departments"].append(next_id)
            next_id += 1
        share = communes_left // (args.provinces - p)
        communes_left -= share
        for c in range(share):
            units.append(
                (next_id, f"t{p:02d}-x{c:03d}", f"Xã {c + 1:03d}", "commune", pid, f"{path}{next_id}/")
            )
            province["communes"].append(next_id)
            next_id += 1
        provinces.append(province)
    _copy(
        raw,
        Unit._meta.db_table,
        (
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "parent_id",
            "path",
            "name_key",
            "valid_from",
            "valid_to",
        ),
        (
            (i, code, name, "", kind, parent, path, name.lower(), date(2025, 7, 1), None)
            for i, code, name, kind, parent, path in units
        ),
    )
    print(f"  {len(units):,} đơn vị / units", flush=True)

    # Plans: a 300-task plan per province and year, 30 per department, communes share the rest.
    plans: list[tuple[int, int, int, int]] = []  # id, issuer, year, task count
    department_ids = [d for p in provinces for d in p["departments"]]
    commune_ids = [c for p in provinces for c in p["communes"]]
    fixed = len(YEARS) * (len(provinces) * PROVINCE_PLAN_TASKS + len(department_ids) * DEPARTMENT_PLAN_TASKS)
    per_commune = max(1, (args.tasks - fixed) // max(1, len(YEARS) * len(commune_ids)))
    plan_id = 1
    for year in YEARS:
        for p in provinces:
            plans.append((plan_id, p["id"], year, PROVINCE_PLAN_TASKS))
            plan_id += 1
        for d in department_ids:
            plans.append((plan_id, d, year, DEPARTMENT_PLAN_TASKS))
            plan_id += 1
        for c in commune_ids:
            plans.append((plan_id, c, year, per_commune))
            plan_id += 1
    _copy(raw, Plan._meta.db_table, PLAN_COLUMNS, (_plan_row(*plan) for plan in plans))
    print(f"  {len(plans):,} kế hoạch / plans", flush=True)

    # Tasks and assignments, streamed.
    parent_of = {u[0]: u[4] for u in units}
    province_of = {p["id"]: p for p in provinces}
    busy = provinces[0]["communes"][0]
    counts = {"tasks": 0, "assignments": 0}

    def task_rows() -> Iterator[tuple]:
        task_id = 1
        for plan, _issuer, year, n in plans:
            for position in range(n):
                title = " ".join(rng.choice(TASK_WORDS) for _ in range(12))
                due = date(year, rng.randint(1, 12), rng.randint(1, 28))
                yield _task_row(task_id, plan, position, title, due)
                task_id += 1
        counts["tasks"] = task_id - 1

    tasks = _progress(task_rows(), label="nhiệm vụ / tasks", every=100_000)
    _copy(raw, Task._meta.db_table, TASK_COLUMNS, tasks)

    def assignment_rows() -> Iterator[tuple]:
        aid, task_id = 1, 1
        for plan, issuer, _year, n in plans:
            top = issuer if parent_of[issuer] is None else parent_of[issuer]
            province = province_of[top]
            for _ in range(n):
                if issuer == top:  # province plan: a department leads, communes support
                    lead = rng.choice(province["departments"])
                    supports = [busy] if top == provinces[0]["id"] else []
                    supports += rng.sample(province["communes"], k=min(1, len(province["communes"])))
                else:
                    lead = issuer
                    supports = [rng.choice(province["departments"])] if rng.random() < 0.5 else []
                yield (aid, task_id, plan, lead, "lead", "Chủ trì", 0)
                aid += 1
                for position, unit in enumerate(dict.fromkeys(supports)):
                    yield (aid, task_id, plan, unit, "support", "Phối hợp", position)
                    aid += 1
                task_id += 1
        counts["assignments"] = aid - 1

    _copy(
        raw,
        Assignment._meta.db_table,
        ("id", "task_id", "plan_id", "unit_id", "role", "wording", "position"),
        _progress(assignment_rows(), label="phân công / assignments", every=250_000),
    )
    with raw.cursor() as cursor:
        for model in (Unit, Plan, Task, Assignment):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    raw.commit()
    with raw.cursor() as cursor:
        cursor.execute("ANALYZE")
    raw.commit()
    print(f"  {counts['tasks']:,} nhiệm vụ, {counts['assignments']:,} phân công", flush=True)

    User = get_user_model()
    province = provinces[0]
    officer = User.objects.create_user("chuyenvien.tinh01", password="x")
    leader = User.objects.create_user("lanhdao.tinh01", password="x")
    commune_officer = User.objects.create_user("chuyenvien.xa001", password="x")
    Membership.objects.create(user=officer, unit_id=province["id"], role=Membership.Role.SPECIALIST)
    Membership.objects.create(user=leader, unit_id=province["id"], role=Membership.Role.LEADER)
    Membership.objects.create(user=commune_officer, unit_id=busy, role=Membership.Role.SPECIALIST)
    big_plan = next(i for i, issuer, year, _ in plans if issuer == province["id"] and year == YEARS[-1])
    return {
        "officer": officer,
        "leader": leader,
        "commune_officer": commune_officer,
        "province": province["id"],
        "busy_commune": busy,
        "big_plan": big_plan,
        "units_in_province": 1 + len(province["departments"]) + len(province["communes"]),
    }


def _plan_row(i: int, issuer: int, year: int, _tasks: int) -> tuple:
    title = f"Kế hoạch cải cách hành chính năm {year} ({i})"
    now = "2025-07-01 08:00:00+07"
    header = (i, issuer, year, f"{i}/KH-UBND", "KH", title, "", date(year, 1, 15), "", "", "")
    return (*header, "[]", "[]", "[]", "", "", "txt", "", now, now)


def _task_row(task_id: int, plan: int, position: int, title: str, due: date) -> tuple:
    code = f"{position // 10 + 1}.{position % 10 + 1}"
    return (task_id, plan, code, title, "[]", "", "by_date", due, "", "", "{}", position, 1)


def _copy(raw, table: str, columns: tuple[str, ...], rows) -> None:
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    raw.commit()


def _progress(rows: Iterator[tuple], *, label: str, every: int) -> Iterator[tuple]:
    for n, row in enumerate(rows, start=1):
        if n % every == 0:
            print(f"  … {n:,} {label}", flush=True)
        yield row


# --- measurements --------------------------------------------------------------------


def _measure(fx: dict, *, runs: int) -> None:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from cchc.org.access import units_for_user

    def page(user, name: str, *args) -> Callable[[], None] | str:
        try:
            path = reverse(name, args=args)
        except NoReverseMatch:
            return f"chưa có trang {name}"
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)

        def get() -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")

        return get

    cases = [
        (
            "Danh sách kế hoạch, chuyên viên tỉnh / plan list, province officer",
            page(fx["officer"], "plans:list"),
        ),
        (
            "Trang kế hoạch 300 nhiệm vụ / 300-task plan page",
            page(fx["officer"], "plans:detail", fx["big_plan"]),
        ),
        (
            "Trang đơn vị xã bận nhất / busy commune's unit page",
            page(fx["commune_officer"], "units:detail", fx["busy_commune"]),
        ),
        (
            f"units_for_user, lãnh đạo tỉnh ({fx['units_in_province']} đơn vị) / province leader",
            lambda: len(list(units_for_user(fx["leader"]))),
        ),
    ]
    print(f"\nĐo {runs} lần mỗi mục, sau 2 lần khởi động / {runs} runs each after 2 warm-ups (ms):")
    print(f"  {'':<72} {'p50':>8} {'p95':>8} {'max':>8}")
    for label, work in cases:
        if isinstance(work, str):
            print(f"  {label:<72} bỏ qua: {work}")
            continue
        try:
            for _ in range(2):
                work()
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                work()
                times.append((time.perf_counter() - started) * 1000)
        except Exception as exc:  # report and go on: a measurement, not a test
            print(f"  {label:<72} LỖI: {exc}")
            continue
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
        print(f"  {label:<72} {p50:8.1f} {p95:8.1f} {max(times):8.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())

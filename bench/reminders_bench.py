"""Reminder-job benchmark: `cchc bench reminders [--obligations N] [--database-url URL]`.

Creates a scratch database (PostgreSQL, next to the one in the URL — the role needs
CREATEDB; without a postgres:// URL, a SQLite file in a temporary directory), migrates it,
builds a national tree (34 provinces, each with 20 departments and ~100 communes), two or
three members per unit (leaders and specialists with an e-mail address, some viewers
without), one plan per province and N obligations (default 500,000) spread over the units,
due from 100 days before to 260 days after "today" (Wednesday 15/04/2026) on working days:
most of the past ones done, the rest open. Nothing has been escalated yet, as on the first
morning after an upgrade: the worst case.

Then runs the reminder job twice with the locmem e-mail backend and prints the build time,
both runs' times and counts (the second must send nothing), and drops the scratch database.
A measurement, not a test: it always exits 0 unless it cannot run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from urllib.parse import urlparse

from bench.scratch import ScratchUnavailable, scratch_postgres

OBLIGATIONS = 500_000
PROVINCES = 34
DEPARTMENTS_PER_PROVINCE = 20
COMMUNES = 3300
TODAY = date(2026, 4, 15)
BATCH = 5000


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    url = args.database_url or os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    started = time.perf_counter()
    if urlparse(url).scheme in ("postgres", "postgresql"):
        code = _on_postgres(args, url)
    else:
        print("Không có URL PostgreSQL: đo trên SQLite (tệp tạm). / No PostgreSQL URL: SQLite scratch file.")
        code = _on_sqlite(args)
    print(f"Tổng thời gian / total: {time.perf_counter() - started:.0f} s")
    return code


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cchc bench reminders", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="postgres://… (mặc định TEST_DATABASE_URL, DATABASE_URL)")
    parser.add_argument(
        "--obligations", type=int, default=OBLIGATIONS, help=f"số nghĩa vụ (mặc định {OBLIGATIONS:,})"
    )
    parser.add_argument("--provinces", type=int, default=PROVINCES, help=f"số tỉnh (mặc định {PROVINCES})")
    parser.add_argument(
        "--communes", type=int, default=COMMUNES, help=f"số xã/phường (mặc định {COMMUNES:,})"
    )
    parser.add_argument(
        "--profile", action="store_true", help="in hồ sơ cProfile (cProfile) của mỗi lần chạy"
    )
    parser.add_argument("--keep", action="store_true", help="giữ lại CSDL tạm để xem")
    return parser.parse_args(argv)


def _on_sqlite(args: argparse.Namespace) -> int:
    scratch = tempfile.mkdtemp(prefix="cchc-bench-reminders-")
    try:
        return _measure_in(args, f"sqlite:///{os.path.join(scratch, 'bench.sqlite3')}")
    finally:
        if args.keep:
            print(f"Giữ lại CSDL tạm / kept: {scratch}/bench.sqlite3")
        else:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            shutil.rmtree(scratch, ignore_errors=True)


def _on_postgres(args: argparse.Namespace, url: str) -> int:
    try:
        with scratch_postgres(url, prefix="cchc_bench_reminders", keep=args.keep) as database_url:
            return _measure_in(args, database_url)
    except ScratchUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2


def _measure_in(args: argparse.Namespace, database_url: str) -> int:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.settings"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    # The task queue's SQLite file goes to a scratch directory too (settings read CCHC_VAR_DIR).
    var_dir = None if "CCHC_VAR_DIR" in os.environ else tempfile.mkdtemp(prefix="cchc-bench-var-")
    if var_dir:
        os.environ["CCHC_VAR_DIR"] = var_dir
    try:
        import django

        django.setup()
        from django.core.management import call_command

        _step("migrate", lambda: call_command("migrate", interactive=False, verbosity=0))
        _step("sinh dữ liệu / building data", lambda: _build(args))
        for label in ("lần 1 / first run", "lần 2 / second run (idempotent)"):
            _run(label, profile=args.profile)
        _time_pages()
    finally:
        if var_dir:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 0


def _step(label: str, work: Callable):
    print(f"… {label}", flush=True)
    started = time.perf_counter()
    result = work()
    print(f"  xong / done in {time.perf_counter() - started:.1f} s", flush=True)
    return result


# --- data ----------------------------------------------------------------------------------------


def _build(args: argparse.Namespace) -> None:
    from django.db import connection

    units = _build_units(args)
    _build_members(units)
    _build_obligations(args, units)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have by tomorrow morning


def _build_units(args: argparse.Namespace) -> list[tuple[int, int | None, str]]:
    """(id, province id, kind) of every unit; provinces first."""
    from cchc.org.models import Unit

    rows, out, next_id, communes_left = [], [], 1, args.communes
    for p in range(args.provinces):
        pid, next_id = next_id, next_id + 1
        rows.append(
            Unit(id=pid, code=f"t{p:02d}", name=f"Tỉnh {p + 1:02d}", kind="province", path=f"/{pid}/")
        )
        out.append((pid, pid, "province"))
        share = communes_left // (args.provinces - p)
        communes_left -= share
        children = [("department", f"s{d:02d}", f"Sở {d + 1:02d}") for d in range(DEPARTMENTS_PER_PROVINCE)]
        children += [("commune", f"x{c:03d}", f"Xã {c + 1:03d}") for c in range(share)]
        for kind, code, name in children:
            rows.append(
                Unit(
                    id=next_id,
                    code=f"t{p:02d}-{code}",
                    name=f"{name}, tỉnh {p + 1:02d}",
                    kind=kind,
                    parent_id=pid,
                    path=f"/{pid}/{next_id}/",
                )
            )
            out.append((next_id, pid, kind))
            next_id += 1
    Unit.objects.bulk_create(rows, batch_size=BATCH)
    print(f"  {len(rows):,} đơn vị / units", flush=True)
    return out


def _build_members(units: list[tuple[int, int | None, str]]) -> None:
    from django.contrib.auth import get_user_model

    from cchc.org.models import Membership

    User = get_user_model()
    people = []
    for n, (unit_id, _province, kind) in enumerate(units):
        people.append((unit_id, "leader" if kind != "province" else "admin", True))
        people.append((unit_id, "specialist" if kind != "province" else "leader", True))
        if n % 3 == 0:
            people.append((unit_id, "viewer", False))
    users = [
        User(username=f"u{i}", email=f"u{i}@bench.gov.vn" if has_email else "", password="!")
        for i, (_unit, _role, has_email) in enumerate(people)
    ]
    users = User.objects.bulk_create(users, batch_size=BATCH)
    if users[0].pk is None:  # a backend that does not return ids
        users = list(User.objects.order_by("pk"))
    memberships = [
        Membership(user_id=user.pk, unit_id=unit, role=role)
        for user, (unit, role, _email) in zip(users, people, strict=True)
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    print(f"  {len(users):,} thành viên / members", flush=True)


def _build_obligations(args: argparse.Namespace, units: list[tuple[int, int | None, str]]) -> None:
    from cchc.plans.models import Plan, Task
    from cchc.tracking.models import Obligation

    per_unit = -(-args.obligations // len(units))
    provinces = [u for u in units if u[2] == "province"]
    plans = Plan.objects.bulk_create(
        Plan(issuer_id=p[0], year=2026, number=f"{i + 1}/KH-UBND", kind="KH", title=f"Kế hoạch CCHC {i}")
        for i, p in enumerate(provinces)
    )
    plan_of = {p[0]: plan.pk for p, plan in zip(provinces, plans, strict=True)}
    Task.objects.bulk_create(
        (
            Task(plan_id=plan.pk, code=f"{i + 1}", title=_title(i), due=TODAY, position=i)
            for plan in plans
            for i in range(per_unit)
        ),
        batch_size=BATCH,
    )
    tasks: dict[int, list[int]] = {}
    for task_id, plan_id in Task.objects.order_by("plan_id", "position").values_list("pk", "plan_id"):
        tasks.setdefault(plan_id, []).append(task_id)
    rows = _obligation_rows(args.obligations, units, plan_of, tasks)
    created = 0
    for chunk in _chunks(rows, BATCH * 10):
        _insert(Obligation, chunk)
        created += len(chunk)
        print(f"  … {created:,} nghĩa vụ / obligations", flush=True)


_COLUMNS = ("task_id", "plan_id", "unit_id", "role", "period", "base_due", "due", "status", "completed_on")


def _insert(model, rows: list[dict]) -> None:
    """COPY on PostgreSQL (ten times faster than INSERT at this size), bulk_create elsewhere."""
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    columns = (*_COLUMNS, "review", "extensions_granted", "active", "version", "updated_at")
    fixed = ("", 0, True, 1, timezone.now())
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*(row.get(c) for c in _COLUMNS), *fixed))


_TEXT = (
    "rà soát đơn giản hóa thủ tục hành chính công khai dịch vụ công trực tuyến chuyển đổi số "
    "kiểm tra đánh giá chỉ số hài lòng báo cáo định kỳ bộ phận một cửa số hóa hồ sơ"
)
_WORDS = _TEXT.split()


def _title(i: int) -> str:
    rng = random.Random(i)
    return " ".join(rng.choice(_WORDS) for _ in range(12)).capitalize()


def _obligation_rows(
    n: int, units: list[tuple[int, int | None, str]], plan_of: dict[int, int], tasks: dict[int, list[int]]
) -> Iterator[dict]:
    from cchc.tracking.calendar import working_calendar

    calendar = working_calendar()
    rng = random.Random(20260415)
    made = 0
    for position in range(max(len(v) for v in tasks.values())):
        for unit_id, province, kind in units:
            if made == n:
                return
            task = tasks[plan_of[province]][position]
            due = calendar.add_working_days(TODAY + timedelta(days=rng.randint(-100, 260)), 0)
            role = "support" if kind == "commune" and rng.random() < 0.4 else "lead"
            yield {"task_id": task, "plan_id": plan_of[province], "unit_id": unit_id, "role": role,
                   "period": "once", "base_due": due, "due": due, **_status(due, rng)}  # fmt: skip
            made += 1


def _status(due: date, rng: random.Random) -> dict:
    roll = rng.random()
    if due >= TODAY:
        return {"status": "in_progress" if roll < 0.25 else "not_started"}
    if roll < 0.85:
        return {"status": "done", "completed_on": due}
    if roll < 0.90:
        return {"status": "done_late", "completed_on": min(TODAY, due + timedelta(days=3))}
    return {"status": "in_progress" if roll < 0.95 else "not_started"}


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- the runs ------------------------------------------------------------------------------------


def _run(label: str, *, profile: bool) -> None:
    from django.core import mail

    from cchc.tracking.models import Notification, ReminderDigest
    from cchc.tracking.reminders import send_reminders

    mail.outbox = []
    print(f"… {label}", flush=True)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        run = profiler.runcall(send_reminders, today=TODAY)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    else:
        run = send_reminders(today=TODAY)
    print(
        f"  {run.elapsed:.1f} s: {run.considered:,} nghĩa vụ cần nhắc / obligations to remind, "
        f"{run.digests:,} thư tổng hợp / digests, {len(mail.outbox):,} e-mail, "
        f"{run.notifications:,} thông báo / notifications, {run.escalations:,} báo cấp trên / escalations",
        flush=True,
    )
    print(
        f"  tổng trong CSDL / in the database: {Notification.objects.count():,} thông báo, "
        f"{ReminderDigest.objects.count():,} thư tổng hợp",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())


# --- the tracking pages on the same data ----------------------------------------------------------

PAGE_RUNS = 10


def _time_pages() -> None:
    """p50 / max of the tracking pages for the busiest plan and unit, through the test client."""
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from cchc.org.models import Membership
    from cchc.tracking.models import Obligation

    def busiest(field: str) -> int:
        return Obligation.objects.values(field).annotate(n=Count("pk")).order_by("-n")[0][field]

    plan_id, unit_id = busiest("plan_id"), busiest("unit_id")
    issuer_member = Membership.objects.filter(unit__plans=plan_id, role="leader").first()
    unit_member = Membership.objects.filter(unit_id=unit_id).exclude(role="viewer").first()
    cases = [
        (
            f"Tiến độ kế hoạch ({_count(plan=plan_id)} nghĩa vụ) / plan progress",
            issuer_member,
            reverse("plans:progress", args=[plan_id]),
        ),
        (
            "Việc của tôi, đơn vị bận nhất / my work, busiest unit",
            unit_member,
            reverse("tracking:my_work") + f"?unit={unit_id}",
        ),
        (
            "Xuất Excel tiến độ / progress export",
            issuer_member,
            reverse("plans:export_progress", args=[plan_id]),
        ),
    ]
    print(f"\nTrang theo dõi, {PAGE_RUNS} lần mỗi trang / tracking pages, {PAGE_RUNS} runs each (ms):")
    for label, member, path in cases:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(member.user)
        times = []
        for _ in range(PAGE_RUNS + 1):  # the first run warms caches and is not counted
            started = time.perf_counter()
            if client.get(path).status_code != 200:
                raise RuntimeError(f"{path}: not 200")
            times.append((time.perf_counter() - started) * 1000)
        times = sorted(times[1:])
        print(f"  {label:<64} p50 {times[len(times) // 2]:7.1f}  max {times[-1]:7.1f}", flush=True)


def _count(**filters) -> str:
    from cchc.tracking.models import Obligation

    return f"{Obligation.objects.filter(**filters).count():,}"

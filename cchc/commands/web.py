"""`cchc serve`, `cchc demo`, `cchc worker`, `cchc migrate`, `cchc manage …`."""

from __future__ import annotations

import argparse
import os
import sys

from cchc.commands import setup_django


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="chạy máy chủ web phát triển (migrate, rồi runserver)",
        description=(
            "Cập nhật CSDL (migrate), gom tệp tĩnh khi DEBUG tắt, rồi chạy máy chủ phát triển của Django. "
            "Khi chạy thật (production) hãy dùng gunicorn hoặc uwsgi với cchc.wsgi:application, "
            "ví dụ: gunicorn cchc.wsgi:application --bind 127.0.0.1:8000, và `cchc worker` cho tác vụ nền. "
            "/ Development server only; in production serve cchc.wsgi with gunicorn or uwsgi."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    serve.add_argument("--no-reload", action="store_true", help="không tự khởi động lại khi mã thay đổi")
    serve.set_defaults(handler=cmd_serve)

    demo = commands.add_parser(
        "demo", help="nạp dữ liệu mẫu: cây đơn vị, tài khoản, 5 kế hoạch mẫu và tiến độ thực hiện"
    )
    demo.add_argument(
        "--reset-passwords", action="store_true", help="đặt mật khẩu mới (ngẫu nhiên) cho các tài khoản demo"
    )
    demo.set_defaults(handler=cmd_demo)

    worker = commands.add_parser("worker", help="chạy tiến trình nền (Huey): đọc văn bản lớn, gửi thư")
    worker.add_argument("options", nargs=argparse.REMAINDER, help="tùy chọn của run_huey, vd. -w 2")
    worker.set_defaults(handler=cmd_worker)

    migrate = commands.add_parser("migrate", help="cập nhật cấu trúc CSDL")
    migrate.set_defaults(handler=cmd_migrate)

    manage = commands.add_parser(
        "manage", help="chạy một lệnh quản trị Django (như manage.py), vd. cchc manage createsuperuser"
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER, help="lệnh và tham số")
    manage.set_defaults(handler=cmd_manage)


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print("CSDL đã cập nhật (migrate).", flush=True)


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    # With the autoreloader, this function runs again in the child (RUN_MAIN=true):
    # migrate and collectstatic only once, in the parent.
    if os.environ.get("RUN_MAIN") != "true":
        _migrate()
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        print(f"CCHC: http://{args.host}:{args.port}/  (Ctrl+C để dừng / to stop)", flush=True)
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=not args.no_reload)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from cchc.demo import DEMO_TODAY, load_demo

    _migrate()
    # The progress is played as of CCHC_TODAY when it is set, else as of the demo date.
    fixed = settings.CCHC_TODAY
    result = load_demo(stdout=sys.stdout, reset_passwords=args.reset_passwords, today=fixed or DEMO_TODAY)
    if fixed is None:
        print(
            f"\nTiến độ mẫu tính đến ngày {DEMO_TODAY:%d/%m/%Y}. Để xem ứng dụng như vào ngày đó, chạy: "
            f"CCHC_TODAY={DEMO_TODAY:%d/%m/%Y} .venv/bin/cchc serve  (hoặc `make run`)."
        )
    if result.problems:
        print(f"\nDữ liệu mẫu đã nạp, nhưng có {len(result.problems)} vấn đề (xem ở trên).", file=sys.stderr)
    return 0


def load_jobs() -> None:
    """Import every app's jobs.py so the worker knows its tasks and periodic jobs:
    djhuey's run_huey only autoloads modules named tasks.py."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("jobs")


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    load_jobs()
    call_command("run_huey", *args.options)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    setup_django()
    _migrate()
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cchc manage", *args.arguments])
    return 0

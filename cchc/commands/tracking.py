"""`cchc remind [--date dd/mm/yyyy]`: run the daily reminder job now and say what it did."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

from cchc.commands import setup_django

if TYPE_CHECKING:
    from cchc.tracking.reminders import ReminderRun

EXIT_BAD_INPUT = 2


def register(commands: argparse._SubParsersAction) -> None:
    remind = commands.add_parser(
        "remind",
        help="gửi nhắc việc ngay (thư tổng hợp, thông báo, báo lên cấp trên); chạy lại không gửi trùng",
        description=(
            "Chạy việc nhắc hằng ngày (cchc worker tự chạy lúc 06:30 mỗi sáng): nhiệm vụ còn 7, 3, 1 "
            "ngày làm việc và quá hạn; quá hạn từ 5 ngày làm việc thì báo lãnh đạo đơn vị cấp trên. "
            "/ Runs the daily reminder job now; running it twice a day sends nothing twice."
        ),
    )
    remind.add_argument(
        "--date",
        metavar="NGÀY",
        help="chạy như thể hôm nay là ngày này, dạng ngày/tháng/năm (vd. 15/04/2026)",
    )
    remind.set_defaults(handler=cmd_remind)


def cmd_remind(args: argparse.Namespace) -> int:
    day = None
    if args.date is not None:
        day = parse_day(args.date)
        if day is None:
            print(
                f"Ngày “{args.date}” không hợp lệ: hãy ghi một ngày có thật theo dạng ngày/tháng/năm, "
                "ví dụ 15/04/2026.",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
    setup_django()
    from cchc.tracking.reminders import send_reminders

    run = send_reminders(today=day)
    print(render_run(run))
    return 0


def parse_day(text: str) -> date | None:
    """'15/04/2026' → date(2026, 4, 15); None for anything else (31/02/2026, 2026-04-15)."""
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def render_run(run: ReminderRun) -> str:
    """The Vietnamese summary of a ReminderRun (numbers the Vietnamese way: 1.234; 2,5 giây)."""
    day = f"{run.day:%d/%m/%Y}"
    if not run.working_day:
        return f"Nhắc việc {day}: ngày nghỉ, không gửi gì (việc nhắc chỉ chạy vào ngày làm việc)."
    seconds = f"{run.elapsed:.1f}".replace(".", ",")
    return "\n".join(
        [
            f"Nhắc việc ngày {day}:",
            f"  Nghĩa vụ cần nhắc (còn 7, 3, 1 ngày làm việc hoặc quá hạn): {_n(run.considered)}",
            f"  Thư tổng hợp: {_n(run.digests)} (đã gửi {_n(run.emails)})",
            f"  Thông báo mới: {_n(run.notifications)}",
            f"  Báo lên đơn vị cấp trên (quá hạn từ 5 ngày làm việc): {_n(run.escalations)}",
            f"  Thời gian: {seconds} giây",
        ]
    )


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")

"""The demo: a unit tree, an admin and a few officers, the five seed plans (`cchc demo`),
their obligations with a year of progress as of DEMO_TODAY and that day's reminders
(cchc.demo_progress).

Idempotent: a second run creates nothing new. Passwords are random and printed only
when an account is created (nothing secret lives in the repository); later runs say
the account exists and how to reset its password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.org import services as org_services
from cchc.org.models import Membership, Unit
from cchc.org.tree_io import read_tree

if TYPE_CHECKING:
    from cchc.demo_progress import TrackingSummary

TREE_FILES = ("demo_tree_2022.csv", "demo_tree_2025.csv")
# The issuer of each seed plan. Given explicitly: seed 004 is issued by "Ủy ban nhân dân
# Phường 8" with no parent line, and the demo tree has a Phường 8 in three districts.
SEED_ISSUERS = {
    "000_d819fbad9da38ddd.txt": "q11",
    "001_cdbe611785bc9ae5.txt": "hcm",
    "002_ccb51e7cc21fb8ad.txt": "hn",
    "003_22232acf49f52acb.txt": "govap",
    "004_965d4480a3272df0.txt": "q10-p08",
}
ADMIN_USERNAME = "admin"
# The day the demo's progress stands at (a Friday): serve with CCHC_TODAY=15/09/2023 to see it so.
DEMO_TODAY = date(2023, 9, 15)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    unit_code: str
    role: str
    what: str


# Officers at each level of the tree, as they would use CCHC.
DEMO_USERS = (
    DemoUser(
        "lanhdao.hcm", "Minh", "Trần Văn", "hcm", Membership.Role.LEADER, "lãnh đạo, xem toàn Thành phố HCM"
    ),
    DemoUser(
        "chuyenvien.snv.hcm",
        "Hoa",
        "Lê Thị",
        "hcm",
        Membership.Role.SPECIALIST,
        "chuyên viên Sở Nội vụ, nhập kế hoạch của Thành phố HCM",
    ),
    DemoUser(
        "chuyenvien.q11",
        "Lan",
        "Nguyễn Thị",
        "q11",
        Membership.Role.SPECIALIST,
        "chuyên viên Phòng Nội vụ Quận 11, nhập và theo dõi kế hoạch của Quận 11",
    ),
    DemoUser(
        "xem.p8q10", "Bình", "Phạm Quốc", "q10-p08", Membership.Role.VIEWER, "chỉ xem, Phường 8 Quận 10"
    ),
    DemoUser(
        "chuyenvien.hn",
        "Hằng",
        "Đỗ Thu",
        "hn",
        Membership.Role.SPECIALIST,
        "chuyên viên Sở Nội vụ Hà Nội, nhập kế hoạch của Thành phố Hà Nội",
    ),
    # The units that carry most of the demo's progress: they record, approve, get reminders.
    DemoUser(
        "lanhdao.q11",
        "Hùng",
        "Võ Minh",
        "q11",
        Membership.Role.LEADER,
        "lãnh đạo UBND Quận 11: nhận cảnh báo trễ hạn của các phòng, quyết định gia hạn",
    ),
    DemoUser(
        "truongphong.pnv.q11",
        "Thảo",
        "Ngô Phương",
        "q11-pnv",
        Membership.Role.LEADER,
        "trưởng Phòng Nội vụ Quận 11: duyệt báo cáo tiến độ của phòng",
    ),
    DemoUser(
        "chuyenvien.pnv.q11",
        "Tuấn",
        "Huỳnh Anh",
        "q11-pnv",
        Membership.Role.SPECIALIST,
        "chuyên viên Phòng Nội vụ Quận 11: cập nhật tiến độ, xin gia hạn",
    ),
    DemoUser(
        "chuyenvien.vp.p8q10",
        "Mai",
        "Đặng Thị",
        "q10-p08-vp",
        Membership.Role.SPECIALIST,
        "chuyên viên Văn phòng UBND Phường 8, Quận 10: thực hiện kế hoạch 2023 của Phường 8",
    ),
)


@dataclass
class DemoResult:
    units_created: int = 0
    units_updated: int = 0
    accounts_created: dict[str, str] = field(default_factory=dict)  # username → password
    accounts_existing: list[str] = field(default_factory=list)
    plans_created: list[str] = field(default_factory=list)
    plans_existing: list[str] = field(default_factory=list)
    plan_ids: list[int] = field(default_factory=list)  # the seed plans, new or already there
    tracking: TrackingSummary | None = None
    problems: list[str] = field(default_factory=list)


def load_demo(
    *, stdout: TextIO, reset_passwords: bool = False, plans: bool = True, today: date = DEMO_TODAY
) -> DemoResult:
    """Load the demo tree, accounts and (unless plans=False) the seed plans with their progress
    as of `today` and that day's reminders; print what happened."""
    result = DemoResult()
    _load_tree(result, stdout)
    admin = _load_accounts(result, stdout, reset_passwords=reset_passwords)
    if plans:
        _load_plans(result, stdout, admin)
        if result.plan_ids:
            _load_tracking(result, stdout, admin, today=today)
    _print_accounts(result, stdout)
    return result


def _load_tree(result: DemoResult, stdout: TextIO) -> None:
    for name in TREE_FILES:
        data = resources.files("cchc.org").joinpath("data", name).read_bytes()
        outcome = org_services.import_units(rows=read_tree(data=data, filename=name))
        result.units_created += len(outcome.created)
        result.units_updated += len(outcome.updated)
        stdout.write(f"Cây đơn vị {name}: {outcome.summary()}\n")


@transaction.atomic
def _load_accounts(result: DemoResult, stdout: TextIO, *, reset_passwords: bool):
    User = get_user_model()
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None or reset_passwords:
        password = _password()
        if admin is None:
            admin = User.objects.create_superuser(
                ADMIN_USERNAME, email="admin@example.gov.vn", password=password, first_name="Quản trị"
            )
        else:
            admin.set_password(password)
            admin.save(update_fields=["password"])
        result.accounts_created[ADMIN_USERNAME] = password
    else:
        result.accounts_existing.append(ADMIN_USERNAME)
    for spec in DEMO_USERS:
        unit = Unit.objects.get(code=spec.unit_code)
        user = User.objects.filter(username=spec.username).first()
        if user is None or reset_passwords:
            password = _password()
            if user is None:
                user = User.objects.create_user(
                    spec.username,
                    email=f"{spec.username}@example.gov.vn",
                    password=password,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                )
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            result.accounts_created[spec.username] = password
        else:
            result.accounts_existing.append(spec.username)
        org_services.set_membership(user=user, unit=unit, role=spec.role)
    return admin


def _password() -> str:
    # Readable and strong enough for a demo: 4 groups of 4 from an unambiguous alphabet.
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _load_plans(result: DemoResult, stdout: TextIO, admin) -> None:
    try:
        from cchc.plans.plan_import import import_document
    except ImportError:
        result.problems.append("chưa có chức năng nhập kế hoạch (cchc.plans.plan_import.import_document)")
        stdout.write("BỎ QUA nhập 5 kế hoạch mẫu: chức năng nhập kế hoạch chưa có trong bản này.\n")
        return
    from cchc.plans.models import Plan

    folder = resources.files("cchc").joinpath("demo_data")
    for name, issuer_code in SEED_ISSUERS.items():
        entry = folder.joinpath(name)
        before = Plan.objects.count()
        try:
            issuer = Unit.objects.get(code=issuer_code)
            plan = import_document(data=entry.read_bytes(), filename=entry.name, user=admin, issuer=issuer)
        except Exception as exc:  # the demo goes on; the problem is reported at the end
            result.problems.append(f"{entry.name}: {exc}")
            stdout.write(f"LỖI khi nhập {entry.name}: {exc}\n")
            continue
        result.plan_ids.append(plan.pk)
        where = f", {issuer.parent.name}" if issuer.kind == Unit.Kind.COMMUNE and issuer.parent else ""
        label = f"{plan.number or entry.name} — {plan.issuer}{where}"
        if Plan.objects.count() > before:
            result.plans_created.append(label)
            stdout.write(f"Đã nhập kế hoạch {label} ({plan.tasks.count()} nhiệm vụ).\n")
        else:
            result.plans_existing.append(label)
            stdout.write(f"Kế hoạch {label} đã có, không nhập lại.\n")


def _load_tracking(result: DemoResult, stdout: TextIO, admin, *, today: date) -> None:
    from cchc.demo_progress import load_tracking
    from cchc.plans.models import Plan

    plans = list(Plan.objects.filter(pk__in=result.plan_ids).select_related("issuer").order_by("pk"))
    try:
        result.tracking = load_tracking(plans=plans, admin=admin, today=today, stdout=stdout)
    except Exception as exc:  # the demo goes on (its progress is rolled back); reported at the end
        result.problems.append(f"tiến độ mẫu: {exc}")
        stdout.write(f"LỖI khi ghi tiến độ mẫu: {exc}\n")


def _print_accounts(result: DemoResult, stdout: TextIO) -> None:
    specs = {u.username: u for u in DEMO_USERS}
    if result.accounts_created:
        stdout.write("\nTÀI KHOẢN DEMO / DEMO ACCOUNTS (mật khẩu chỉ in một lần — hãy ghi lại):\n")
        for username, password in result.accounts_created.items():
            what = specs[username].what if username in specs else "quản trị toàn hệ thống (/admin/)"
            stdout.write(f"  {username:<20} {password:<20} {what}\n")
    if result.accounts_existing:
        stdout.write(
            f"\nTài khoản đã có từ trước: {', '.join(result.accounts_existing)}. Mật khẩu không đổi; "
            "đặt lại bằng `.venv/bin/cchc manage changepassword TÊN` "
            "hoặc tạo mật khẩu mới cho mọi tài khoản demo: `.venv/bin/cchc demo --reset-passwords`.\n"
        )

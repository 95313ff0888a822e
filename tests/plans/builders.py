"""Plans straight into the database (bulk_create), without the import service."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from cchc.org.models import Unit
from cchc.plans.models import Assignment, Plan, ReportDeadline, Section, Target, Task

_numbers = itertools.count(1)


def make_plan(
    issuer: Unit,
    *,
    n_tasks: int = 5,
    n_sections: int = 2,
    n_targets: int = 2,
    year: int = 2026,
    lead: Unit | None = None,
    support: Unit | None = None,
    number: str | None = None,
    **fields,
) -> Plan:
    """A plan of `issuer` with sections, tasks (lead `lead`, support `support`, one due date
    a month apart from 31/01), targets (98,5 % …) and a reporting calendar."""
    plan = Plan.objects.create(
        issuer=issuer,
        year=year,
        number=number if number is not None else f"{next(_numbers)}/KH-UBND",
        kind="KH",
        title=fields.pop("title", f"Kế hoạch cải cách hành chính năm {year}"),
        issued_on=fields.pop("issued_on", date(year, 1, 15)),
        signer_name=fields.pop("signer_name", "Nguyễn Văn An"),
        signer_position=fields.pop("signer_position", "Chủ tịch"),
        goals=fields.pop("goals", ["Nâng cao chất lượng phục vụ người dân."]),
        **fields,
    )
    sections = Section.objects.bulk_create(
        Section(plan=plan, code=str(i + 1), title=f"Nhóm nhiệm vụ {i + 1}", position=i)
        for i in range(n_sections)
    )
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            section=sections[i % len(sections)] if sections else None,
            code=f"{i + 1}",
            title=f"Nhiệm vụ số {i + 1}",
            products=[f"Báo cáo {i + 1}"],
            deadline_text=f"Tháng {i % 12 + 1}/{year}",
            deadline_kind=Task.DeadlineKind.BY_DATE,
            due=_month_end(year, i % 12 + 1),
            position=i,
        )
        for i in range(n_tasks)
    )
    lead_unit = lead or issuer
    rows = []
    for task in tasks:
        rows.append(Assignment(task=task, plan=plan, unit=lead_unit, role="lead", wording=lead_unit.name))
        if support is not None:
            rows.append(Assignment(task=task, plan=plan, unit=support, role="support", wording=support.name))
        rows.append(Assignment(task=task, plan=plan, unit=None, role="support", wording="Các phòng, ban"))
    Assignment.objects.bulk_create(rows)
    values = [Decimal("98.5"), Decimal("100"), Decimal("15")]
    Target.objects.bulk_create(
        Target(
            plan=plan,
            code=f"T{i + 1}",
            text=f"Chỉ tiêu {i + 1}",
            indicator=f"Tỷ lệ hồ sơ đúng hạn {i + 1}",
            op=">=",
            value=values[i % 3],
            unit_label="%" if i % 3 < 2 else "mô hình",
            position=i,
        )
        for i in range(n_targets)
    )
    ReportDeadline.objects.create(plan=plan, period="Q1", due=date(year, 3, 15), position=0)
    return plan


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


class Cast:
    """A small tree (province › district › ward, plus another province) and its people.

    The district issues `plan`. owner: specialist of the district; leader: its leader;
    parent_leader: leader of the province; viewer: viewer of the district; ward_member:
    specialist of the ward, which supports the plan's tasks (reads the plan, cannot edit it);
    other_ward_member: specialist of a ward the plan does not assign (404); outsider: admin
    elsewhere.
    """

    def __init__(self, *, n_tasks: int = 6) -> None:
        from factories import make_member, make_unit

        self.province = make_unit("Ủy ban nhân dân tỉnh Hòa Bình", kind=Unit.Kind.PROVINCE)
        self.district = make_unit(
            "Ủy ban nhân dân huyện Lạc Sơn", kind=Unit.Kind.DISTRICT, parent=self.province
        )
        self.office = make_unit("Phòng Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=self.district)
        self.ward = make_unit("Ủy ban nhân dân xã Vụ Bản", kind=Unit.Kind.COMMUNE, parent=self.district)
        self.elsewhere = make_unit("Ủy ban nhân dân tỉnh Sơn La", kind=Unit.Kind.PROVINCE)
        self.owner = make_member(self.district, "specialist")
        self.leader = make_member(self.district, "leader")
        self.parent_leader = make_member(self.province, "leader")
        self.viewer = make_member(self.district, "viewer")
        self.ward_member = make_member(self.ward, "specialist")
        self.other_ward = make_unit(
            "Ủy ban nhân dân xã Ân Nghĩa", kind=Unit.Kind.COMMUNE, parent=self.district
        )
        self.other_ward_member = make_member(self.other_ward, "specialist")
        self.outsider = make_member(self.elsewhere, "admin")
        self.plan = make_plan(
            self.district, n_tasks=n_tasks, lead=self.office, support=self.ward, number="19/KH-UBND"
        )
        self.other_plan = make_plan(self.elsewhere, n_tasks=2, number="7/KH-UBND")

    @property
    def readers(self):
        return [self.owner, self.leader, self.parent_leader, self.viewer]

    @property
    def editors(self):
        return [self.owner, self.leader, self.parent_leader]

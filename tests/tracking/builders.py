"""Obligations straight into the database, without the sync service (for tests of what
reads or acts on them); tests of the sync service itself use cchc.tracking.obligations."""

from __future__ import annotations

from datetime import date

from plans.builders import Cast

from cchc.org.models import Unit
from cchc.plans.models import Task
from cchc.tracking.models import Obligation


def make_obligation(
    task: Task,
    unit: Unit,
    *,
    due: date | None,
    role: str = Obligation.Role.LEAD,
    period: str = "once",
    **fields,
) -> Obligation:
    """One obligation of `unit` for `task`, due `due` (base_due the same unless given)."""
    return Obligation.objects.create(
        task=task,
        plan_id=task.plan_id,
        unit=unit,
        role=role,
        period=period,
        base_due=fields.pop("base_due", due),
        due=due,
        **fields,
    )


class TrackingCast(Cast):
    """Cast (see plans.builders) plus one lead obligation of the office and one supporting
    obligation of the ward per task of `plan`, each due on its task's date.

    office_specialist / office_leader / office_viewer: members of the office (the lead unit);
    ward_leader: leader of the ward; district leader (`leader`) decides extensions.
    """

    def __init__(self, *, n_tasks: int = 6) -> None:
        from factories import make_member

        super().__init__(n_tasks=n_tasks)
        self.office_specialist = make_member(self.office, "specialist")
        self.office_leader = make_member(self.office, "leader")
        self.office_viewer = make_member(self.office, "viewer")
        self.ward_leader = make_member(self.ward, "leader")
        self.tasks = list(self.plan.tasks.order_by("position"))
        self.lead_obligations = [make_obligation(t, self.office, due=t.due) for t in self.tasks]
        self.support_obligations = [
            make_obligation(t, self.ward, due=t.due, role=Obligation.Role.SUPPORT) for t in self.tasks
        ]

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from plans.builders import Cast

from cchc.plans.edits import (
    STALE_TASK_MESSAGE,
    StaleEditError,
    target_fingerprint,
    update_target,
    update_task,
)
from cchc.plans.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast(n_tasks=3)


@pytest.fixture
def task(cast):
    return Task.objects.select_related("plan__issuer").get(plan=cast.plan, code="1")


def test_update_fields_bumps_version(cast, task):
    updated = update_task(
        task=task, user=cast.owner, version=1, title="Tiêu đề mới", products=["A", " ", "B"]
    )
    task.refresh_from_db()
    assert (task.title, task.products, task.version, updated.version) == ("Tiêu đề mới", ["A", "B"], 2, 2)


def test_deadline_text_change_rederives_deadline(cast, task):
    update_task(task=task, user=cast.owner, version=1, deadline_text="Quý III năm 2026", due=task.due)
    task.refresh_from_db()
    assert (task.deadline_kind, task.due) == ("by_date", date(2026, 9, 30))
    update_task(task=task, user=cast.owner, version=2, deadline_text="Thường xuyên", due=task.due)
    task.refresh_from_db()
    assert (task.deadline_kind, task.due) == ("continuous", None)
    update_task(task=task, user=cast.owner, version=3, deadline_text="Hằng quý")
    task.refresh_from_db()
    assert (task.deadline_kind, task.recurrence) == ("recurring", "quarterly")


def test_own_due_date_wins(cast, task):
    update_task(
        task=task, user=cast.owner, version=1, deadline_text="Quý III năm 2026", due=date(2026, 8, 15)
    )
    task.refresh_from_db()
    assert task.due == date(2026, 8, 15)
    update_task(task=task, user=cast.owner, version=2, due=date(2026, 7, 1))
    task.refresh_from_db()
    assert (task.due, task.deadline_text) == (date(2026, 7, 1), "Quý III năm 2026")


def test_stale_edit_is_refused_and_keeps_newer_data(cast, task):
    update_task(task=task, user=cast.leader, version=1, title="Bản của lãnh đạo")
    with pytest.raises(StaleEditError) as caught:
        update_task(task=task, user=cast.owner, version=1, title="Bản cũ")
    assert caught.value.messages == [str(STALE_TASK_MESSAGE)]
    task.refresh_from_db()
    assert (task.title, task.version) == ("Bản của lãnh đạo", 2)


def test_assignments_replaced_by_wording_and_unit(cast, task):
    update_task(
        task=task,
        user=cast.owner,
        version=1,
        lead=[("UBND xã Vụ Bản", cast.ward)],
        support=[("Phòng NV", cast.office), ("Công an huyện", None), ("  ", None)],
    )
    rows = list(task.assignments.order_by("role", "position").values_list("role", "wording", "unit"))
    assert rows == [
        ("lead", "UBND xã Vụ Bản", cast.ward.pk),
        ("support", "Phòng NV", cast.office.pk),
        ("support", "Công an huyện", None),
    ]


def test_only_editors_may_edit(cast, task):
    for user in (cast.viewer, cast.outsider, cast.ward_member):
        with pytest.raises(PermissionDenied):
            update_task(task=task, user=user, version=1, title="x")
    update_task(task=task, user=cast.parent_leader, version=1, title="Từ tỉnh")


def test_invalid_values_raise_validation_error(cast, task):
    with pytest.raises(ValidationError):
        update_task(task=task, user=cast.owner, version=1, title="")
    with pytest.raises(TypeError):
        update_task(task=task, user=cast.owner, version=1, plan=None)


def test_update_target_with_fingerprint(cast):
    target = cast.plan.targets.select_related("plan__issuer").first()
    start = target_fingerprint(target)
    update_target(target=target, user=cast.owner, fingerprint=start, value=Decimal("99.5"), op="=")
    target.refresh_from_db()
    assert (target.value, target.op) == (Decimal("99.5"), "=")
    with pytest.raises(StaleEditError):
        update_target(target=target, user=cast.leader, fingerprint=start, value=Decimal("1"))
    target.refresh_from_db()
    assert target.value == Decimal("99.5")
    with pytest.raises(PermissionDenied):
        update_target(target=target, user=cast.viewer, value=Decimal("1"))


def test_fingerprint_ignores_decimal_scale(cast):
    target = cast.plan.targets.first()
    before = target_fingerprint(target)
    target.value = Decimal("98.50")
    assert target_fingerprint(target) == before

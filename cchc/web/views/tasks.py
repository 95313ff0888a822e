"""Task page: the task, its units, the obligations the reader may see, and its history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cchc.org.access import can_edit_unit
from cchc.plans.selectors import task_get_for_user
from cchc.tracking.detail_selectors import task_page


@login_required
@require_GET
def task_detail(request, pk: int):
    task = task_get_for_user(request.user, pk)
    context = {
        "page": task_page(task=task, user=request.user),
        "task": task,
        "plan": task.plan,
        "can_edit": can_edit_unit(request.user, task.plan.issuer),
    }
    return render(request, "plans/task_detail.html", context)

"""Notifications: the list (newest first, unread highlighted) and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_POST

from cchc.tracking import notifications
from cchc.tracking.models import Notification

PER_PAGE = 50
_TITLE_CHARS = 120

# What each kind says about an obligation; %(task)s, %(unit)s and %(due)s are filled in.
_TEXTS = {
    Notification.Kind.DUE_7: gettext_noop("“%(task)s” (%(unit)s) is due on %(due)s: 7 working days left."),
    Notification.Kind.DUE_3: gettext_noop("“%(task)s” (%(unit)s) is due on %(due)s: 3 working days left."),
    Notification.Kind.DUE_1: gettext_noop("“%(task)s” (%(unit)s) is due on %(due)s: 1 working day left."),
    Notification.Kind.OVERDUE: gettext_noop("“%(task)s” (%(unit)s) was due on %(due)s and is overdue."),
    Notification.Kind.ESCALATION: gettext_noop(
        "“%(task)s” (%(unit)s, a unit below yours) has been overdue for 5 working days or more (due %(due)s)."
    ),
    Notification.Kind.RETURNED: gettext_noop("The update on “%(task)s” (%(unit)s) was returned by a leader."),
    Notification.Kind.APPROVED: gettext_noop("The update on “%(task)s” (%(unit)s) was approved."),
    Notification.Kind.EXTENSION_REQUESTED: gettext_noop(
        "%(unit)s asks for an extension of “%(task)s” (due %(due)s)."
    ),
    Notification.Kind.EXTENSION_DECIDED: gettext_noop(
        "The extension requested for “%(task)s” (%(unit)s) was decided; due date now %(due)s."
    ),
}


def notification_text(notification: Notification) -> str:
    """The sentence shown for a notification, in the reader's language."""
    obligation = notification.obligation
    if obligation is None or notification.kind not in _TEXTS:
        return notification.get_kind_display()
    title = obligation.task.title
    values = {
        "task": title if len(title) <= _TITLE_CHARS else title[: _TITLE_CHARS - 1] + "…",
        "unit": obligation.unit.name,
        "due": date_format(obligation.due, "SHORT_DATE_FORMAT") if obligation.due else _("no deadline"),
    }
    return _(_TEXTS[notification.kind]) % values


@login_required
@require_GET
def notification_list(request):
    unread_only = request.GET.get("chua-doc") == "1"
    rows = notifications.notifications_for_user(user=request.user, unread_only=unread_only)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    items = [(n, notification_text(n)) for n in page.object_list]
    context = {"page": page, "items": items, "unread_only": unread_only}
    return render(request, "tracking/notifications.html", context)


def _ids(request) -> list[int] | None:
    """The ids sent (a row's "mark read"), or None for "all" (no id sent at all)."""
    if "id" not in request.POST:
        return None
    return [int(v) for v in request.POST.getlist("id") if v.isdigit()]


@login_required
@require_POST
def mark_read(request):
    count = notifications.mark_read(user=request.user, ids=_ids(request))
    if count:
        message = ngettext(
            "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
        )
        messages.success(request, message % {"count": count})
    return redirect("tracking:notifications")

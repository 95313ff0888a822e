"""In-app notifications: writing them (once per user, obligation, kind and day) and reading them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from cchc.tracking.models import Notification, Obligation


def notify(
    *, users: Iterable[AbstractBaseUser | int], obligation: Obligation | None, kind: str, on: date
) -> int:
    """Create one notification per user; a second call on the same day adds nothing.

    Returns how many rows were new. The unique constraint (user, obligation, kind, day)
    is what makes the reminder job and repeated actions idempotent.
    """
    user_ids = {u if isinstance(u, int) else u.pk for u in users}
    if not user_ids:
        return 0
    existing = set(
        Notification.objects.filter(
            user_id__in=user_ids, obligation=obligation, kind=kind, sent_on=on
        ).values_list("user_id", flat=True)
    )
    rows = [
        Notification(user_id=uid, obligation=obligation, kind=kind, sent_on=on)
        for uid in sorted(user_ids - existing)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def notifications_for_user(*, user: AbstractBaseUser, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first, with obligation, its task and unit loaded."""
    rows = Notification.objects.filter(user_id=user.pk)
    if unread_only:
        rows = rows.filter(read_at=None)
    return rows.select_related("obligation", "obligation__task", "obligation__unit").order_by(
        "-sent_on", "-pk"
    )


def unread_count(*, user: AbstractBaseUser) -> int:
    """How many of the user's notifications are unread (the navigation badge)."""
    return Notification.objects.filter(user_id=user.pk, read_at=None).count()


def mark_read(*, user: AbstractBaseUser, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications (all, or those of `ids`) read; how many changed.
    Ids of other users' notifications are ignored."""
    rows = Notification.objects.filter(user_id=user.pk, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())

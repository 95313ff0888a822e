"""In-app notifications: writing them (once per user, obligation, kind and day) and reading them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser

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

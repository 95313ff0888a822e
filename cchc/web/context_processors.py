"""Values every page's layout needs."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from cchc.tracking.notifications import unread_count


def unread_notifications(request) -> dict:
    """`unread_notifications`: the user's unread count for the navigation badge. Lazy: pages
    that do not draw the navigation (HTMX fragments, exports) run no query for it."""

    def count() -> int:
        user = getattr(request, "user", None)
        return unread_count(user=user) if user is not None and user.is_authenticated else 0

    return {"unread_notifications": SimpleLazyObject(count)}

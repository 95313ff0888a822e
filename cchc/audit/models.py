"""One row per change: the history shown on a task's page.

Subjects are named by type and id rather than foreign keys, so that this app depends on
nothing but users and any app (plans, tracking) can record into it; `task_id` groups the
history of a task with that of its obligations, progress updates and evidence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """Who did what to which object, when, with the changed fields as {field: [old, new]}."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=48)
    subject_type = models.CharField(max_length=32)
    subject_id = models.BigIntegerField()
    task_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.subject_type}#{self.subject_id}"

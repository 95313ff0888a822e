"""What each unit owes for each task, and what it has reported.

Task ──< Obligation (one per responsible unit per occurrence: a month, a reporting period,
the event, or once) ──< ProgressUpdate ──< Evidence; Obligation ──< ExtensionRequest.
Notification and ReminderDigest record what the daily reminder job sent, so that running
it twice sends nothing twice. OfficialDay is the admin-edited part of the working-day
calendar (extra days off, make-up working Saturdays) layered on cchc.workdays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc.org.models import Unit
from cchc.plans.models import Plan, Task


class OfficialDay(models.Model):
    """A day the Government's yearly notice makes a day off or a make-up working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind of day"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official calendar day")
        verbose_name_plural = _("official calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class Obligation(models.Model):
    """One responsible unit's duty for one occurrence of a task.

    `period` names the occurrence: "once", "event", "M01"…"M12", "Q1"…"Q4", "H1", "H2",
    "YEAR", or a plan reporting period ("R:Q1", "R:H1", "R:9M", "R:YEAR", "R:M03"…).
    `base_due` is what the task's deadline gives; `due` is what applies (an extension or
    a leader's date for an event may move it). Status and review mirror the latest
    progress update, kept by the tracking services.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORT = "support", _("Support")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DONE_LATE = "done_late", _("Done late")
        NOT_DONE = "not_done", _("Could not be done")

    class Review(models.TextChoices):
        NONE = "", _("Nothing to review")
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.DONE, Status.DONE_LATE, Status.NOT_DONE)

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="obligations")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="obligations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="obligations")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    period = models.CharField(pgettext_lazy("obligation", "period"), max_length=16)
    period_end = models.DateField(_("end of period"), null=True, blank=True)
    base_due = models.DateField(_("due date from the plan"), null=True, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    event_on = models.DateField(_("event date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    review = models.CharField(_("review"), max_length=16, choices=Review.choices, blank=True, default="")
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    late_working_days = models.PositiveSmallIntegerField(_("working days late"), null=True, blank=True)
    extensions_granted = models.PositiveSmallIntegerField(_("extensions granted"), default=0)
    # False when the task no longer asks this of the unit but the obligation has history.
    active = models.BooleanField(_("active"), default=True)
    escalated_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking for forms
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period"], name="tracking_obligation_unique")
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due"]),
            models.Index(fields=["plan", "unit"]),
            models.Index(fields=["status", "due"]),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}/{self.unit_id}/{self.period}"


class ProgressUpdate(models.Model):
    """What a unit reported on an obligation, and the leader's review of it."""

    # PROTECT: deleting a task (a re-import that drops it) must not take recorded work with it.
    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Obligation.Status.choices)
    account = models.TextField(_("account of the work"), blank=True)
    product_number = models.CharField(_("product document number"), max_length=100, blank=True)
    product_date = models.DateField(_("product document date"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    review = models.CharField(_("review"), max_length=16, choices=Obligation.Review.choices, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-pk"]


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """evidence/2026/<obligation id>/<sha256 prefix>.<ext>: never the uploader's file name."""
    return f"evidence/{instance.uploaded_at:%Y}/{instance.obligation_id}/{filename}"


class Evidence(models.Model):
    """A file proving the work (tài liệu kiểm chứng); its type is read from its content."""

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="evidence")
    update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=8)  # pdf, docx, xlsx, png, jpeg
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]


class ExtensionRequest(models.Model):
    """A unit asking for a later due date (gia hạn); the issuing unit's leader decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_due = models.DateField(_("requested due date"))
    previous_due = models.DateField(_("previous due date"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-pk"]


class Notification(models.Model):
    """An in-app notice; the text is rendered from `kind` in the reader's language."""

    class Kind(models.TextChoices):
        DUE_7 = "due_7", _("Due in 7 working days")
        DUE_3 = "due_3", _("Due in 3 working days")
        DUE_1 = "due_1", _("Due in 1 working day")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Overdue for 5 working days at a unit below yours")
        RETURNED = "returned", _("Update returned")
        APPROVED = "approved", _("Update approved")
        EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
        EXTENSION_DECIDED = "extension_decided", _("Extension decided")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("notification type"), max_length=24, choices=Kind.choices)
    sent_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "obligation", "kind", "sent_on"], name="tracking_notification_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]


class ReminderDigest(models.Model):
    """One reminder e-mail to one member of one unit on one day (the job's idempotence key)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    obligation_count = models.PositiveIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "sent_on"], name="tracking_digest_once_a_day")
        ]

"""Plans as data: the parser contract (docs/plan-schema.md) stored in tables.

Plan → Section → Task (+ lead/support assignments to units, the document's wording
kept) → Target, ReportDeadline; Plan → PlanVersion, one per imported file (a corrected
document re-issued is a new version of the same plan). ImportDraft holds a parsed document
while a person reviews it; confirming it writes the plan in one transaction.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.org.models import Unit


class Plan(models.Model):
    """A CCHC plan (or a decision/letter that assigns CCHC duties) of one issuing unit."""

    issuer = models.ForeignKey(Unit, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="plans")
    parent_plan = models.ForeignKey(
        "self",
        verbose_name=_("parent plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    number = models.CharField(_("number"), max_length=64, blank=True)
    kind = models.CharField(_("document kind"), max_length=8, blank=True)
    title = models.TextField(_("title"))
    place = models.CharField(_("place"), max_length=128, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    signer_name = models.CharField(_("signer"), max_length=128, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=128, blank=True)
    issuer_wording = models.CharField(_("issuer as written"), max_length=255, blank=True)
    goals = models.JSONField(_("goals"), default=list, blank=True)
    responsibilities = models.JSONField(_("responsibilities"), default=list, blank=True)
    warnings = models.JSONField(_("parser warnings"), default=list, blank=True)
    source_file = models.FileField(_("source file"), upload_to="plans/%Y/", blank=True)
    source_filename = models.CharField(_("file name"), max_length=255, blank=True)
    source_format = models.CharField(max_length=8, blank=True)
    source_sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "issuer__path", "number"]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=32)
    title = models.TextField(_("title"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Task(models.Model):
    """One row of the plan's task table (or one assigned duty)."""

    class DeadlineKind(models.TextChoices):
        BY_DATE = "by_date", _("Fixed date")
        YEAR = "year", _("Within the year")
        RECURRING = "recurring", _("Recurring")
        CONTINUOUS = "continuous", _("Continuous")
        EVENT = "event", _("When an event happens")
        UNKNOWN = "unknown", _("Unknown")

    class Recurrence(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMIANNUAL = "semiannual", _("Every six months")
        ANNUAL = "annual", _("Yearly")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    code = models.CharField(_("code"), max_length=32, blank=True)
    title = models.TextField(_("task"))
    products = models.JSONField(_("products"), default=list, blank=True)
    deadline_text = models.CharField(_("deadline as written"), max_length=500, blank=True)
    deadline_kind = models.CharField(
        _("deadline kind"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.UNKNOWN
    )
    due = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    recurrence = models.CharField(_("recurrence"), max_length=16, choices=Recurrence.choices, blank=True)
    event = models.CharField(_("triggering event"), max_length=500, blank=True)
    offset_working_days = models.PositiveSmallIntegerField(
        _("working days after the event"), null=True, blank=True
    )
    source_ref = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)  # optimistic locking for edits
    # Set when a new version of the plan left the task out and its recorded work was kept:
    # the task stays (with its history) but asks nothing of anyone any more.
    withdrawn_in = models.ForeignKey(
        "PlanVersion",
        verbose_name=_("withdrawn in version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="withdrawn_tasks",
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "position"]
        indexes = [models.Index(fields=["plan", "position"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"


class Assignment(models.Model):
    """A unit leading or supporting a task, with the document's wording kept."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORT = "support", _("Support")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    # The task's plan, repeated here so that "plans that assign work to these units" is an
    # index-only scan on (unit, plan) rather than a join through every task.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    wording = models.CharField(_("as written"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["task", "role", "position"]
        indexes = [models.Index(fields=["unit", "role"]), models.Index(fields=["unit", "plan"])]

    def __str__(self) -> str:
        return self.wording


class Target(models.Model):
    """A measurable target (chỉ tiêu): `op value unit`, optionally against a base year."""

    class Op(models.TextChoices):
        GE = ">=", "≥"
        GT = ">", ">"
        LE = "<=", "≤"
        LT = "<", "<"
        EQ = "=", "="
        INCREASE = "increase", _("increase by")
        DECREASE = "decrease", _("decrease by")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("code"), max_length=32, blank=True)
    text = models.TextField(_("target as written"))
    indicator = models.TextField(_("indicator"), blank=True)
    op = models.CharField(_("comparison"), max_length=10, choices=Op.choices, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit_label = models.CharField(_("unit of measure"), max_length=100, blank=True)
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    implied_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    source_ref = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class ReportDeadline(models.Model):
    """A reporting period of the plan with its due date and data window."""

    class Period(models.TextChoices):
        Q1 = "Q1", _("Quarter I")
        H1 = "H1", _("Six months")
        Q3 = "Q3", _("Quarter III")
        M9 = "9M", _("Nine months")
        YEAR = "YEAR", _("Year")
        MONTH = "MONTH", _("Monthly")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_deadlines")
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    due = models.DateField(_("due date"), null=True, blank=True)
    data_from = models.DateField(_("data from"), null=True, blank=True)
    data_to = models.DateField(_("data to"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")
        ordering = ["plan", "position"]


class PlanVersion(models.Model):
    """One issued text of a plan: the file it was imported from. The first import is version 1;
    a corrected document confirmed as a new version of the same plan is the next one."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    source_file = models.FileField(_("source file"), upload_to="plans/%Y/", blank=True)
    source_filename = models.CharField(_("file name"), max_length=255, blank=True)
    source_format = models.CharField(max_length=8, blank=True)
    source_sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    draft = models.ForeignKey(
        "ImportDraft", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    # How many tasks the version added, removed, changed, withdrew, kept (from the review's diff).
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plans_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class ImportDraft(models.Model):
    """A parsed document waiting for review; confirming it creates or updates a Plan."""

    class Status(models.TextChoices):
        PARSING = "parsing", _("Reading the document")
        READY = "ready", _("Ready for review")
        FAILED = "failed", _("Could not be read")
        CONFIRMED = "confirmed", _("Confirmed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    issuer = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PARSING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent, for the progress bar
    error = models.TextField(blank=True)
    source_file = models.FileField(upload_to="drafts/%Y/", blank=True)
    source_filename = models.CharField(max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    payload = models.JSONField(default=dict, blank=True)  # PlanDraft.to_dict(), as edited
    existing_plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How existing_plan was recognised: "file" (the same file), "number" or "title" (a new version).
    existing_match = models.CharField(max_length=8, blank=True)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts")
    warnings_acknowledged = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("import draft")
        verbose_name_plural = _("import drafts")

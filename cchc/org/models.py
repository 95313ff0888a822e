"""The unit tree (tỉnh → sở / quận-huyện → xã-phường), document aliases, memberships.

Units carry validity dates so the three-level tree of older plans and the two-level
tree in force since 07/2025 live side by side; nothing is deleted when units merge.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Unit(models.Model):
    """An administrative unit that issues plans or is assigned tasks."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province / centrally-run city")
        DEPARTMENT = "department", _("Department or agency")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune / ward")
        OTHER = "other", _("Other")

    # "mã đơn vị", not a task's "số thứ tự": the same English word, two Vietnamese ones.
    code = models.SlugField(pgettext_lazy("unit", "code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/12/40/" style path of ids, kept by the services, so that "this unit and all below
    # it" is one indexed prefix query on every database.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    name_key = models.CharField(max_length=255, db_index=True, editable=False, default="")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """A spelling documents use for a unit (`Phòng NV`, `PNV`, `UBND 16 phường`)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("alias"), max_length=255)
    key = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("unit alias")
        verbose_name_plural = _("unit aliases")
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="org_alias_unique_per_unit")]

    def __str__(self) -> str:
        return self.text


class Membership(models.Model):
    """A user's role in a unit; roles reach down the tree (see org.access)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        LEADER = "leader", _("Leader")
        SPECIALIST = "specialist", _("Specialist")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="org_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.role})"

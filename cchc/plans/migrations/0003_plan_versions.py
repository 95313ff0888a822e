"""PlanVersion (one per imported file of a plan), Task.withdrawn_in, ImportDraft.existing_match;
every plan imported before gets its version 1 from its own source fields."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def first_versions(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    PlanVersion = apps.get_model("plans", "PlanVersion")
    PlanVersion.objects.bulk_create(
        PlanVersion(
            plan_id=plan.pk,
            number=1,
            source_file=plan.source_file.name,
            source_filename=plan.source_filename,
            source_format=plan.source_format,
            source_sha256=plan.source_sha256,
            uploaded_by_id=plan.created_by_id,
            uploaded_at=plan.created_at,
        )
        for plan in Plan.objects.all().iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_assignment_plan"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="importdraft",
            name="existing_match",
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.CreateModel(
            name="PlanVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="version")),
                (
                    "source_file",
                    models.FileField(blank=True, upload_to="plans/%Y/", verbose_name="source file"),
                ),
                ("source_filename", models.CharField(blank=True, max_length=255, verbose_name="file name")),
                ("source_format", models.CharField(blank=True, max_length=8)),
                ("source_sha256", models.CharField(blank=True, db_index=True, max_length=64)),
                (
                    "uploaded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="uploaded at"),
                ),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("changes", models.JSONField(blank=True, default=dict)),
                (
                    "draft",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="plans.importdraft",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="versions", to="plans.plan"
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "plan version",
                "verbose_name_plural": "plan versions",
                "ordering": ["plan", "number"],
            },
        ),
        migrations.AddField(
            model_name="task",
            name="withdrawn_in",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="withdrawn_tasks",
                to="plans.planversion",
                verbose_name="withdrawn in version",
            ),
        ),
        migrations.AddConstraint(
            model_name="planversion",
            constraint=models.UniqueConstraint(fields=("plan", "number"), name="plans_version_number_unique"),
        ),
        migrations.RunPython(first_versions, migrations.RunPython.noop),
    ]

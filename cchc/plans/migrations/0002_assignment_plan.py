"""Assignment.plan: the task's plan, repeated for the (unit, plan) access index."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_plan(apps, schema_editor):
    Assignment = apps.get_model("plans", "Assignment")
    Task = apps.get_model("plans", "Task")
    Assignment.objects.update(
        plan_id=Subquery(Task.objects.filter(pk=OuterRef("task_id")).values("plan_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("org", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="plan",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="assignments",
                to="plans.plan",
            ),
        ),
        migrations.RunPython(fill_plan, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assignment",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="assignments", to="plans.plan"
            ),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["unit", "plan"], name="plans_assig_unit_id_45c590_idx"),
        ),
    ]

"""Flow counts become one row per group with a column per stage (at most ten stages).

The counts are derived from the applicants, so they are not converted: the old rows
are dropped and the new ones counted again from the applicants (either way round).
"""

from django.db import migrations, models
from django.db.models import Case, Count, Q, Sum, Value, When

STAGE_COLUMNS = 10
GROUP = (
    "organisation_id",
    "requisition__year",
    "requisition__department",
    "requisition__job_title",
    "eeo_category",
    "sex",
)
BATCH = 2000


def _ones(match: Q):
    return Sum(Case(When(match, then=Value(1)), default=Value(0)))


def _reached(k: int) -> Q:
    last = STAGE_COLUMNS - 1
    return Q(reached__gte=last) if k == last else Q(reached=k)


def recount_wide(apps, schema_editor):
    applicant_model = apps.get_model("equity", "Applicant")
    flow_count = apps.get_model("equity", "FlowCount")
    columns = {}
    for k in range(STAGE_COLUMNS):
        columns[f"ended_{k}"] = _ones(_reached(k) & Q(withdrew=False))
    for k in range(STAGE_COLUMNS):
        columns[f"withdrew_{k}"] = _ones(_reached(k) & Q(withdrew=True))
    grouped = applicant_model.objects.values(*GROUP).annotate(**columns).order_by()
    batch = []
    for row in grouped.iterator(chunk_size=BATCH):
        batch.append(
            flow_count(
                organisation_id=row["organisation_id"],
                year=row["requisition__year"],
                department=row["requisition__department"],
                job_title=row["requisition__job_title"],
                eeo_category=row["eeo_category"],
                sex=row["sex"],
                **{name: int(row[name]) for name in columns},
            )
        )
        if len(batch) >= BATCH:
            flow_count.objects.bulk_create(batch)
            batch = []
    flow_count.objects.bulk_create(batch)


def recount_narrow(apps, schema_editor):
    applicant_model = apps.get_model("equity", "Applicant")
    flow_count = apps.get_model("equity", "FlowCount")
    grouped = (
        applicant_model.objects.values(*GROUP, "reached", "withdrew")
        .annotate(n=Count("pk"))
        .order_by()
    )
    batch = []
    for row in grouped.iterator(chunk_size=BATCH):
        batch.append(
            flow_count(
                organisation_id=row["organisation_id"],
                year=row["requisition__year"],
                department=row["requisition__department"],
                job_title=row["requisition__job_title"],
                eeo_category=row["eeo_category"],
                sex=row["sex"],
                stage=row["reached"],
                withdrew=row["withdrew"],
                applicants=row["n"],
            )
        )
        if len(batch) >= BATCH:
            flow_count.objects.bulk_create(batch)
            batch = []
    flow_count.objects.bulk_create(batch)


def forget_counts(apps, schema_editor):
    apps.get_model("equity", "FlowCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("equity", "0001_initial"),
    ]

    # Rows are only deleted before the table changes and only inserted after it, so
    # PostgreSQL never alters a table with checks still pending in the transaction.
    operations = [
        migrations.RunPython(forget_counts, recount_narrow),
        migrations.RemoveField(model_name="flowcount", name="applicants"),
        migrations.RemoveField(model_name="flowcount", name="stage"),
        migrations.RemoveField(model_name="flowcount", name="withdrew"),
        *(
            migrations.AddField(
                model_name="flowcount",
                name=f"{kind}_{k}",
                field=models.PositiveIntegerField(default=0),
            )
            for kind in ("ended", "withdrew")
            for k in range(STAGE_COLUMNS)
        ),
        migrations.AddConstraint(
            model_name="flowcount",
            constraint=models.UniqueConstraint(
                fields=("organisation", "year", "department", "job_title", "eeo_category", "sex"),
                name="equity_flowcount_unique_group",
            ),
        ),
        migrations.RunPython(recount_wide, forget_counts),
    ]

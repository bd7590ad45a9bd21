from django.db import migrations, models


def backfill(apps, schema_editor):
    """Entries saved before versions existed: version 1, every stored field changed at 1."""
    Entry = apps.get_model("units", "Entry")
    Entry.objects.update(version=1)
    for entry in Entry.objects.exclude(values={}).only("id", "values").iterator():
        Entry.objects.filter(pk=entry.pk).update(field_versions=dict.fromkeys(entry.values, 1))


class Migration(migrations.Migration):
    dependencies = [("units", "0002_units_claim_log")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="entry",
            name="field_versions",
            field=models.JSONField(default=dict),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

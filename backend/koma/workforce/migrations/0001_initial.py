"""Takes over accounts.WorkerProfile: state only, the table was renamed by accounts 0002."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=target, model="workerprofile").exists():
        return
    content_type.objects.filter(app_label=source, model="workerprofile").update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "accounts", "workforce")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "workforce", "accounts")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_quality_move_workerprofile"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="WorkerProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "level",
                            models.IntegerField(
                                choices=[(0, "研修中"), (1, "標準"), (2, "上級"), (3, "リーダー")],
                                default=1,
                            ),
                        ),
                        ("daily_cap_units", models.PositiveIntegerField(default=4)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="worker_profile",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]

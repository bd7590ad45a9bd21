"""WorkerProfile moves to the workforce app. The table is renamed, not copied: no data moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="workerprofile", table="workforce_workerprofile"),
            ],
            state_operations=[
                migrations.DeleteModel(name="WorkerProfile"),
            ],
        ),
    ]

from django.db import migrations

from koma.audit.sql import trigger


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_initial"), ("audit", "0002_append_only")]

    operations = [
        migrations.RunSQL(
            trigger("billing_ledgerentry"),
            reverse_sql="DROP TRIGGER billing_ledgerentry_append_only ON billing_ledgerentry;"
            "DROP TRIGGER billing_ledgerentry_no_truncate ON billing_ledgerentry;",
        )
    ]

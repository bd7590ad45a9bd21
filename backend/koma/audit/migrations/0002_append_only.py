"""AuditEvent and LedgerEntry are append-only at the database level, not only by convention."""

from django.db import migrations

from koma.audit.sql import FUNCTION, trigger


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunSQL(
            FUNCTION + trigger("audit_auditevent"),
            reverse_sql="DROP TRIGGER audit_auditevent_append_only ON audit_auditevent;"
            "DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent;",
        )
    ]

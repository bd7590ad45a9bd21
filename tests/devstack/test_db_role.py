"""The app connects as ``koma_app``: not superuser, owner of nothing, so it cannot switch off
or drop the append-only triggers that protect the ledger and the audit log."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from koma.audit.models import AuditEvent
from koma.billing.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _refused(statement: str) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    return str(caught.value)


def test_the_app_role_is_not_superuser():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == ("koma_app", False)


@pytest.mark.parametrize("model", [LedgerEntry, AuditEvent])
def test_the_app_role_cannot_disable_or_drop_the_append_only_triggers(model):
    table = model._meta.db_table
    assert "must be owner" in _refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert "must be owner" in _refused(f"DROP TRIGGER {table}_append_only ON {table}")
    assert "must be owner" in _refused(f"DROP TABLE {table}")
    assert "permission denied" in _refused(f"TRUNCATE {table}")
    assert "permission denied" in _refused("SET session_replication_role = replica")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [table])
        assert cursor.fetchone()[0] != "koma_app"

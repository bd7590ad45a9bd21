"""The audit log and the ledger refuse UPDATE, DELETE and TRUNCATE at the database level."""

import pytest
from django.db import DatabaseError, connection, transaction

from koma.audit.models import AuditEvent
from koma.billing.models import LedgerEntry
from tests.helpers import claim, fill_and_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(worker_hanako, coordinator, job_a):
    from django.utils import timezone

    from koma.quality.services import review_unit, start_review

    unit = fill_and_submit(claim(worker_hanako), worker_hanako)
    unit = start_review(unit=unit, reviewer=coordinator, now=timezone.now())
    return review_unit(unit=unit, reviewer=coordinator, decision="accept", now=timezone.now())


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {table} SET id = id",
        "DELETE FROM {table}",
        "TRUNCATE {table} CASCADE",
    ],
)
@pytest.mark.parametrize("model", [AuditEvent, LedgerEntry])
def test_rows_cannot_be_changed_or_removed(accepted, model, statement):
    before = model.objects.count()
    assert before > 0
    # The app role may not TRUNCATE at all; UPDATE and DELETE reach the trigger.
    refused = "permission denied" if statement.startswith("TRUNCATE") else "append-only"
    with pytest.raises(DatabaseError, match=refused), transaction.atomic():
        with connection.cursor() as cursor:
            # Fire the test transaction's deferred foreign-key checks first: PostgreSQL
            # refuses TRUNCATE while they are pending, which would hide what we test.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(statement.format(table=model._meta.db_table))
    assert model.objects.count() == before


def test_the_orm_cannot_edit_a_ledger_entry(accepted):
    entry = LedgerEntry.objects.first()
    entry.amount_yen = 1
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    assert LedgerEntry.objects.filter(amount_yen=1).count() == 0

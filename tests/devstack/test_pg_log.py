"""Values a statement carried never reach the PostgreSQL log, even when the statement fails."""

from __future__ import annotations

import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, connection, transaction

from devstack.services import started_test_postgres

pytestmark = pytest.mark.django_db


def test_a_failing_statement_leaves_no_value_in_the_postgres_log():
    pg = started_test_postgres()
    if pg is None:
        pytest.skip("DATABASE_URL points at an external PostgreSQL: its log is not ours")
    marker = f"住民の秘密値-{uuid.uuid4().hex}"
    user_model = get_user_model()
    user_model.objects.create(username=marker)
    # A unique violation: PostgreSQL's DETAIL quotes the key value, the statement carries it.
    with pytest.raises(IntegrityError), transaction.atomic():
        user_model.objects.create(username=marker)
    # A cast error: the message itself quotes the value.
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::integer", [marker])
    time.sleep(0.5)  # the server writes its log asynchronously to the client's answer
    assert marker.encode() not in pg.log.read_bytes()

"""The worker profile moved from accounts to workforce without losing a row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0001_initial")]


@pytest.fixture
def migrating_db(committed_db, db_roles):
    """Committed rows across migrations, run as the owner role (migrations alter tables the
    application role does not own); flushed afterwards by ``committed_db``."""
    db_roles.use_owner()
    yield


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_profile_written_before_the_move_is_read_after_it_and_back(migrating_db):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        org = old.get_model("accounts", "Organization").objects.create(name="運営", kind="operator")
        user = old.get_model("accounts", "User").objects.create(username="old_worker")
        old.get_model("accounts", "Membership").objects.create(
            user=user, organization=org, role="worker"
        )
        old.get_model("accounts", "WorkerProfile").objects.create(
            user=user, level=2, daily_cap_units=7
        )
    finally:
        new = _migrate(leaves)
    profile = new.get_model("workforce", "WorkerProfile").objects.get(user__username="old_worker")
    assert (profile.level, profile.daily_cap_units) == (2, 7)

    from koma.accounts.models import User
    from koma.units.selectors import units_available_for

    worker = User.objects.get(username="old_worker")
    assert worker.worker_profile.level == 2
    assert units_available_for(worker=worker).count() == 0

    back = _migrate(BEFORE)
    try:
        again = back.get_model("accounts", "WorkerProfile").objects.get(user__username="old_worker")
        assert again.daily_cap_units == 7
    finally:
        _migrate(leaves)

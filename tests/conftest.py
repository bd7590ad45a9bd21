"""Fixed personas and helpers (docs/architecture.md A16). States come from services, not hand-made rows."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.helpers import always_available, make_job, password_for


@pytest.fixture
def operator(db):
    from koma.accounts.services import create_organization

    return create_organization(name="Koma運営", kind="operator")


@pytest.fixture
def city_a(db):
    from koma.accounts.services import create_organization

    return create_organization(name="郡山市", kind="municipality", lg_code="072036")


@pytest.fixture
def city_b(db):
    from koma.accounts.services import create_organization

    return create_organization(name="福島市", kind="municipality", lg_code="072010")


def _user(username, org, role, **kw):
    """A persona; a worker declares an always-available week (`always_available`)."""
    from koma.accounts.services import create_user

    user = create_user(
        username=username,
        password=password_for(username),
        organization=org,
        role=role,
        display_name=username,
        **kw,
    )
    return always_available(user) if role == "worker" else user


@pytest.fixture
def staff_a(city_a):
    return _user("staff_a", city_a, "staff")


@pytest.fixture
def staff_b(city_b):
    return _user("staff_b", city_b, "staff")


@pytest.fixture
def worker_hanako(operator):
    return _user("hanako", operator, "worker")


@pytest.fixture
def worker_taro(operator):
    return _user("taro", operator, "worker")


@pytest.fixture
def coordinator(operator, city_a):
    """The coordinator assigned to city_a (郡山市), where job_a is."""
    from koma.workforce.services import assign_coordinator

    user = _user("coordinator", operator, "coordinator")
    assign_coordinator(coordinator=user, municipality=city_a)
    return user


@pytest.fixture
def client_for():
    """client_for(user) → an APIClient logged in with a session; None → anonymous."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def job_a(staff_a):
    return make_job(staff_a)


# --------------------------------------------------------------------------- database roles
# The test database is created and migrated by the owner role (MIGRATE_DATABASE_URL, set by
# devstack.services.ensure_test_services); the tests then run as the application role
# (DATABASE_URL: koma_app, which owns no table), like the running platform. Without
# MIGRATE_DATABASE_URL (an external DATABASE_URL) everything runs as DATABASE_URL's role.


class DbRoles:
    """Points the default connection at the owner or the app role, keeping the test DB name."""

    def __init__(self) -> None:
        from config.env import database_from_url

        owner_url = os.environ.get("MIGRATE_DATABASE_URL")
        self.enabled = bool(owner_url)
        if self.enabled:
            self.owner = database_from_url(owner_url)
            self.app = database_from_url(os.environ["DATABASE_URL"])

    def _use(self, target: dict) -> None:
        from django.db import connections

        if not self.enabled:
            return
        conn = connections["default"]
        wanted = {key: target[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}
        if all(conn.settings_dict.get(key) == value for key, value in wanted.items()):
            return
        conn.close()
        if hasattr(conn, "close_pool"):
            conn.close_pool()  # the pool keeps the role it was opened with
        conn.settings_dict.update(wanted)

    def use_owner(self) -> None:
        self._use(self.owner)

    def use_app(self) -> None:
        self._use(self.app)


@pytest.fixture(scope="session")
def db_roles() -> DbRoles:
    return DbRoles()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, db_roles):
    db_roles.use_owner()  # the owner creates and migrates the test database


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, db_roles):
    from django.db import connection

    from devstack.services import app_role_grants

    if db_roles.enabled:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            for statement in app_role_grants(db_roles.owner["USER"]):
                cursor.execute(statement)
        db_roles.use_app()
    yield
    db_roles.use_owner()  # the owner drops the test database


@pytest.fixture
def app_role_after_test(db_roles):
    """Back to the app role after a transactional test's flush (which runs as the owner)."""
    yield db_roles
    db_roles.use_app()


def _wait_for_other_sessions_to_settle(timeout: float = 15.0) -> None:
    """Before the flush truncates every table: let the live processes' open transactions
    (an offer round or a split the test's last request queued) finish. A TRUNCATE waiting for
    them while they wait for a table it holds is a deadlock that fails the flush."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                " AND (state = 'active' OR state LIKE 'idle in transaction%')"
            )
            (busy,) = cursor.fetchone()
        if not busy:
            return
        time.sleep(0.1)


@pytest.fixture
def committed_db(app_role_after_test, transactional_db, django_db_blocker):
    """Committed data that other connections (threads, live processes) see; flushed after.

    The audit and billing tables refuse TRUNCATE (an append-only trigger), and the flush
    after a transactional test truncates every table. The flush runs as the owner role (the
    app role may not truncate), with ``session_replication_role = replica`` keeping ordinary
    triggers from firing on this connection only; Django closes the connection right after
    the flush, and ``app_role_after_test`` returns to the app role.
    """
    yield
    with django_db_blocker.unblock():
        _wait_for_other_sessions_to_settle()
        app_role_after_test.use_owner()
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")

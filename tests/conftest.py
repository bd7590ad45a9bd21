"""Fixed personas and helpers (STYLE A16). States come from services, not hand-made rows."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.helpers import make_job


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
    from koma.accounts.services import create_user

    return create_user(
        username=username,
        password="pw-" + username,
        organization=org,
        role=role,
        display_name=username,
        **kw,
    )


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

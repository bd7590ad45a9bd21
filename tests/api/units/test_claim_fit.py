"""A claim fits the worker's window, the minutes she gives and her daily cap; the lease is
bound to the window (docs/architecture.md A25). Real API, clock at fixed Tokyo moments."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from koma.units.models import Unit
from koma.workforce.models import AvailabilityException, WeeklyWindow
from tests.helpers import make_job

pytestmark = pytest.mark.django_db

# A Wednesday (weekday 2) in Japan.
WED_10 = datetime.fromisoformat("2026-12-02T10:00:00+09:00")


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.fixture
def roomy(settings):
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    settings.KOMA_DAILY_CAP_MINUTES = 100_000
    settings.KOMA_LEASE_GRACE_MINUTES = 15
    settings.KOMA_FIXED_NOW = WED_10
    return settings


def hours(worker, *spans: tuple[int, int, int]) -> None:
    """Replace the worker's week with `(weekday, start_minute, end_minute)` windows."""
    WeeklyWindow.objects.filter(worker=worker).delete()
    AvailabilityException.objects.filter(worker=worker).delete()
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(worker=worker, weekday=d, start_minute=s, end_minute=e) for d, s, e in spans
    )


def units_of(staff, *minutes: int) -> list[Unit]:
    """One unit per estimate, in claim order."""
    from koma.jobs.services import publish_job, split_job

    job = make_job(staff, items=len(minutes), publish=False)
    job.items.update(estimated_seconds=6000)  # one item a unit
    publish_job(job=job, by=staff)
    split_job(job_id=job.pk)
    units = list(job.units.order_by("seq"))
    for unit, m in zip(units, minutes, strict=True):
        Unit.objects.filter(pk=unit.pk).update(estimated_minutes=m)
        unit.estimated_minutes = m
    return units


def listed(client, query: str = "") -> list[int]:
    body = client.get(f"/api/v1/units/available{query}").json()
    return [u["id"] for u in body["results"]]


# --- the window --------------------------------------------------------------------------


def test_outside_the_window_nothing_is_listed_and_a_claim_is_refused(
    roomy, staff_a, worker_hanako, client_for
):
    units_of(staff_a, 30)
    hours(worker_hanako, (2, 13 * 60, 15 * 60))  # Wednesday 13:00–15:00; it is 10:00
    client = client_for(worker_hanako)
    body = client.get("/api/v1/units/available").json()
    assert (body["count"], body["window"], body["fit_minutes"]) == (0, None, 0)
    response = client.post("/api/v1/units/claim")
    assert response.status_code == 409
    assert response.json()["code"] == "outside_window"
    roomy.KOMA_FIXED_NOW = at("2026-12-02T13:00:00+09:00")
    assert client.post("/api/v1/units/claim").status_code == 201


def test_a_worker_with_no_declared_hours_is_outside_every_window(
    roomy, staff_a, worker_hanako, client_for
):
    (unit,) = units_of(staff_a, 30)
    hours(worker_hanako)
    client = client_for(worker_hanako)
    response = client.post(f"/api/v1/units/{unit.pk}/claim")
    assert response.status_code == 409
    assert response.json()["code"] == "outside_window"
    assert "働ける時間" in response.json()["message"]  # tells her where to set her hours


def test_45_minutes_given_lists_and_claims_only_units_that_fit(
    roomy, staff_a, worker_hanako, client_for
):
    long, short, exact = units_of(staff_a, 60, 30, 45)
    client = client_for(worker_hanako)
    body = client.get("/api/v1/units/available?minutes=45").json()
    assert [u["id"] for u in body["results"]] == [short.pk, exact.pk]
    assert (body["minutes"], body["fit_minutes"]) == (45, 45)
    assert body["window"] is not None
    assert listed(client) == [long.pk, short.pk, exact.pk]  # no minutes given: the window
    response = client.post("/api/v1/units/claim", {"minutes": 45}, format="json")
    assert response.status_code == 201
    assert response.json()["id"] == short.pk  # the first in claim order that fits
    refused = client.post(f"/api/v1/units/{long.pk}/claim", {"minutes": 45}, format="json")
    assert refused.status_code == 409  # a chosen unit obeys the same rule
    roomy.KOMA_MAX_HELD_UNITS = 5
    refused = client.post(f"/api/v1/units/{long.pk}/claim", {"minutes": 45}, format="json")
    assert refused.json()["code"] == "no_unit_fits"


def test_nothing_fits_names_the_smallest_open_estimate(roomy, staff_a, worker_hanako, client_for):
    units_of(staff_a, 50, 35, 90)
    client = client_for(worker_hanako)
    assert listed(client, "?minutes=20") == []
    response = client.post("/api/v1/units/claim", {"minutes": 20}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "no_unit_fits"
    assert "35分" in body["message"] and "20分" in body["message"]
    assert body["fields"] == {"smallest_estimated_minutes": 35, "fit_minutes": 20}


def test_the_window_left_limits_the_fit(roomy, staff_a, worker_hanako, client_for):
    (unit,) = units_of(staff_a, 30)
    hours(worker_hanako, (2, 9 * 60, 10 * 60 + 30))  # Wednesday until 10:30
    client = client_for(worker_hanako)
    roomy.KOMA_FIXED_NOW = at("2026-12-02T10:01:00+09:00")  # 29 minutes left
    assert listed(client) == []
    assert client.post("/api/v1/units/claim").json()["code"] == "no_unit_fits"
    roomy.KOMA_FIXED_NOW = at("2026-12-02T10:00:00+09:00")  # 30 minutes left
    assert listed(client) == [unit.pk]
    assert client.post("/api/v1/units/claim").status_code == 201


def test_the_window_runs_over_midnight_in_japan(roomy, staff_a, worker_hanako, client_for):
    (unit,) = units_of(staff_a, 40)
    # Wednesday 23:00–24:00 and Thursday 00:00–00:30 are one window.
    hours(worker_hanako, (2, 23 * 60, 24 * 60), (3, 0, 30))
    roomy.KOMA_FIXED_NOW = at("2026-12-02T23:50:00+09:00")  # 40 minutes left, over midnight
    client = client_for(worker_hanako)
    body = client.get("/api/v1/units/available").json()
    assert body["window"]["end"] == "2026-12-03T00:30:00+09:00"
    assert (body["window_minutes_left"], [u["id"] for u in body["results"]]) == (40, [unit.pk])
    response = client.post("/api/v1/units/claim")
    assert response.status_code == 201
    # min(window end 00:30 + 15 min grace, claim 23:50 + 1.5 × 40 min = 00:50)
    assert at(response.json()["lease_expires_at"]) == at("2026-12-03T00:45:00+09:00")


def test_the_daily_cap_still_answers_daily_minutes_reached(
    roomy, staff_a, worker_hanako, client_for
):
    units_of(staff_a, 30)
    roomy.KOMA_DAILY_CAP_MINUTES = 20
    response = client_for(worker_hanako).post("/api/v1/units/claim", {"minutes": 60}, format="json")
    assert response.json()["code"] == "daily_minutes_reached"


@pytest.mark.parametrize("raw", ["0", "abc", "1441", "-5"])
def test_minutes_must_be_a_sensible_number(raw, roomy, worker_hanako, client_for):
    response = client_for(worker_hanako).get(f"/api/v1/units/available?minutes={raw}")
    assert response.status_code == 400
    assert "minutes" in response.json()["fields"]


# --- the lease -----------------------------------------------------------------------------


def test_the_lease_ends_at_the_window_end_plus_grace_and_heartbeats_never_pass_it(
    roomy, staff_a, worker_hanako, client_for
):
    (unit,) = units_of(staff_a, 44)
    hours(worker_hanako, (2, 9 * 60, 10 * 60 + 45))  # until 10:45; 1.5 × 44 min is 11:06
    roomy.KOMA_LEASE_MINUTES = 20  # an idle phone loses the unit after 20 minutes
    client = client_for(worker_hanako)
    body = client.post("/api/v1/units/claim", {"minutes": 45}, format="json").json()
    assert at(body["lease_expires_at"]) == at("2026-12-02T10:20:00+09:00")  # idle end first
    for minute, expected in [(15, "10:35"), (30, "10:50"), (45, "11:00"), (55, "11:00")]:
        roomy.KOMA_FIXED_NOW = WED_10 + timedelta(minutes=minute)
        beat = client.post(f"/api/v1/units/{unit.pk}/heartbeat").json()
        # never beyond min(window end 10:45 + 15 min grace, claim + 66 min)
        assert at(beat["lease_expires_at"]) == at(f"2026-12-02T{expected}:00+09:00"), minute


def test_the_lease_is_never_longer_than_one_and_a_half_estimates(
    roomy, staff_a, worker_hanako, client_for
):
    (unit,) = units_of(staff_a, 20)
    client = client_for(worker_hanako)  # always available: the window is far away
    body = client.post("/api/v1/units/claim").json()
    assert at(body["lease_expires_at"]) == WED_10 + timedelta(minutes=30)
    roomy.KOMA_FIXED_NOW = WED_10 + timedelta(minutes=25)
    item = unit.items.get()
    client.put(
        f"/api/v1/units/{unit.pk}/items/{item.pk}/entry",
        {"values": {"name": "山田"}},
        format="json",
    )
    unit.refresh_from_db()
    assert unit.lease_expires_at == WED_10 + timedelta(minutes=30)


def test_pause_stops_extension_and_a_save_resumes(roomy, staff_a, worker_hanako, client_for):
    (unit,) = units_of(staff_a, 100)
    roomy.KOMA_LEASE_MINUTES = 30
    client = client_for(worker_hanako)
    client.post("/api/v1/units/claim")
    roomy.KOMA_FIXED_NOW = WED_10 + timedelta(minutes=10)
    paused = client.post(f"/api/v1/units/{unit.pk}/pause").json()
    assert paused["paused_at"] is not None
    assert client.post(f"/api/v1/units/{unit.pk}/pause").status_code == 200  # a retry
    roomy.KOMA_FIXED_NOW = WED_10 + timedelta(minutes=20)
    beat = client.post(f"/api/v1/units/{unit.pk}/heartbeat").json()
    assert at(beat["lease_expires_at"]) == WED_10 + timedelta(minutes=30)  # not extended
    assert beat["status"] == "reserved"  # she keeps the unit
    item = unit.items.get()
    client.put(
        f"/api/v1/units/{unit.pk}/items/{item.pk}/entry",
        {"values": {"name": "山田"}},
        format="json",
    )
    unit.refresh_from_db()
    assert unit.paused_at is None  # a save is a resume
    beat = client.post(f"/api/v1/units/{unit.pk}/heartbeat").json()
    assert at(beat["lease_expires_at"]) == WED_10 + timedelta(minutes=50)
    client.post(f"/api/v1/units/{unit.pk}/pause")
    resumed = client.post(f"/api/v1/units/{unit.pk}/resume").json()
    assert resumed["paused_at"] is None


def test_the_lease_warning_goes_once_to_the_holder(
    roomy, staff_a, worker_hanako, client_for, django_capture_on_commit_callbacks
):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from koma.realtime.publish import user_group
    from koma.units.services import warn_expiring_leases

    (unit,) = units_of(staff_a, 20)
    client = client_for(worker_hanako)
    lease = at(client.post("/api/v1/units/claim").json()["lease_expires_at"])
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(worker_hanako.pk), channel)

    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring_leases(now=lease - timedelta(minutes=11)) == 0  # not yet
        assert warn_expiring_leases(now=lease - timedelta(minutes=10)) == 1
        assert warn_expiring_leases(now=lease - timedelta(minutes=9)) == 0  # once
    (message,) = _drain(layer, channel)  # exactly one
    assert message["event"] == "unit.lease_warning"
    assert message["unit_id"] == unit.pk
    assert at(message["lease_expires_at"]) == lease


def _drain(layer, channel: str) -> list[dict]:
    import asyncio

    from asgiref.sync import async_to_sync

    async def receive_all():
        got = []
        while True:
            try:
                got.append(await asyncio.wait_for(layer.receive(channel), timeout=0.5))
            except TimeoutError:
                return got

    return async_to_sync(receive_all)()


def test_a_lease_that_moves_is_warned_about_again(roomy, staff_a, worker_hanako, client_for):
    from koma.units.services import warn_expiring_leases

    (unit,) = units_of(staff_a, 100)
    roomy.KOMA_LEASE_MINUTES = 30
    client = client_for(worker_hanako)
    client.post("/api/v1/units/claim")
    assert warn_expiring_leases(now=WED_10 + timedelta(minutes=21)) == 1
    roomy.KOMA_FIXED_NOW = WED_10 + timedelta(minutes=22)
    client.post(f"/api/v1/units/{unit.pk}/heartbeat")  # the lease moves to 10:52
    assert warn_expiring_leases(now=WED_10 + timedelta(minutes=23)) == 0
    assert warn_expiring_leases(now=WED_10 + timedelta(minutes=42)) == 1


# --- query counts ---------------------------------------------------------------------------

# the session, the user with its roles; savepoint, the profile lock, held units, the level's
# caps, the week's claims, the rate, the weekly windows and the exceptions (claim_fit: the
# current window), the pending offer, the pick; the transition (update, reload, audit), the
# Claim row, the offers settled, the job start (update, audit), release; the detail (items,
# job, entries, reviews).
CLAIM_QUERIES = 2 + 22


@pytest.mark.parametrize("n", [1, 10])
def test_claim_query_count_does_not_grow(
    n, roomy, staff_a, worker_hanako, client_for, django_assert_num_queries
):
    units_of(staff_a, *([30] * n))
    client = client_for(worker_hanako)
    with django_assert_num_queries(CLAIM_QUERIES):
        response = client.post("/api/v1/units/claim", {"minutes": 45}, format="json")
    assert response.status_code == 201

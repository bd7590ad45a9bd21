"""The daily cap, the claim rate limit and the one definition of "claimable" (through the API).

The cap counts claims per worker per Japanese day, releases included, and the estimated
minutes of those claims; `koma.core.clock` lets a test stand at a given moment.
"""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from koma.jobs.models import Job
from koma.units.models import Unit
from tests.helpers import claim, make_job, to_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def roomy(settings):
    """Limits out of the way, so each test turns on only the one it is about."""
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    settings.KOMA_DAILY_CAP_MINUTES = 100_000
    settings.KOMA_WEEKLY_CAP_MINUTES = 100_000
    return settings


def _set_cap(worker, units: int) -> None:
    worker.worker_profile.daily_cap_units = units
    worker.worker_profile.save()


def _claim_and_release(client) -> int:
    response = client.post("/api/v1/units/claim")
    assert response.status_code == 201, response.json()
    unit_id = response.json()["id"]
    assert client.post(f"/api/v1/units/{unit_id}/release").status_code == 200
    return unit_id


def test_claim_release_claim_counts_every_claim(worker_hanako, client_for, staff_a, roomy):
    make_job(staff_a, items=3)
    _set_cap(worker_hanako, 3)
    client = client_for(worker_hanako)
    for _ in range(3):
        _claim_and_release(client)
    response = client.post("/api/v1/units/claim")
    assert response.status_code == 409
    assert response.json()["code"] == "daily_cap_reached"
    assert client.get("/api/v1/units/available").json()["count"] == 0
    unit_id = Unit.objects.get().pk
    assert client.post(f"/api/v1/units/{unit_id}/claim").json()["code"] == "daily_cap_reached"


def test_the_minutes_of_the_days_claims_are_capped(worker_hanako, client_for, staff_a, roomy):
    job = make_job(staff_a, items=3)
    minutes = job.units.get().estimated_minutes
    roomy.KOMA_DAILY_CAP_MINUTES = 2 * minutes + minutes // 2
    client = client_for(worker_hanako)
    _claim_and_release(client)
    _claim_and_release(client)
    assert client.get("/api/v1/units/available").json()["count"] == 0
    response = client.post("/api/v1/units/claim")
    assert response.status_code == 409
    assert response.json()["code"] == "daily_minutes_reached"


def test_claims_are_rate_limited_with_retry_after(worker_hanako, client_for, staff_a, roomy):
    make_job(staff_a, items=3)
    _set_cap(worker_hanako, 50)
    roomy.KOMA_CLAIM_RATE_LIMIT = 2
    roomy.KOMA_CLAIM_RATE_WINDOW_SECONDS = 600
    start = timezone.now()
    roomy.KOMA_FIXED_NOW = start
    client = client_for(worker_hanako)
    _claim_and_release(client)
    roomy.KOMA_FIXED_NOW = start + timedelta(seconds=100)
    _claim_and_release(client)
    roomy.KOMA_FIXED_NOW = start + timedelta(seconds=200)
    response = client.post("/api/v1/units/claim")
    assert response.status_code == 429
    assert response.json()["code"] == "claim_rate_limited"
    assert response["Retry-After"] == "400"  # the first claim leaves the window at 600 s
    roomy.KOMA_FIXED_NOW = start + timedelta(seconds=601)
    assert client.post("/api/v1/units/claim").status_code == 201


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def test_the_day_is_japans(worker_hanako, client_for, staff_a, roomy):
    make_job(staff_a, items=3)
    _set_cap(worker_hanako, 2)
    client = client_for(worker_hanako)
    # 08:30 in Tokyo is 23:30 UTC the day before: a UTC day would reset at 09:00 Tokyo.
    roomy.KOMA_FIXED_NOW = _at("2026-12-02T08:30:00+09:00")
    _claim_and_release(client)
    _claim_and_release(client)
    roomy.KOMA_FIXED_NOW = _at("2026-12-02T09:30:00+09:00")
    assert client.post("/api/v1/units/claim").json()["code"] == "daily_cap_reached"
    roomy.KOMA_FIXED_NOW = _at("2026-12-02T23:59:59+09:00")
    assert client.post("/api/v1/units/claim").json()["code"] == "daily_cap_reached"
    assert client.get("/api/v1/units/available").json()["count"] == 0
    roomy.KOMA_FIXED_NOW = _at("2026-12-03T00:00:00+09:00")
    assert client.get("/api/v1/units/available").json()["count"] == 1
    assert client.post("/api/v1/units/claim").status_code == 201


# --- one definition: listed if and only if claimable -----------------------------------------


def _reject(unit, worker, coordinator):
    from koma.quality.services import review_unit

    unit = to_review(unit, worker, coordinator)
    review_unit(
        unit=unit, reviewer=coordinator, decision="reject", comment="読めません", now=timezone.now()
    )


def _expire(unit):
    from koma.units.services import expire_leases

    unit.refresh_from_db()
    expire_leases(now=unit.lease_expires_at + timedelta(seconds=1))


CASES = {
    # name: (setup(world) -> the user who asks, listed-and-claimable?)
    "open_unit": (lambda w: w["hanako"], True),
    "job_cancelled": (
        lambda w: Job.objects.update(status="cancelled") and w["hanako"],
        False,
    ),
    "job_draft": (lambda w: Job.objects.update(status="draft") and w["hanako"], False),
    "job_completed": (lambda w: Job.objects.update(status="completed") and w["hanako"], False),
    "job_in_progress": (lambda w: Job.objects.update(status="in_progress") and w["hanako"], True),
    "cap_used_up": (lambda w: _cap(w["hanako"], 0), False),
    "minutes_used_up": (lambda w: _minutes(w, w["unit"].estimated_minutes - 1), False),
    "minutes_just_fit": (lambda w: _minutes(w, w["unit"].estimated_minutes), True),
    "level_too_low": (lambda w: Unit.objects.update(required_level=3) and w["hanako"], False),
    "level_enough": (lambda w: Unit.objects.update(required_level=1) and w["hanako"], True),
    "rejected_holder_excluded": (
        lambda w: _reject(claim(w["hanako"]), w["hanako"], w["coordinator"]) or w["hanako"],
        False,
    ),
    "other_worker_after_reject": (
        lambda w: _reject(claim(w["hanako"]), w["hanako"], w["coordinator"]) or w["taro"],
        True,
    ),
    "reserved_by_another": (lambda w: claim(w["taro"]) and w["hanako"], False),
    "lease_expired_and_swept": (lambda w: _expire(claim(w["taro"])) or w["hanako"], True),
    "submitted": (
        lambda w: to_review(claim(w["taro"]), w["taro"], w["coordinator"]) and w["hanako"],
        False,
    ),
    "other_tenant_staff": (lambda w: w["staff_b"], False),
    "coordinator_role": (lambda w: w["coordinator"], False),
    "own_claims_only_count": (lambda w: _cap(w["taro"], 0) and w["hanako"], True),
    # The window and the minutes the worker gives (claim_fit); the unit takes 30 minutes and
    # it is Wednesday 10:00 in Japan.
    "no_hours_declared": (lambda w: _window(w, None), False),
    "outside_window": (lambda w: _window(w, (13 * 60, 15 * 60)), False),
    "window_too_short": (lambda w: _window(w, (9 * 60, 10 * 60 + 15)), False),
    "window_just_fits": (lambda w: _window(w, (9 * 60, 10 * 60 + 30)), True),
    "window_over_midnight": (lambda w: _window(w, (0, 30), now="2026-12-02T23:45:00"), True),
    "minutes_given_too_few": (lambda w: _given(w, 29), False),
    "minutes_given_enough": (lambda w: _given(w, 30), True),
    # Teams (workforce/teams.py) and offers (units/offers.py), docs/architecture.md A26–A27
    "team_with_her": (lambda w: _team(w, w["hanako"], w["taro"]) or w["hanako"], True),
    "team_without_her": (lambda w: _team(w, w["taro"]) or w["hanako"], False),
    "offered_to_another": (lambda w: _offer_to(w, w["taro"]) or w["hanako"], False),
    "offered_to_her": (lambda w: _offer_to(w, w["hanako"]) or w["hanako"], True),
    "offer_to_another_expired": (
        lambda w: _offer_to(w, w["taro"], expired=True) or w["hanako"],
        True,
    ),
}


def _window(world, span, now="2026-12-02T10:00:00"):
    """Hanako's only window: Wednesday 2026-12-02 `span` (None: no hours at all), or, for a
    window at 00:00, Wednesday 23:00–24:00 joined to Thursday's `span`."""
    from koma.workforce.models import WeeklyWindow

    world["settings"].KOMA_FIXED_NOW = _at(f"{now}+09:00")
    Unit.objects.update(estimated_minutes=30)
    hanako = world["hanako"]
    WeeklyWindow.objects.filter(worker=hanako).delete()
    if span is not None and span[0] == 0:
        WeeklyWindow.objects.create(worker=hanako, weekday=2, start_minute=23 * 60, end_minute=1440)
        WeeklyWindow.objects.create(worker=hanako, weekday=3, start_minute=0, end_minute=span[1])
    elif span is not None:
        WeeklyWindow.objects.create(
            worker=hanako, weekday=2, start_minute=span[0], end_minute=span[1]
        )
    return hanako


def _given(world, minutes):
    Unit.objects.update(estimated_minutes=30)
    world["minutes"] = minutes
    return world["hanako"]


def _team(world, *members):
    from koma.workforce.teams import replace_team

    replace_team(job=world["job"], members=[(m.pk, False) for m in members], by=None)


def _offer_to(world, worker, *, expired=False):
    """An offer made by the offer round: `worker` is the only one in a window now."""
    from koma.core import clock
    from koma.units.offers import offer_open_units
    from koma.workforce.availability import Schedule, replace_availability
    from koma.workforce.models import WeeklyWindow
    from tests.helpers import always_available

    now = clock.now()
    today = now.date()
    WeeklyWindow.objects.exclude(worker=worker).delete()  # only she is in a window now
    replace_availability(
        worker=worker, schedule=Schedule(weekly={d: [(0, 1440)] for d in range(7)}), today=today
    )
    assert [o.worker_id for o in offer_open_units(now=now)] == [worker.pk]
    always_available(world["hanako"])  # the claimer is in a window again
    if expired:
        world["settings"].KOMA_FIXED_NOW = now + timedelta(
            seconds=world["settings"].KOMA_OFFER_SECONDS + 1
        )


def _cap(worker, units):
    _set_cap(worker, units)
    return worker


def _minutes(world, minutes):
    world["settings"].KOMA_DAILY_CAP_MINUTES = minutes
    return world["hanako"]


@pytest.mark.parametrize("case", list(CASES))
def test_listed_if_and_only_if_claimable(
    case, request, roomy, client_for, staff_a, worker_hanako, worker_taro, coordinator, staff_b
):
    job = make_job(staff_a, items=3)
    world = {
        "job": job,
        "unit": job.units.get(),
        "hanako": worker_hanako,
        "taro": worker_taro,
        "coordinator": coordinator,
        "staff_b": staff_b,
        "settings": roomy,
    }
    setup, expected = CASES[case]
    user = setup(world)
    client = client_for(user)
    minutes = world.get("minutes")
    query = f"?minutes={minutes}" if minutes else ""
    listed_response = client.get(f"/api/v1/units/available{query}")
    listed = listed_response.status_code == 200 and world["unit"].pk in [
        u["id"] for u in listed_response.json()["results"]
    ]
    body = {"minutes": minutes} if minutes else {}
    claimed = client.post(f"/api/v1/units/{world['unit'].pk}/claim", body, format="json")
    assert claimed.status_code in (201, 403, 409), claimed.json()
    assert listed == (claimed.status_code == 201) == expected, (listed, claimed.json())

"""Job forecast in GET /jobs/{id}/progress (koma/jobs/forecast.py, docs/architecture.md A24).

The clock stands on Monday 7 December 2026, 09:00 in Japan; the job's deadline is Friday
11 December. Workers declare their hours through the API; each expected figure is worked
out by hand from those hours and the units' estimates read from the database.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest
from django.db.models import Sum

from koma.jobs.models import Job
from koma.units.models import Unit
from tests.helpers import make_job

pytestmark = pytest.mark.django_db

NOW = "2026-12-07T09:00:00+09:00"  # a Monday
DEADLINE = date(2026, 12, 11)  # the Friday
AVAILABILITY = "/api/v1/workers/me/availability"


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.fixture
def scene(settings, staff_a, worker_hanako, worker_taro):
    settings.KOMA_FIXED_NOW = at(NOW)
    settings.KOMA_FORECAST_UTILISATION_PERCENT = 100
    settings.KOMA_FORECAST_MARGIN_PERCENT = 120
    settings.KOMA_DAILY_CAP_MINUTES = 480
    # The worker fixtures can work at any hour (tests/helpers.py always_available); here each
    # test declares exactly the hours it counts.
    from koma.workforce.models import WeeklyWindow

    WeeklyWindow.objects.all().delete()
    return make_job(staff_a, items=300, deadline=DEADLINE)


def minutes_of(job, *states) -> int:
    units = Unit.objects.filter(job=job)
    if states:
        units = units.filter(status__in=states)
    return units.aggregate(m=Sum("estimated_minutes"))["m"] or 0


def declare(client_for, worker, weekly=(), exceptions=()):
    body = {
        "weekly": [{"weekday": d, "start": s, "end": e} for d, s, e in weekly],
        "exceptions": [
            {"date": day, "windows": [{"start": s, "end": e} for s, e in spans]}
            for day, spans in exceptions
        ],
    }
    response = client_for(worker).put(AVAILABILITY, body, format="json")
    assert response.status_code == 200, response.json()


def forecast(client_for, user, job):
    response = client_for(user).get(f"/api/v1/jobs/{job.pk}/progress")
    assert response.status_code == 200, response.json()
    return response.json()["forecast"]


WEEKDAYS_9_TO_5 = [(d, "09:00", "17:00") for d in range(5)]


def test_on_track_when_the_declared_hours_cover_the_work_with_margin(
    scene, client_for, staff_a, coordinator, worker_hanako
):
    declare(client_for, worker_hanako, weekly=WEEKDAYS_9_TO_5)
    remaining = minutes_of(scene)
    assert 0 < remaining * 1.2 <= 2400

    result = forecast(client_for, staff_a, scene)

    # Monday from 09:00 to 17:00, then Tuesday to Friday: 5 × 480 (the daily cap).
    assert result["status"] == "on_track"
    assert result["remaining_minutes"] == remaining
    assert result["available_minutes"] == 2400
    assert result["available_hours"] == 40.0
    assert result["shortfall_minutes"] == 0
    assert result["shortfall_hours"] == 0
    assert result["workers"] == 2  # hanako and taro (who declared nothing)
    assert result["expected_finish"] == "2026-12-07" if remaining <= 480 else "2026-12-08"
    assert result["deadline"] == "2026-12-11"
    # The municipality's coordinator reads the same forecast.
    assert forecast(client_for, coordinator, scene) == result


def test_late_with_the_shortfall_computed_by_hand(
    scene, settings, client_for, staff_a, worker_hanako, worker_taro
):
    settings.KOMA_FORECAST_UTILISATION_PERCENT = 50
    declare(client_for, worker_hanako, weekly=[(1, "10:00", "12:00"), (3, "10:00", "12:00")])
    declare(client_for, worker_taro, weekly=[(2, "20:00", "21:30")])
    remaining = minutes_of(scene)

    result = forecast(client_for, staff_a, scene)

    available = (120 + 120 + 90) // 2  # Tue and Thu 2 h, Wed 1.5 h; half of it is worked
    assert remaining > available
    assert result["status"] == "late"
    assert result["available_minutes"] == available
    assert result["shortfall_minutes"] == remaining - available
    assert result["shortfall_hours"] == round((remaining - available) / 60, 1)
    assert result["remaining_hours"] == round(remaining / 60, 1)


def spread(minutes: int, days: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Exceptions declaring `minutes` from 09:00, at most 480 a day."""
    out = []
    for day in days:
        chunk = min(480, minutes)
        if chunk:
            end = 9 * 60 + chunk
            out.append((day, [("09:00", f"{end // 60:02d}:{end % 60:02d}")]))
        minutes -= chunk
    assert minutes == 0
    return out


def test_at_risk_when_the_hours_cover_the_work_without_the_margin(
    scene, client_for, staff_a, worker_hanako
):
    remaining = minutes_of(scene)
    declared = math.ceil(remaining * 1.1 / 15) * 15
    assert remaining <= declared < remaining * 1.2
    days = ["2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"]
    declare(client_for, worker_hanako, exceptions=spread(declared, days))

    result = forecast(client_for, staff_a, scene)

    assert result["status"] == "at_risk"
    assert result["available_minutes"] == declared
    assert result["shortfall_minutes"] == 0


def test_a_day_off_takes_its_hours_away(scene, client_for, staff_a, worker_hanako):
    declare(client_for, worker_hanako, weekly=[(d, "10:00", "12:00") for d in range(5)])
    assert forecast(client_for, staff_a, scene)["available_minutes"] == 5 * 120

    response = client_for(worker_hanako).put(
        "/api/v1/workers/me/days/2026-12-09", {"windows": []}, format="json"
    )
    assert response.status_code == 200, response.json()

    assert forecast(client_for, staff_a, scene)["available_minutes"] == 4 * 120


def test_only_the_rest_of_today_counts(scene, settings, client_for, staff_a, worker_hanako):
    declare(client_for, worker_hanako, weekly=[(0, "08:00", "10:30")])
    settings.KOMA_FIXED_NOW = at("2026-12-07T09:45:00+09:00")
    assert forecast(client_for, staff_a, scene)["available_minutes"] == 45


def test_the_deadline_day_ends_at_midnight_in_japan(
    scene, settings, client_for, staff_a, worker_hanako
):
    # Friday 22:00–24:00 and Saturday 00:00–08:00: only Friday's hours are before the deadline.
    declare(client_for, worker_hanako, weekly=[(4, "22:00", "24:00"), (5, "00:00", "08:00")])
    remaining = minutes_of(scene)
    assert 60 < remaining <= 480

    settings.KOMA_FIXED_NOW = at("2026-12-11T23:00:00+09:00")
    before = forecast(client_for, staff_a, scene)
    assert before["available_minutes"] == 60
    assert before["status"] == "late"
    assert before["shortfall_minutes"] == remaining - 60
    assert before["expected_finish"] == "2026-12-12"

    settings.KOMA_FIXED_NOW = at("2026-12-11T15:00:00+00:00")  # Saturday 00:00 in Japan
    after = forecast(client_for, staff_a, scene)
    assert after["available_minutes"] == 0
    assert after["status"] == "late"
    assert after["shortfall_minutes"] == remaining
    assert after["expected_finish"] == "2026-12-12"


def test_a_job_past_its_deadline_with_units_in_review_is_late(
    scene, settings, client_for, staff_a, worker_hanako, coordinator
):
    from koma.quality.services import start_review
    from koma.units.services import claim_unit
    from tests.helpers import fill_and_submit

    declare(client_for, worker_hanako, weekly=[(d, "00:00", "24:00") for d in range(7)])
    held = []
    for _ in Unit.objects.filter(job=scene):
        unit, _ = claim_unit(worker=worker_hanako, now=at(NOW))
        held.append(fill_and_submit(unit, worker_hanako))
        # one unit at a time (KOMA_MAX_HELD_UNITS): the next claim needs the last handed in
    start_review(unit=held[0], reviewer=coordinator, now=at(NOW))
    total = minutes_of(scene)

    on_time = forecast(client_for, staff_a, scene)
    assert on_time["remaining_minutes"] == 0
    assert on_time["awaiting_review_minutes"] == total
    assert on_time["status"] == "on_track"
    assert on_time["expected_finish"] == "2026-12-07"

    settings.KOMA_FIXED_NOW = at("2026-12-12T00:00:00+09:00")
    assert forecast(client_for, staff_a, scene)["status"] == "late"


def test_handed_in_units_leave_the_remaining_work(scene, client_for, staff_a, worker_hanako):
    from koma.units.services import claim_unit
    from tests.helpers import fill_and_submit

    declare(client_for, worker_hanako, weekly=WEEKDAYS_9_TO_5)
    total = minutes_of(scene)
    unit, _ = claim_unit(worker=worker_hanako, now=at(NOW))
    # A reserved unit still needs its holder's time: its whole estimate counts.
    assert forecast(client_for, staff_a, scene)["remaining_minutes"] == total

    fill_and_submit(unit, worker_hanako)
    result = forecast(client_for, staff_a, scene)
    assert result["remaining_minutes"] == total - unit.estimated_minutes
    assert result["awaiting_review_minutes"] == unit.estimated_minutes


def test_expected_finish_is_the_day_the_hours_reach_the_work(
    scene, client_for, staff_a, worker_hanako
):
    declare(client_for, worker_hanako, weekly=[(2, "10:00", "12:00")])  # Wednesdays, 2 hours
    remaining = minutes_of(scene)
    wednesdays = math.ceil(remaining / 120)
    assert wednesdays >= 2

    result = forecast(client_for, staff_a, scene)

    assert result["status"] == "late"
    expected = date(2026, 12, 9) + timedelta(weeks=wednesdays - 1)
    assert result["expected_finish"] == expected.isoformat()
    # The chart runs to the expected finish; its planned line reaches the work that day.
    last = result["days"][-1]
    assert last["date"] == expected.isoformat()
    assert last["planned_minutes"] >= last["needed_minutes"] == remaining


def test_no_expected_finish_without_declared_hours(scene, client_for, staff_a):
    result = forecast(client_for, staff_a, scene)
    assert result["available_minutes"] == 0
    assert result["expected_finish"] is None
    assert result["status"] == "late"


def test_hours_are_shared_among_the_jobs_a_worker_may_take(
    scene, client_for, staff_a, worker_hanako
):
    declare(client_for, worker_hanako, weekly=[(d, "10:00", "12:00") for d in range(5)])
    assert forecast(client_for, staff_a, scene)["available_minutes"] == 600

    make_job(staff_a, items=10, deadline=DEADLINE)  # another job with open units

    assert forecast(client_for, staff_a, scene)["available_minutes"] == 300


def test_levels_decide_who_counts_and_which_jobs_share_her_hours(
    scene, client_for, staff_a, worker_hanako, worker_taro
):
    """Units get their required level from elsewhere (no service sets one yet): set here."""
    from koma.workforce.models import WorkerProfile

    declare(client_for, worker_hanako, weekly=[(d, "10:00", "12:00") for d in range(5)])
    declare(client_for, worker_taro, weekly=[(d, "10:00", "11:00") for d in range(5)])
    WorkerProfile.objects.filter(user=worker_taro).update(level=2)
    senior_job = make_job(staff_a, items=10, deadline=DEADLINE)
    Unit.objects.filter(job=senior_job).update(required_level=2)

    # hanako (level 1) may not take the senior job: her hours stay whole here; taro's halve.
    result = forecast(client_for, staff_a, scene)
    assert result["workers"] == 2
    assert result["available_minutes"] == 600 + 300 // 2

    # Units needing level 2: only taro counts, and both his jobs need level 2.
    Unit.objects.filter(job=scene).update(required_level=2)
    result = forecast(client_for, staff_a, scene)
    assert result["workers"] == 1
    assert result["available_minutes"] == 300 // 2


def test_the_series_shows_done_needed_and_planned_per_day(
    scene, client_for, staff_a, worker_hanako, coordinator
):
    from koma.quality.services import review_unit
    from tests.helpers import fill_and_submit

    Job.objects.filter(pk=scene.pk).update(published_at=at("2026-12-03T10:00:00+09:00"))
    declare(client_for, worker_hanako, weekly=WEEKDAYS_9_TO_5)
    from koma.quality.services import start_review
    from koma.units.services import claim_unit

    claimed, _ = claim_unit(worker=worker_hanako, now=at(NOW))  # inside Monday's 09:00–17:00
    unit = start_review(
        unit=fill_and_submit(claimed, worker_hanako), reviewer=coordinator, now=at(NOW)
    )
    review_unit(
        unit=unit, reviewer=coordinator, decision="accept", now=at("2026-12-05T08:30:00+09:00")
    )
    done = unit.estimated_minutes
    total = minutes_of(scene)
    remaining = total - done

    result = forecast(client_for, staff_a, scene)
    days = {d["date"]: d for d in result["days"]}

    assert list(days) == [f"2026-12-{d:02d}" for d in range(3, 12)]
    assert days["2026-12-04"] == {
        "date": "2026-12-04",
        "done_minutes": 0,
        "needed_minutes": None,
        "planned_minutes": None,
    }
    # Accepted at 08:30 in Japan, still the 4th in UTC: the day is Japan's.
    assert days["2026-12-05"]["done_minutes"] == done
    assert days["2026-12-07"]["done_minutes"] == done
    assert days["2026-12-08"]["done_minutes"] is None
    # The remaining work spread over the five days from today to the deadline.
    assert days["2026-12-07"]["needed_minutes"] == done + round(remaining / 5)
    assert days["2026-12-11"]["needed_minutes"] == total
    assert days["2026-12-07"]["planned_minutes"] == done + 480
    assert days["2026-12-11"]["planned_minutes"] == done + 2400
    assert (
        days["2026-12-11"]["planned_minutes"] - days["2026-12-11"]["needed_minutes"]
        == result["available_minutes"] - result["remaining_minutes"]
    )


def test_the_series_is_bounded(scene, settings, client_for, staff_a):
    Job.objects.filter(pk=scene.pk).update(
        published_at=at("2026-08-01T10:00:00+09:00"), deadline=date(2027, 6, 1)
    )
    days = forecast(client_for, staff_a, scene)["days"]
    assert len(days) == 60
    assert days[0]["date"] == "2026-12-07"  # today first: the future matters more


def test_no_forecast_before_the_split(staff_a, client_for, settings):
    settings.KOMA_FIXED_NOW = at(NOW)
    job = make_job(staff_a, items=3, publish=False, deadline=DEADLINE)
    assert forecast(client_for, staff_a, job) is None


def test_forecast_queries_do_not_grow_with_workers_or_jobs(
    scene, client_for, staff_a, worker_hanako, worker_taro, django_assert_num_queries
):
    """The same number of queries for 2 workers without windows and for 200 with a week."""
    from koma.accounts.models import User
    from koma.workforce.models import WeeklyWindow, WorkerProfile

    client = client_for(staff_a)
    url = f"/api/v1/jobs/{scene.pk}/progress"
    with django_assert_num_queries(FORECAST_QUERIES):
        first = client.get(url).json()["forecast"]
    assert first["workers"] == 2

    users = User.objects.bulk_create(User(username=f"w{i:03d}") for i in range(198))
    WorkerProfile.objects.bulk_create(WorkerProfile(user=u, level=1) for u in users)
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(worker=u, weekday=d, start_minute=600, end_minute=720)
        for u in users
        for d in range(5)
    )
    for _ in range(3):
        make_job(staff_a, items=10, deadline=DEADLINE)
    with django_assert_num_queries(FORECAST_QUERIES):
        many = client.get(url).json()["forecast"]
    assert many["workers"] == 200
    # 198 workers × 5 days × 2 h, shared with the three other jobs with open work.
    assert many["available_minutes"] == 198 * 5 * 120 // 4


# the session, the user with its roles, the job with its counters + the forecast: units, workers,
# their levels' caps, weekly windows, exceptions, other jobs' open work
# (tests/api/test_query_counts.py pins the same figure).
FORECAST_QUERIES = 10


def test_a_team_replaces_the_eligible_workers(
    scene, client_for, staff_a, coordinator, worker_hanako, worker_taro
):
    declare(client_for, worker_hanako, weekly=WEEKDAYS_9_TO_5)
    declare(client_for, worker_taro, weekly=WEEKDAYS_9_TO_5)
    assert forecast(client_for, staff_a, scene)["available_minutes"] == 2 * 2400
    team = {"members": [{"worker_id": worker_hanako.pk, "leader": True}]}
    response = client_for(coordinator).put(f"/api/v1/jobs/{scene.pk}/team", team, format="json")
    assert response.status_code == 200, response.json()
    # Only the team's hours count: hanako's Monday to Friday, 5 × 480.
    assert forecast(client_for, staff_a, scene)["available_minutes"] == 2400


def test_each_worker_counts_up_to_her_own_daily_cap(
    scene, settings, client_for, staff_a, coordinator, worker_hanako, worker_taro
):
    """A coordinator's per-worker daily cap (WorkerProfile.daily_cap_minutes) and a level's
    cap (LevelCaps) bound the minutes a worker gives per day, not the global default."""
    from koma.workforce.models import LevelCaps, WorkerProfile

    declare(client_for, worker_hanako, weekly=WEEKDAYS_9_TO_5)
    declare(client_for, worker_taro, weekly=WEEKDAYS_9_TO_5)
    assert forecast(client_for, staff_a, scene)["available_minutes"] == 2 * 2400

    response = client_for(coordinator).patch(
        f"/api/v1/workers/{worker_hanako.pk}", {"daily_cap_minutes": 120}, format="json"
    )
    assert response.status_code == 200, response.json()
    # hanako: 5 days × 2 h (her override); taro: 5 × 8 h (the default).
    assert forecast(client_for, staff_a, scene)["available_minutes"] == 5 * 120 + 2400

    taro_level = WorkerProfile.objects.get(user=worker_taro).level
    LevelCaps.objects.create(level=taro_level, daily_minutes=300, weekly_minutes=1500)
    hanako = WorkerProfile.objects.get(user=worker_hanako)
    assert hanako.daily_cap_minutes == 120  # her override wins over her level's row
    # taro now follows his level's 5 h a day.
    assert forecast(client_for, staff_a, scene)["available_minutes"] == 5 * 120 + 5 * 300
